/**
 * The quarterly summary (季度总结, product.md "Quarterly and annual") as one frozen model: every
 * document of a revision is rendered from a `SummarySnapshot` alone; plain JSON, stored, hashed
 * (snapshotHash) and parsed back unchanged, as a notice's.
 */
import type { CourtProfile, Period, Quarter, Rulebook } from "@scorecard/rules";
import type { DataIndex, DataSet, PeriodResult, Warning } from "@scorecard/scoring";
import type { NoticeSnapshot } from "../notice/snapshot";

export const SUMMARY_FORMAT = "scorecard-summary/1";

/** A climb or a fall between the quarter's first and last month, every tied tribunal named. */
export interface SummaryMove {
  units: string[];
  /** places (always positive) */
  places: number;
}

/** The biggest climb and fall of a quarter; with groups, each group's. */
export interface SummaryMovers {
  climb: SummaryMove | null;
  fall: SummaryMove | null;
  /** present only when the rulebook has groups */
  groups?: Array<{ group: string; climb: SummaryMove | null; fall: SummaryMove | null }>;
}

/** Everything a quarterly summary froze: every document of a revision is rendered from this alone. */
export interface SummarySnapshot {
  format: "scorecard-summary/1";
  quarter: Quarter;
  /** 1 for the first publication, n+1 for a correction */
  revision: number;
  /** "开法考〔2023〕5号"; null for a draft (草稿) */
  number: string | null;
  court: string;
  /** the court's profile when it was built (its 版头, 版记 and words); absent in snapshots from before profiles: the demo court's */
  profile?: CourtProfile;
  /** the version in force at the quarter's last month, whole */
  rulebook: Rulebook;
  /** the court's tribunals in court order */
  units: Array<{ key: string; name: string }>;
  /** the quarter's window: scorePeriod with window "quarter" at its last month, with explanations */
  result: PeriodResult;
  /** the year to date at the quarter's end: scorePeriod with window "ytd" at its last month */
  ytd: PeriodResult;
  /** the quarter's three months */
  months: Period[];
  /** each tribunal's rank in each month's own ranking (the version in force that month, in its window), in the order of `months`; null where not ranked */
  rankPaths: Record<string, Array<number | null>>;
  /** each tribunal's total in each month's own ranking, in the order of `months` */
  trend: Record<string, Array<number | null>>;
  /**
   * between the first and the last month of the quarter (both ranked), else null; with groups
   * (rulebook.md §9) taken within each group, in `groups` (the quarter's groups in order), and
   * `climb` and `fall` null — places of two groups are never compared
   */
  movers: SummaryMovers | null;
  /** periodWarnings(result, rulebook) of the quarter's window */
  warnings: Warning[];
  /** the 情况分析 as published (paragraphs separated by "\n") */
  commentary: string;
  issuedBy: { username: string; name: string } | null;
  /** ISO-8601 UTC; 成文日期 = its date in Asia/Shanghai */
  issuedAt: string;
  /** of: the revision corrected, ofNumber its 发文字号; changes: the quarter window's scores, totals and ranks */
  correction: NoticeSnapshot["correction"];
}

/** What `buildSummarySnapshot` takes. */
export interface SummaryInput {
  /** every active version of the family */
  rulebooks: readonly Rulebook[];
  data: DataSet | DataIndex;
  quarter: Quarter;
  units: Array<{ key: string; name: string }>;
  /** default "开鲁县人民法院" */
  court?: string;
  /** the court's profile now (absent: the demo court's) */
  profile?: CourtProfile;
  revision: number;
  number: string | null;
  /** absent: the drafted 情况分析 (draftSummaryAnalysis) */
  commentary?: string;
  issuedBy: { username: string; name: string } | null;
  issuedAt: string;
  /** the revision it corrects */
  correction?: { reason: string; of: SummarySnapshot };
}
