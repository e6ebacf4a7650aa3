import { useMutation, useQueryCache, type EntryKey } from "@pinia/colada";
import type { AppRouter } from "@scorecard/api";
import { forgetAll, type Cache } from "./cache";
import {
  adjustmentKeys,
  annualKeys,
  auditKeys,
  courtKeys,
  factKeys,
  manualKeys,
  noticeKeys,
  notificationKeys,
  objectionKeys,
  periodKeys,
  rulebookKeys,
  scoreKeys,
  summaryKeys,
  supervisionKeys,
  unitKeys,
  userKeys,
} from "./keys";
import type { Inputs, Outputs } from "./trpc";

/**
 * What each mutation changes, as the query keys the portal reads it under: the one place that
 * says it. Every mutation of `src/api` refreshes from here after it settles (succeeded or
 * refused: a refusal may mean the record moved on), and so do the uploads that reach a mutation
 * through /files. `invalidation.test.ts` walks every mutation of the API and fails on one missing.
 */

type Record_ = AppRouter["_def"]["record"];
/** "facts.save", "notices.publish", … : every mutation procedure of the API */
export type MutationPath = {
  [R in keyof Record_ & string]: {
    [P in keyof Record_[R] & string]: Record_[R][P] extends { _def: { type: "mutation" } } ? `${R}.${P}` : never;
  }[keyof Record_[R] & string];
}[keyof Record_ & string];

type Split<M extends string> = M extends `${infer R}.${infer P}` ? [R, P] : never;
export type InputOf<M extends MutationPath> = Split<M> extends [infer R extends keyof Inputs, infer P extends keyof Inputs[Split<M>[0]]] ? Inputs[R][P] : never;
export type OutputOf<M extends MutationPath> = Split<M> extends [infer R extends keyof Outputs, infer P extends keyof Outputs[Split<M>[0]]] ? Outputs[R][P] : never;

/** What a mutation changes: the keys to refetch, and the keys whose answer is gone for good. */
export type Changes = { refresh: readonly EntryKey[]; forget?: readonly EntryKey[] } | "everything";

/**
 * One entry per mutation: from its input (and its answer, when it succeeded), what it changed.
 * A few inputs carry the record's month beside the procedure's own input (`period`), so that only
 * that month's list is refetched.
 */
type Entry<M extends MutationPath> = (input: InputFor<M>, output: OutputOf<M> | undefined) => Changes;
/** the uploads reach their procedure through /files with the file's bytes; the portal knows their month */
type UploadPath = "facts.importPreview" | "manual.importFile";
export type InputFor<M extends MutationPath> = M extends UploadPath
  ? { period: string }
  : M extends "adjustments.remove" | "objections.resolve"
    ? InputOf<M> & { period: string }
    : InputOf<M>;

/**
 * Everything computed live from the months' figures: every window may hold a changed month, a
 * month's figures feed the later months' 年初至当月累计, 较上月 and data checks (the outliers look
 * at the previous six months), the quarter's and year's drafts and the studio's what-if data.
 */
const liveFigures = [
  scoreKeys.all,
  factKeys.all, // each month's data warnings
  noticeKeys.drafts(),
  summaryKeys.drafts(),
  annualKeys.computed(),
  rulebookKeys.whatIfAll(),
] as const;

/** a write of one month's figures (facts, adjustments, committee scores): its own list, the live figures, the months (a first write starts one), the log */
const monthWrite = (own: EntryKey): Changes => ({ refresh: [own, ...liveFigures, periodKeys.all, auditKeys.all] });

/**
 * A month's state changing (review opened or ended, a notice published or corrected): whether
 * its figures may be written, who sees its draft, what the published scores answer with, the
 * objections, the marks 需更正 on later notices, summaries and annual evaluations, and whom it
 * notified.
 */
const monthState: Changes = {
  refresh: [
    periodKeys.all,
    noticeKeys.all,
    summaryKeys.all,
    annualKeys.all,
    ...liveFigures,
    adjustmentKeys.all,
    manualKeys.all,
    objectionKeys.all,
    rulebookKeys.list(), // the studio's first month offered for activation follows the last published month
    notificationKeys.all,
    auditKeys.all,
  ],
};

/** a tribunal's name, head or leaders: every page naming tribunals, and what leaders may see */
const tribunals: Changes = { refresh: [unitKeys.all, userKeys.all, supervisionKeys.all, adjustmentKeys.all, manualKeys.all, objectionKeys.all, ...liveFigures, auditKeys.all] };

const supervision = (...more: EntryKey[]): Changes => ({ refresh: [supervisionKeys.all, notificationKeys.all, auditKeys.all, ...more] });

