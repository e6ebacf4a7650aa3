import { defineQueryOptions, useMutation, useQueryCache } from "@pinia/colada";
import { auditKeys } from "./audit";
import { invalidate } from "./cache";
import { notificationKeys } from "./notifications";
import { api, type Inputs, type Outputs } from "./trpc";

/**
 * The quarterly summaries (季度总结): drafted by the engine, edited and published by stats once the
 * quarter's months are published; frozen, numbered and hashed like a notice, corrected as the next
 * revision. Publishing or correcting changes the list, the summary, the notifications and the log.
 */

export type SummaryDraft = Outputs["summaries"]["draft"];
export type Summary = Outputs["summaries"]["get"];
export type SummaryListItem = Outputs["summaries"]["list"][number];
export type SummaryFormat = "docx" | "xlsx" | "html";

export const summaryKeys = {
  all: ["summaries"] as const,
  list: (year: number | null) => [...summaryKeys.all, "list", year] as const,
  get: (quarter: string | null, revision: number | null) => [...summaryKeys.all, "get", quarter, revision] as const,
  draft: (quarter: string | null) => [...summaryKeys.all, "draft", quarter] as const,
};

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

/**
 * What a change refreshes; the refetches' own errors (a summary or evaluation not published yet, a
 * draft of one just published) belong to the pages that show those queries, not to the change.
 */
const refresh = (cache: ReturnType<typeof useQueryCache>) => invalidate(cache, ...everythingItChanges).catch(() => undefined);
const everythingItChanges = [summaryKeys.all, notificationKeys.all, auditKeys.all];

export function usePublishSummary() {
  const cache = useQueryCache();
  return useMutation({
    mutation: (input: Inputs["summaries"]["publish"]) => api.summaries.publish.mutate(input),
    onSettled: () => refresh(cache),
  });
}

export function useCorrectSummary() {
  const cache = useQueryCache();
  return useMutation({
    mutation: (input: Inputs["summaries"]["correct"]) => api.summaries.correct.mutate(input),
    onSettled: () => refresh(cache),
  });
}

/** The address of a summary's document: a published revision as frozen, or the draft (草稿). */
export function summaryFileUrl(quarter: string, format: SummaryFormat, opts: { revision?: number | null; draft?: boolean } = {}): string {
  const q = new URLSearchParams({ quarter, format });
  if (opts.revision) q.set("revision", String(opts.revision));
  if (opts.draft) q.set("draft", "true");
  return `/files/summary?${q.toString()}`;
}
