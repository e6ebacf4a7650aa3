import { defineQueryOptions } from "@pinia/colada";
import { useApiMutation } from "./invalidation";
import { factKeys } from "./keys";
import { api, type Inputs, type Outputs } from "./trpc";

export { factKeys };

/**
 * A month's figures, one row per tribunal with its version. A save or an import changes the
 * month's facts, every score (any window may hold the month), the drafts and data checks that
 * read it, the list of months (a first row starts a month) and the audit log (invalidation.ts).
 */

export type FactsOfPeriod = Outputs["facts"]["get"];
export type FactRow = FactsOfPeriod["rows"][number];
export type SaveFactsInput = Inputs["facts"]["save"];

export const factQueries = {
  get: (period: string | null) =>
    defineQueryOptions({
      key: factKeys.get(period),
      query: () => api.facts.get.query({ period: period! }),
      enabled: period !== null,
    }),
};

/** Saves one tribunal's row from the version it started from; CONFLICT when someone saved in between. */
export function useSaveFacts() {
  return useApiMutation("facts.save", (input: SaveFactsInput) => api.facts.save.mutate(input));
}

/** Writes a previewed workbook (uploaded through /files, see files.ts). */
export function useCommitImport() {
  return useApiMutation("facts.importCommit", (input: Inputs["facts"]["importCommit"]) => api.facts.importCommit.mutate(input));
}
