/**
 * Documents rendered in the worker pool. A published revision's files are rendered once, at its
 * publication, and stored (publication/publish.ts); a draft is made once per data revision and
 * kept: kept by kind, subject, format and data revision, and by the day it is dated (Asia/Shanghai)
 * and the last audited change besides — a few things a draft shows (a summary's or an annual's
 * correction reason, an annual override, a user's name) do not move the data revision, but each is
 * audited. Requests for a draft being made wait for that one instead of starting another.
 */
import { pool } from "./pool";
import type { RenderFormat, RenderKind } from "./tasks";

/** A snapshot's document in one format, rendered in the pool. */
export function renderDocument(kind: RenderKind, snapshot: object, format: RenderFormat): Promise<Uint8Array> {
  return pool().run("render", { kind, snapshot, format });
}

export interface DraftKey {
  kind: RenderKind;
  subject: string;
  /** a document's format, or what else is kept of the draft (its snapshot) */
  format: RenderFormat | "snapshot";
  /** the data revision, the day and anything else the draft's content follows */
  stamp: string;
}

interface Kept {
  stamp: string;
  made: Promise<unknown>;
}

/** the latest draft of each kind, subject and format */
const drafts = new Map<string, Kept>();
const MAX_KEPT = 256;

/** Drafts made (not served from what was kept) and asked for, since start: for tests and the load test. */
export const draftStats = { rendered: 0, served: 0 };

/** The draft kept for `key`, else made (once, however many ask at once) and kept; a failure (a full queue) is not kept. */
export function keptDraft<T>(key: DraftKey, make: () => Promise<T>): Promise<T> {
  const id = `${key.kind}\u0000${key.subject}\u0000${key.format}`;
  const kept = drafts.get(id);
  draftStats.served++;
  if (kept && kept.stamp === key.stamp) return kept.made as Promise<T>;
  if (key.format !== "snapshot") draftStats.rendered++;
  const made = make();
  const entry: Kept = { stamp: key.stamp, made };
  drafts.delete(id);
  drafts.set(id, entry);
  if (drafts.size > MAX_KEPT) drafts.delete(drafts.keys().next().value!);
  made.catch(() => {
    if (drafts.get(id) === entry) drafts.delete(id);
  });
  return made;
}

/** Forgets every kept draft (tests). */
export function forgetDrafts(): void {
  drafts.clear();
  draftStats.rendered = 0;
  draftStats.served = 0;
}
