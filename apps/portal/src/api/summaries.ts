import { defineQueryOptions } from "@pinia/colada";
import { useApiMutation } from "./invalidation";
import { summaryKeys } from "./keys";
import { api, type Inputs, type Outputs } from "./trpc";

export { summaryKeys };

/**
 * The quarterly summaries (季度总结): drafted by the engine, edited and published by stats once the
 * quarter's months are published; frozen, numbered and hashed like a notice, corrected as the next
 * revision. Publishing or correcting changes the list, the summary, the notifications and the log.
 */

export type SummaryDraft = Outputs["summaries"]["draft"];
export type Summary = Outputs["summaries"]["get"];
export type SummaryListItem = Outputs["summaries"]["list"][number];
export type SummaryFormat = "docx" | "xlsx" | "html";

export const summaryQueries = {
  list: (year: number | null) => defineQueryOptions({ key: summaryKeys.list(year), query: () => api.summaries.list.query(year === null ? {} : { year }) }),
  get: (quarter: string | null, revision: number | null, enabled = true) =>
    defineQueryOptions({
      key: summaryKeys.get(quarter, revision),
      query: () => api.summaries.get.query(revision === null ? { quarter: quarter! } : { quarter: quarter!, revision }),
      enabled: enabled && quarter !== null,
    }),
  /** stats only: the summary as it would be published now, with why it cannot be yet */
  draft: (quarter: string | null, enabled = true) =>
    defineQueryOptions({ key: summaryKeys.draft(quarter), query: () => api.summaries.draft.query({ quarter: quarter! }), enabled: enabled && quarter !== null }),
};

export const usePublishSummary = () => useApiMutation("summaries.publish", (input: Inputs["summaries"]["publish"]) => api.summaries.publish.mutate(input));
export const useCorrectSummary = () => useApiMutation("summaries.correct", (input: Inputs["summaries"]["correct"]) => api.summaries.correct.mutate(input));

/** The address of a summary's document: a published revision as frozen, or the draft (草稿). */
export function summaryFileUrl(quarter: string, format: SummaryFormat, opts: { revision?: number | null; draft?: boolean } = {}): string {
  const q = new URLSearchParams({ quarter, format });
  if (opts.revision) q.set("revision", String(opts.revision));
  if (opts.draft) q.set("draft", "true");
  return `/files/summary?${q.toString()}`;
}
