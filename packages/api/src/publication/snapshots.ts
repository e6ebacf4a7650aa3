/** Stored snapshots, checked as they come out of the database (their shape; the engine's parts are trusted as written). */
import { z } from "zod";
import { findNoticeHead, noticeSnapshot, type Database, type NoticeHead, type StoredNotice } from "@scorecard/db";
import type { Kysely } from "kysely";
import type { AnnualSnapshot, NoticeSnapshot, SummarySnapshot } from "@scorecard/documents";
import type { CourtProfile } from "@scorecard/rules";

/** Every snapshot: its revision, its number (null in a draft), its 情况分析 and the machine's draft of it. */
export interface Sealable {
  revision: number;
  number: string | null;
  commentary: string;
  /** the 情况分析 as the machine drafted it for these figures (kept so that a correction can mark what changed) */
  draftedCommentary?: string;
  /** the court's profile it was built with (its 文号代字 makes the number); absent in snapshots from before profiles */
  profile?: CourtProfile;
}

const NoticeShape = z.looseObject({
  format: z.literal("scorecard-notice/1"),
  period: z.string(),
  revision: z.number().int().min(1),
  number: z.string().nullable(),
  result: z.looseObject({ units: z.array(z.looseObject({ unit: z.string() })) }),
});
const SummaryShape = z.looseObject({ format: z.literal("scorecard-summary/1"), quarter: z.string(), revision: z.number().int().min(1) });
const AnnualShape = z.looseObject({ format: z.literal("scorecard-annual/1"), year: z.number().int(), revision: z.number().int().min(1) });

/**
 * A published revision never changes (its hash seals it), so its parsed snapshot is kept: the
 * readers of a month's notice, its ranking and its tribunal pages parse it once, not per request.
 * Kept deeply frozen — a caller that would change it throws instead of changing everyone's copy.
 */
const parsed = new Map<string, unknown>();
const PARSED_KEPT = 256;
const keyOf = (n: NoticeHead) => `${n.id}\u0000${n.hash}`;
function parsedOnce<T>(n: StoredNotice, shape: z.ZodType): T {
  const key = keyOf(n);
  let v = parsed.get(key);
  if (v === undefined) {
    v = deepFreeze(shape.parse(JSON.parse(n.snapshot)));
    if (parsed.size >= PARSED_KEPT) parsed.delete(parsed.keys().next().value as string);
  } else parsed.delete(key); // most recently used last
  parsed.set(key, v);
  return v as T;
}
function deepFreeze<T>(v: T): T {
  if (typeof v === "object" && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

export function parseNotice(n: StoredNotice): NoticeSnapshot & Sealable {
  return parsedOnce(n, NoticeShape);
}
export function parseSummary(n: StoredNotice): SummarySnapshot & Sealable {
  return parsedOnce(n, SummaryShape);
}
export function parseAnnual(n: StoredNotice): AnnualSnapshot & Sealable {
  return parsedOnce(n, AnnualShape);
}

/**
 * A published revision (the latest unless one is asked for) and its parsed snapshot, the snapshot's
 * text read from the database only when it is not already parsed.
 */
export async function readPublished<S>(db: Kysely<Database>, kind: { name: string; parse: (n: StoredNotice) => S }, subject: string, revision?: number): Promise<{ head: NoticeHead; snapshot: S } | undefined> {
  const head = await findNoticeHead(db, kind.name, subject, revision);
  if (!head) return undefined;
  const cached = parsed.get(keyOf(head));
  // parsed already: `parse` answers from the cache (synchronously, so nothing evicts it meanwhile)
  if (cached !== undefined) return { head, snapshot: kind.parse({ ...head, snapshot: "" }) };
  const text = await noticeSnapshot(db, head.id);
  if (text === undefined) return undefined;
  return { head, snapshot: kind.parse({ ...head, snapshot: text }) };
}
