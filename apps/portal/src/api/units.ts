import { defineQueryOptions, useMutation, useQueryCache } from "@pinia/colada";
import { auditKeys } from "./audit";
import { invalidate } from "./cache";
import { scoreKeys } from "./scores";
import { api, type Inputs, type Outputs } from "./trpc";
import { userKeys } from "./users";

/** The tribunals, in the court's order, with their head and overseeing leaders. */

export type Unit = Outputs["units"]["list"][number];

export const unitKeys = {
  all: ["units"] as const,
  list: () => [...unitKeys.all, "list"] as const,
};

export const unitQueries = {
  list: () => defineQueryOptions({ key: unitKeys.list(), query: () => api.units.list.query(), staleTime: 5 * 60_000 }),
};

/** Adds a tribunal or renames it (and adds leaders): its name shows in every score and account. */
export function useSaveUnit() {
  const cache = useQueryCache();
  return useMutation({
    mutation: (input: Inputs["units"]["save"]) => api.units.save.mutate(input),
    onSettled: () => invalidate(cache, unitKeys.all, userKeys.all, scoreKeys.all, auditKeys.all),
  });
}
