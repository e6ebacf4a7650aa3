import { defineQueryOptions, useMutation, useQueryCache } from "@pinia/colada";
import { auditKeys } from "./audit";
import { invalidate } from "./cache";
import { factKeys } from "./facts";
import { scoreKeys } from "./scores";
import { api, type Inputs, type Outputs } from "./trpc";

/** The months that have figures or a state (collecting, review, published), newest first. */

export type PeriodState = Outputs["periods"]["list"][number];
export type PeriodStatus = PeriodState["status"];

export const periodKeys = {
  all: ["periods"] as const,
  list: () => [...periodKeys.all, "list"] as const,
};

export const periodQueries = {
  list: () => defineQueryOptions({ key: periodKeys.list(), query: () => api.periods.list.query() }),
};

/** Opening review lets heads see their draft and object; they are notified. */
export function useOpenReview() {
  const cache = useQueryCache();
  return useMutation({
    mutation: (input: Inputs["periods"]["openReview"]) => api.periods.openReview.mutate(input),
    onSettled: () => invalidate(cache, periodKeys.all, scoreKeys.all, factKeys.all, ["notices"], ["notifications"], auditKeys.all),
  });
}

/** Ends review without publishing (back to collecting, or to the correction under way). */
export function useReopenPeriod() {
  const cache = useQueryCache();
  return useMutation({
    mutation: (input: Inputs["periods"]["reopen"]) => api.periods.reopen.mutate(input),
    onSettled: () => invalidate(cache, periodKeys.all, scoreKeys.all, factKeys.all, ["notices"], auditKeys.all),
  });
}
