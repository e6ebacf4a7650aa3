import { defineQueryOptions, useMutation, useQueryCache } from "@pinia/colada";
import { auditKeys } from "./audit";
import { invalidate } from "./cache";
import { scoreKeys } from "./scores";
import { api, type Inputs, type Outputs } from "./trpc";

/** A month's bonus, penalty and veto records; adding or removing one rescores every window holding the month. */

export type Adjustment = Outputs["adjustments"]["list"][number];

export const adjustmentKeys = {
  all: ["adjustments"] as const,
  list: (period: string | null) => [...adjustmentKeys.all, "list", period] as const,
};

export const adjustmentQueries = {
  list: (period: string | null) =>
    defineQueryOptions({
      key: adjustmentKeys.list(period),
      query: () => api.adjustments.list.query({ period: period! }),
      enabled: period !== null,
    }),
};

export function useAddAdjustment() {
  const cache = useQueryCache();
  return useMutation({
    mutation: (input: Inputs["adjustments"]["add"]) => api.adjustments.add.mutate(input),
    onSettled: (_data, _error, input) => invalidate(cache, adjustmentKeys.list(input.period), scoreKeys.all, auditKeys.all),
  });
}

/** `period` is the record's month, so only that month's list is refetched. */
export function useRemoveAdjustment() {
  const cache = useQueryCache();
  return useMutation({
    mutation: (input: Inputs["adjustments"]["remove"] & { period: string }) => api.adjustments.remove.mutate({ id: input.id }),
    onSettled: (_data, _error, input) => invalidate(cache, adjustmentKeys.list(input.period), scoreKeys.all, auditKeys.all),
  });
}
