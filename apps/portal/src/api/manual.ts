import { defineQueryOptions, useMutation, useQueryCache } from "@pinia/colada";
import { auditKeys } from "./audit";
import { invalidate, type Cache } from "./cache";
import { downloadFile, uploadFile } from "./files";
import { noticeKeys } from "./notices";
import { scoreKeys } from "./scores";
import { api, type Inputs, type Outputs } from "./trpc";

/**
 * Committee scores (评议打分, rulebook.md §9): one score with its reason per tribunal, manual
 * indicator and month, entered by 政治处 for unpublished months, by hand or from its own Excel
 * template. A write changes the month's entries, every score (any window may hold the month), the
 * notice as it would be published, and the audit log.
 */

export type ManualOfPeriod = Outputs["manual"]["get"];
export type ManualIndicator = ManualOfPeriod["indicators"][number];
export type ManualUnit = ManualOfPeriod["units"][number];
export type ManualEntry = ManualOfPeriod["rows"][number];
export type SaveManualInput = Inputs["manual"]["save"];
export type RemoveManualInput = Inputs["manual"]["remove"];
export type ManualImportResult = Outputs["manual"]["importFile"];

export const manualKeys = {
  all: ["manual"] as const,
  get: (period: string | null) => [...manualKeys.all, "get", period] as const,
};

export const manualQueries = {
  get: (period: string | null) =>
    defineQueryOptions({
      key: manualKeys.get(period),
      query: () => api.manual.get.query({ period: period! }),
      enabled: period !== null,
    }),
};

/** everything one month's committee scores change */
const changedBy = (cache: Cache, period: string) => invalidate(cache, manualKeys.get(period), scoreKeys.all, noticeKeys.draft(period), auditKeys.all);

/** Enters (or replaces) one committee score with its reason. */
export function useSaveManual() {
  const cache = useQueryCache();
  return useMutation({
    mutation: (input: SaveManualInput) => api.manual.save.mutate(input),
    onSettled: (_data, _error, input) => changedBy(cache, input.period),
  });
}

/** Removes one committee score. */
export function useRemoveManual() {
  const cache = useQueryCache();
  return useMutation({
    mutation: (input: RemoveManualInput) => api.manual.remove.mutate(input),
    onSettled: (_data, _error, input) => changedBy(cache, input.period),
  });
}

/** Saves the month's committee-scores template (the stored entries filled in) through the browser. */
export function downloadManualTemplate(period: string): Promise<void> {
  return downloadFile(`/files/manual-template?period=${encodeURIComponent(period)}`, `评议打分-${period}.xlsx`);
}

/**
 * Imports a filled-in template (or a CSV `period,unit,indicator,score,reason`), whole or not at
 * all; resolves once what it changed is refetched, or throws FileError listing every problem.
 */
export function useImportManual() {
  const cache = useQueryCache();
  return async (period: string, file: File, onProgress?: (fraction: number) => void): Promise<ManualImportResult> => {
    const result = await uploadFile<ManualImportResult>(`/files/manual-import?period=${encodeURIComponent(period)}`, file, onProgress);
    // a refused file wrote nothing; an imported one changed the month's entries and its scores
    await changedBy(cache, period).catch(() => undefined);
    return result;
  };
}
