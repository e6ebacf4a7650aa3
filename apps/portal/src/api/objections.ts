import { defineQueryOptions } from "@pinia/colada";
import { useApiMutation } from "./invalidation";
import { objectionKeys } from "./keys";
import { api, type Inputs, type Outputs } from "./trpc";

export { objectionKeys };

/** Objections (提出异议) of a month: a head raises them on their own tribunal in review; stats accepts or rejects with a reason. */

export type Objection = Outputs["objections"]["list"][number];
export type ObjectionStatus = Objection["status"];

export const OBJECTION_LABELS: Record<ObjectionStatus, string> = { open: "待处理", accepted: "已采纳", rejected: "已驳回" };
export const OBJECTION_TYPES = { open: "warning", accepted: "success", rejected: "info" } as const;

export const objectionQueries = {
  list: (period: string | null) =>
    defineQueryOptions({
      key: objectionKeys.list(period),
      query: () => api.objections.list.query({ period: period! }),
      enabled: period !== null,
    }),
};

export const useRaiseObjection = () => useApiMutation("objections.raise", (input: Inputs["objections"]["raise"]) => api.objections.raise.mutate(input));

/** `period` is the objection's month, so its list is refetched (and the publish page's refusal). */
export const useResolveObjection = () =>
  useApiMutation("objections.resolve", (input: Inputs["objections"]["resolve"] & { period: string }) =>
    api.objections.resolve.mutate({ id: input.id, decision: input.decision, reply: input.reply }),
  );
