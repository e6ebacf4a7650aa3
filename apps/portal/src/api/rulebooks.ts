import { defineQueryOptions } from "@pinia/colada";
import { api, type Outputs } from "./trpc";

/** The 考核办法: its versions, and the one in force for a month as the server decides it. */

export type RulebookVersion = Outputs["rulebooks"]["list"][number];
export type Rulebook = NonNullable<Outputs["rulebooks"]["inForce"]["rulebook"]>;
export type Field = Rulebook["fields"][number];
export type AdjustmentItem = Rulebook["adjustments"][number];

export const rulebookKeys = {
  all: ["rulebooks"] as const,
  list: () => [...rulebookKeys.all, "list"] as const,
  inForce: (period: string | null) => [...rulebookKeys.all, "inForce", period] as const,
};

export const rulebookQueries = {
  list: () => defineQueryOptions({ key: rulebookKeys.list(), query: () => api.rulebooks.list.query(), staleTime: 10 * 60_000 }),
  /** `rulebook` is null when no version is in force for the month */
  inForce: (period: string | null) =>
    defineQueryOptions({
      key: rulebookKeys.inForce(period),
      query: () => api.rulebooks.inForce.query({ period: period! }),
      enabled: period !== null,
      staleTime: 10 * 60_000,
    }),
};
