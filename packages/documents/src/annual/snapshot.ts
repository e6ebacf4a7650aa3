/**
 * The annual evaluation (年度考核, rulebook.md §7) as one frozen model: every document of a
 * revision is rendered from an `AnnualSnapshot` alone; plain JSON, hashed with snapshotHash.
 */
import type { CourtProfile, Period, Rulebook } from "@scorecard/rules";
import type { AnnualResult, DataIndex, DataSet, TalkReason } from "@scorecard/scoring";

export const ANNUAL_FORMAT = "scorecard-annual/1";

/** HR's change of one tribunal's grade, with its written reason (product.md "Quarterly and annual"). */
export interface GradeOverride {
  unit: string;
  /** the engine's grade (null: none) */
  from: string | null;
  to: string;
  reason: string;
  by: { username: string; name: string };
  /** ISO-8601 */
  at: string;
}

/** One thing a correction of the evaluation changed. */
export interface AnnualChange {
  unit: string;
  what: "rank" | "total" | "grade";
  /** a rank or total, a grade key; null for none */
  before: number | string | null;
  after: number | string | null;
}

/** Everything an annual evaluation froze. */
export interface AnnualSnapshot {
  format: "scorecard-annual/1";
  year: number;
  revision: number;
  /** null for a draft (草稿) and always for a provisional evaluation (预估) */
  number: string | null;
  court: string;
  /** the court's profile when it was built (its 版头, 版记 and words); absent in snapshots from before profiles: the demo court's */
  profile?: CourtProfile;
  /** the version the evaluation takes its rules from (in force at result.asOf), whole */
  rulebook: Rulebook;
  units: Array<{ key: string; name: string }>;
  /** evaluateYear, as the engine gave it (grades before HR's overrides) */
  result: AnnualResult;
  /** December has no figures: a draft only, marked 预估 (= result.provisional) */
  provisional: boolean;
  /** each tribunal's grade after HR's overrides (the engine's where none) */
  grades: Record<string, string | null>;
  /** HR's overrides, each shown beside the quota arithmetic */
  overrides: GradeOverride[];
  /** each reward (先进法庭) with the tribunals given it, in rank order */
  rewards: Array<{ key: string; name: string; topRanks: number; units: string[] }>;
  /** 末位约谈: each tribunal marked, why, and the months it was last in */
  talks: Array<{ unit: string; reasons: TalkReason[]; monthsLast: Period[] }>;
  /** the year's vetoes: the tribunal, the veto item (its name in that month's version) and the month */
  vetoes: Array<{ unit: string; item: string; name: string; period: Period }>;
  /** the grade a vetoed tribunal cannot be above; null without one */
  cap: { grade: string; name: string } | null;
  commentary: string;
  issuedBy: { username: string; name: string } | null;
  issuedAt: string;
  correction: { reason: string; of: number; ofNumber: string | null; changes: AnnualChange[] } | null;
}

/** What `buildAnnualSnapshot` takes. */
export interface AnnualInput {
  rulebooks: readonly Rulebook[];
  data: DataSet | DataIndex;
  year: number;
  units: Array<{ key: string; name: string }>;
  court?: string;
  /** the court's profile now (absent: the demo court's) */
  profile?: CourtProfile;
  revision: number;
  number: string | null;
  /** HR's overrides; `from` is the engine's grade */
  overrides?: Array<Omit<GradeOverride, "from">>;
  commentary?: string;
  issuedBy: { username: string; name: string } | null;
  issuedAt: string;
  correction?: { reason: string; of: AnnualSnapshot };
}
