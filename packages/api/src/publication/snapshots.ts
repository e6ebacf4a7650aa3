/** Stored snapshots, checked as they come out of the database (their shape; the engine's parts are trusted as written). */
import { z } from "zod";
import type { StoredNotice } from "@scorecard/db";
import type { AnnualSnapshot, NoticeSnapshot, SummarySnapshot } from "@scorecard/documents";

/** Every snapshot: its revision, its number (null in a draft), its 情况分析 and the machine's draft of it. */
export interface Sealable {
  revision: number;
  number: string | null;
  commentary: string;
  /** the 情况分析 as the machine drafted it for these figures (kept so that a correction can mark what changed) */
  draftedCommentary?: string;
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

export function parseNotice(n: StoredNotice): NoticeSnapshot & Sealable {
  return NoticeShape.parse(JSON.parse(n.snapshot)) as unknown as NoticeSnapshot & Sealable;
}
export function parseSummary(n: StoredNotice): SummarySnapshot & Sealable {
  return SummaryShape.parse(JSON.parse(n.snapshot)) as unknown as SummarySnapshot & Sealable;
}
export function parseAnnual(n: StoredNotice): AnnualSnapshot & Sealable {
  return AnnualShape.parse(JSON.parse(n.snapshot)) as unknown as AnnualSnapshot & Sealable;
}

