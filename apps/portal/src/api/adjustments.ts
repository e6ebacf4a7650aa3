import { defineQueryOptions } from "@pinia/colada";
import { useApiMutation } from "./invalidation";
import { adjustmentKeys } from "./keys";
import { api, type Inputs, type Outputs } from "./trpc";

export { adjustmentKeys };

/** A month's bonus, penalty and veto records; adding or removing one rescores every window holding the month. */

export type Adjustment = Outputs["adjustments"]["list"][number];

export const adjustmentQueries = {
  list: (period: string | null) =>
    defineQueryOptions({
      key: adjustmentKeys.list(period),
      query: () => api.adjustments.list.query({ period: period! }),
      enabled: period !== null,
    }),
};

export function useAddAdjustment() {
  return useApiMutation("adjustments.add", (input: Inputs["adjustments"]["add"]) => api.adjustments.add.mutate(input));
}

/** `period` is the record's month, so only that month's list is refetched. */
export function useRemoveAdjustment() {
  return useApiMutation("adjustments.remove", (input: Inputs["adjustments"]["remove"] & { period: string }) => api.adjustments.remove.mutate({ id: input.id }));
}
