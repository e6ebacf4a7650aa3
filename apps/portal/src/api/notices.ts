import { defineQueryOptions } from "@pinia/colada";
import { useApiMutation } from "./invalidation";
import { noticeKeys } from "./keys";
import { api, type Inputs, type Outputs } from "./trpc";

export { noticeKeys };

/**
 * The monthly notices (月通报): frozen, numbered and hashed at publication; a correction issues the
 * next revision. Publishing or correcting changes the month's state, its scores (answered from the
 * notice), its facts' editability, the objections' page and everyone's notifications.
 */

export type NoticeDraft = Outputs["notices"]["draft"];
export type DataWarning = NoticeDraft["dataWarnings"][number];
export type Notice = Outputs["notices"]["get"];
export type NoticeRankRow = Notice["ranking"][number];
export type NoticeListItem = Outputs["notices"]["list"][number];
export type NoticeChange = NonNullable<Notice["correction"]>["changes"][number];
export type NoticeFormat = "docx" | "xlsx" | "html";

export const noticeQueries = {
  list: (year: number | null) =>
    defineQueryOptions({ key: noticeKeys.list(year), query: () => api.notices.list.query(year === null ? {} : { year }) }),
  get: (period: string | null, revision: number | null) =>
    defineQueryOptions({
      key: noticeKeys.get(period, revision),
      query: () => api.notices.get.query(revision === null ? { period: period! } : { period: period!, revision }),
      enabled: period !== null,
    }),
  /** stats only: the notice as it would be published now */
  draft: (period: string | null, enabled = true) =>
    defineQueryOptions({ key: noticeKeys.draft(period), query: () => api.notices.draft.query({ period: period! }), enabled: enabled && period !== null }),
};

export const usePublishNotice = () => useApiMutation("notices.publish", (input: Inputs["notices"]["publish"]) => api.notices.publish.mutate(input));
export const useCorrectNotice = () => useApiMutation("notices.correct", (input: Inputs["notices"]["correct"]) => api.notices.correct.mutate(input));

/** The address of a notice's document: a published revision as frozen, or the draft (草稿). */
export function noticeFileUrl(period: string, format: NoticeFormat, opts: { revision?: number | null; draft?: boolean } = {}): string {
  const q = new URLSearchParams({ period, format });
  if (opts.revision) q.set("revision", String(opts.revision));
  if (opts.draft) q.set("draft", "true");
  return `/files/notice?${q.toString()}`;
}
