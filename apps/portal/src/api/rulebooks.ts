import { defineQueryOptions } from "@pinia/colada";
import { useApiMutation } from "./invalidation";
import { rulebookKeys } from "./keys";
import { api, type Inputs, type Outputs } from "./trpc";

export { rulebookKeys };

/**
 * The 考核办法: its versions, the one in force for a month as the server decides it, and the
 * studio's drafts (政治处 creates, saves, deletes and activates them).
 */

export type RulebookVersion = Outputs["rulebooks"]["list"][number];
export type Rulebook = NonNullable<Outputs["rulebooks"]["inForce"]["rulebook"]>;
export type Field = Rulebook["fields"][number];
export type AdjustmentItem = Rulebook["adjustments"][number];
/** a year's versions in force and figures, for the studio's replay and sensitivity (hr) */
export type WhatIfData = Outputs["rulebooks"]["whatIfData"];
/** one stored version: its meta (status, effectiveFrom, updatedAt …) and its validated body */
export type StoredRulebook = Outputs["rulebooks"]["get"];
export type SaveDraftInput = Inputs["rulebooks"]["saveDraft"];
export type ActivateInput = Inputs["rulebooks"]["activate"];

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
  /** one stored version with its body ({ meta, rulebook }); null: none chosen */
  get: (id: string | null) => defineQueryOptions({ key: rulebookKeys.detail(id), query: () => api.rulebooks.get.query({ id: id! }), enabled: id !== null }),
  /** the year's data for the studio's what-if worker (replay, sensitivity); null: none chosen */
  whatIfData: (year: number | null) =>
    defineQueryOptions({ key: rulebookKeys.whatIfData(year), query: () => api.rulebooks.whatIfData.query({ year: year! }), enabled: year !== null, staleTime: 60_000 }),
};

/** Stores a new draft (validated whole on the server); a new version in the list and the audit log. */
export const useCreateDraft = () => useApiMutation("rulebooks.createDraft", (input: Inputs["rulebooks"]["createDraft"]) => api.rulebooks.createDraft.mutate(input));

/** A new draft copied from a stored version under a new label (and its own first month, when not given). */
export const useCreateDraftFrom = () =>
  useApiMutation(
    "rulebooks.createDraft",
    async (input: { from: string; version: string; effectiveFrom?: string }) => {
      const { rulebook } = await api.rulebooks.get.query({ id: input.from });
      return api.rulebooks.createDraft.mutate({ rulebook: { ...rulebook, version: input.version, ...(input.effectiveFrom ? { effectiveFrom: input.effectiveFrom } : {}) } });
    },
    () => ({}) as Inputs["rulebooks"]["createDraft"], // what a new draft changes does not depend on its body
  );

/**
 * Replaces a draft's body; `expectedAt` is the `updatedAt` the editor loaded (CONFLICT when
 * someone saved in between). A draft scores nothing: only the draft itself and the list change.
 */
export const useSaveDraft = () => useApiMutation("rulebooks.saveDraft", (input: SaveDraftInput) => api.rulebooks.saveDraft.mutate(input));

/** Deletes a draft (never an active version); its cached body is forgotten. */
export const useRemoveDraft = () => useApiMutation("rulebooks.removeDraft", (input: Inputs["rulebooks"]["removeDraft"]) => api.rulebooks.removeDraft.mutate(input));

/**
 * Activates a draft from its first month: from then on the version in force changes, and with it
 * every unpublished score, draft notice, summary and annual evaluation, the committee indicators,
 * the data checks of entry and import, and the year's what-if data.
 */
export const useActivateDraft = () => useApiMutation("rulebooks.activate", (input: ActivateInput) => api.rulebooks.activate.mutate(input));
