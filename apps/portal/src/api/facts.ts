import { defineQueryOptions, useMutation, useQueryCache } from "@pinia/colada";
import { auditKeys } from "./audit";
import { invalidate } from "./cache";
import { periodKeys } from "./periods";
import { scoreKeys } from "./scores";
import { api, type Inputs, type Outputs } from "./trpc";

/**
 * A month's figures, one row per tribunal with its version. A save or an import changes the
 * month's facts, every score (any window may hold the month), the list of months (a first row
 * starts a month) and the audit log.
 */

export type FactsOfPeriod = Outputs["facts"]["get"];
export type FactRow = FactsOfPeriod["rows"][number];
export type SaveFactsInput = Inputs["facts"]["save"];

export const factKeys = {
  all: ["facts"] as const,
  get: (period: string | null) => [...factKeys.all, "get", period] as const,
};

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
  const cache = useQueryCache();
  return useMutation({
    mutation: (input: SaveFactsInput) => api.facts.save.mutate(input),
    onSettled: (_data, _error, input) => invalidate(cache, factKeys.get(input.period), scoreKeys.all, periodKeys.all, auditKeys.all),
  });
}

/** Writes a previewed workbook (uploaded through /files, see files.ts). */
export function useCommitImport() {
  const cache = useQueryCache();
  return useMutation({
    mutation: (input: Inputs["facts"]["importCommit"]) => api.facts.importCommit.mutate(input),
    // the preview names its month; a refused commit may still mean the month moved on
    onSettled: (data) => invalidate(cache, data ? factKeys.get(data.period) : factKeys.all, scoreKeys.all, periodKeys.all, auditKeys.all),
  });
}
