import { defineQueryOptions } from "@pinia/colada";
import { useApiMutation } from "./invalidation";
import { periodKeys } from "./keys";
import { api, type Inputs, type Outputs } from "./trpc";

export { periodKeys };

/** The months that have figures or a state (collecting, review, published), newest first. */

export type PeriodState = Outputs["periods"]["list"][number];
export type PeriodStatus = PeriodState["status"];

export const periodQueries = {
  list: () => defineQueryOptions({ key: periodKeys.list(), query: () => api.periods.list.query() }),
};

/** Opening review lets heads see their draft and object; they are notified. */
export const useOpenReview = () => useApiMutation("periods.openReview", (input: Inputs["periods"]["openReview"]) => api.periods.openReview.mutate(input));

/** Ends review without publishing (back to collecting, or to the correction under way). */
export const useReopenPeriod = () => useApiMutation("periods.reopen", (input: Inputs["periods"]["reopen"]) => api.periods.reopen.mutate(input));