export const changes: { [M in MutationPath]: Entry<M> } = {
  // a session changes who is asking: nothing shown to the last user may be shown to the next
  "auth.login": () => "everything",
  "auth.logout": () => "everything",

  // the court's name and words on every page, and the drafts (their 版头, 版记, words and the number they would take); published revisions keep theirs
  "court.updateProfile": () => ({ refresh: [courtKeys.all, noticeKeys.drafts(), summaryKeys.drafts(), annualKeys.computed(), auditKeys.all] }),

  "units.save": () => tribunals,
  "users.create": () => tribunals,
  "users.update": () => ({ refresh: [userKeys.all, unitKeys.all, auditKeys.all] }),
  "assignments.set": () => tribunals,

  // a draft scores nothing: only the draft itself and the list of versions
  "rulebooks.createDraft": () => ({ refresh: [rulebookKeys.list(), auditKeys.all] }),
  "rulebooks.saveDraft": (input) => ({ refresh: [rulebookKeys.detail(input.id), rulebookKeys.list(), auditKeys.all] }),
  "rulebooks.removeDraft": (input) => ({ refresh: [rulebookKeys.list(), auditKeys.all], forget: [rulebookKeys.detail(input.id)] }),
  // the version in force changes from its first month: every unpublished score and draft, the committee indicators, the data checks
  "rulebooks.activate": () => ({
    refresh: [rulebookKeys.all, ...liveFigures, noticeKeys.all, summaryKeys.all, annualKeys.all, manualKeys.all, adjustmentKeys.all, auditKeys.all],
  }),

  "periods.openReview": () => monthState,
  "periods.reopen": () => monthState,

  "facts.save": (input) => monthWrite(factKeys.get(input.period)),
  // a preview only keeps the file as a pending import: nothing anyone reads changes until it is committed
  "facts.importPreview": () => ({ refresh: [] }),
  "facts.importCommit": (_input, output) => monthWrite(output ? factKeys.get(output.period) : factKeys.all),

  "adjustments.add": (input) => monthWrite(adjustmentKeys.list(input.period)),
  "adjustments.remove": (input) => monthWrite(adjustmentKeys.list(input.period)),

  "manual.save": (input) => monthWrite(manualKeys.get(input.period)),
  "manual.remove": (input) => monthWrite(manualKeys.get(input.period)),
  "manual.importFile": (input) => monthWrite(manualKeys.get(input.period)),

  // an open objection holds the month's publication back (the draft says why)
  "objections.raise": (input) => ({ refresh: [objectionKeys.list(input.period), noticeKeys.draft(input.period), notificationKeys.all, auditKeys.all] }),
  "objections.resolve": (input) => ({ refresh: [objectionKeys.list(input.period), noticeKeys.draft(input.period), notificationKeys.all, auditKeys.all] }),

  "notices.publish": () => monthState,
  "notices.correct": () => monthState,

  // a summary's publication (or correction) clears or sets its own mark, and notifies
  "summaries.publish": () => ({ refresh: [summaryKeys.all, notificationKeys.all, auditKeys.all] }),
  "summaries.correct": () => ({ refresh: [summaryKeys.all, notificationKeys.all, auditKeys.all] }),

  "annual.override": () => ({ refresh: [annualKeys.all, auditKeys.all] }),
  "annual.publish": () => ({ refresh: [annualKeys.all, notificationKeys.all, auditKeys.all] }),
  "annual.correct": () => ({ refresh: [annualKeys.all, notificationKeys.all, auditKeys.all] }),

  "notifications.markRead": () => ({ refresh: [notificationKeys.all] }),

  "supervision.issue": () => supervision(),
  "supervision.respond": () => supervision(),
  "supervision.close": () => supervision(),
  "supervision.return": () => supervision(),
  // an accepted suggestion records a penalty in its month
  "supervision.acceptSuggestion": () => supervision(adjustmentKeys.all, ...liveFigures, periodKeys.all),
  "supervision.dismissSuggestion": () => supervision(),
};

/** The keys a mutation changed, from the map (exported for the tests and the upload paths). */
export function changesOf<M extends MutationPath>(mutation: M, input: InputFor<M>, output?: OutputOf<M>): Changes {
  return (changes[mutation] as Entry<M>)(input, output);
}

/**
 * Refreshes what `mutation` changed: marks every query under each key stale and refetches those on
 * screen; resolves once they are back, so the caller sees fresh figures when it goes on. A
 * refetch's own error (a draft of a summary just published, a month no longer in review) belongs
 * to the page showing that query, not to the change.
 */
export async function refreshAfter<M extends MutationPath>(cache: Cache, mutation: M, input: InputFor<M>, output?: OutputOf<M>): Promise<void> {
  const c = changesOf(mutation, input, output);
  if (c === "everything") return forgetAll(cache);
  for (const key of c.forget ?? []) for (const entry of cache.getEntries({ key, exact: true })) cache.remove(entry);
  await Promise.all(c.refresh.map((key) => cache.invalidateQueries({ key }).catch(() => undefined)));
}

/**
 * A mutation of the API as a page uses it: `mutation` calls the procedure `path` and, once it
 * settles, what the map says it changed is refreshed. `inputOf` says what the map reads when the
 * hook takes a different input than the procedure (none of the map's entries reads more than the
 * month or the record's id).
 */
export function useApiMutation<M extends MutationPath, I = InputFor<M>>(path: M, mutation: (input: I) => Promise<OutputOf<M>>, inputOf?: (input: I) => InputFor<M>) {
  const cache = useQueryCache();
  return useMutation({
    mutation,
    onSettled: (data: OutputOf<M> | undefined, _error: unknown, input: I) => refreshAfter(cache, path, inputOf ? inputOf(input) : (input as unknown as InputFor<M>), data),
  });
}
