import { defineQueryOptions, useQueryCache } from "@pinia/colada";
import { downloadFile, uploadFile } from "./files";
import { refreshAfter, useApiMutation } from "./invalidation";
import { manualKeys } from "./keys";
import { api, type Inputs, type Outputs } from "./trpc";

export { manualKeys };

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

export const manualQueries = {
  get: (period: string | null) =>
    defineQueryOptions({
      key: manualKeys.get(period),
      query: () => api.manual.get.query({ period: period! }),
      enabled: period !== null,
    }),
};

/** Enters (or replaces) one committee score with its reason. */
export const useSaveManual = () => useApiMutation("manual.save", (input: SaveManualInput) => api.manual.save.mutate(input));

/** Removes one committee score. */
export const useRemoveManual = () => useApiMutation("manual.remove", (input: RemoveManualInput) => api.manual.remove.mutate(input));

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
    try {
      const result = await uploadFile<ManualImportResult>(`/files/manual-import?period=${encodeURIComponent(period)}`, file, onProgress);
      await refreshAfter(cache, "manual.importFile", { period }, result);
      return result;
    } catch (e) {
      // a refused file wrote nothing, but the refusal may mean the month moved on (published meanwhile)
      await refreshAfter(cache, "manual.importFile", { period });
      throw e;
    }
  };
}
