import { defineQueryOptions } from "@pinia/colada";
import { useApiMutation } from "./invalidation";
import { supervisionKeys } from "./keys";
import { api, type Inputs, type Outputs } from "./trpc";

export { supervisionKeys };

/** Supervision (督办): a leader's instructions to the tribunals they oversee, the head's answers, and the penalty offered to stats for an overdue one. */

export type SupervisionItem = Outputs["supervision"]["list"][number];
export type SupervisionStatus = SupervisionItem["status"];
export type SupervisionStep = SupervisionItem["history"][number]["kind"];
export type Suggestion = NonNullable<SupervisionItem["suggestion"]>;

export const SUPERVISION_LABELS: Record<SupervisionStatus, string> = { issued: "待答复", answered: "待审阅", returned: "已退回", closed: "已办结" };
export const SUPERVISION_TYPES = { issued: "warning", answered: "primary", returned: "danger", closed: "success" } as const;
export const STEP_LABELS: Record<SupervisionStep, string> = { issued: "下发督办", answered: "答复整改措施", returned: "退回", closed: "办结" };
export const SUGGESTION_LABELS: Record<Suggestion["state"], string> = { pending: "待统计员处理", accepted: "已采纳", dismissed: "不予采纳", unavailable: "无可用扣分项目" };

export const supervisionQueries = {
  list: () => defineQueryOptions({ key: supervisionKeys.list(), query: () => api.supervision.list.query({}) }),
};

export const useIssueSupervision = () => useApiMutation("supervision.issue", (input: Inputs["supervision"]["issue"]) => api.supervision.issue.mutate(input));
export const useRespondSupervision = () => useApiMutation("supervision.respond", (input: Inputs["supervision"]["respond"]) => api.supervision.respond.mutate(input));
export const useCloseSupervision = () => useApiMutation("supervision.close", (input: Inputs["supervision"]["close"]) => api.supervision.close.mutate(input));
export const useReturnSupervision = () => useApiMutation("supervision.return", (input: Inputs["supervision"]["return"]) => api.supervision.return.mutate(input));
export const useAcceptSuggestion = () =>
  useApiMutation("supervision.acceptSuggestion", (input: Inputs["supervision"]["acceptSuggestion"]) => api.supervision.acceptSuggestion.mutate(input));
export const useDismissSuggestion = () =>
  useApiMutation("supervision.dismissSuggestion", (input: Inputs["supervision"]["dismissSuggestion"]) => api.supervision.dismissSuggestion.mutate(input));
