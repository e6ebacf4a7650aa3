/**
 * The monthly notice (月通报) as one frozen model (product.md "Publish"): every document of a
 * revision — Word, Excel, print HTML — is rendered from a `NoticeSnapshot` alone. The snapshot is
 * plain JSON (no Maps, no undefined values), stored, hashed and parsed back unchanged.
 */
import type { CourtProfile, AdjustmentRow, DataWarning, FactRow, ManualRow, Period, Rulebook } from "@scorecard/rules";
import type { DataIndex, DataSet, PeriodResult, Warning } from "@scorecard/scoring";

export const NOTICE_FORMAT = "scorecard-notice/1";

/** Everything a notice froze (product.md "Publish"): every document of a revision is rendered from this alone. */
export interface NoticeSnapshot {
  format: "scorecard-notice/1";
  period: Period;
  /** 1 for the first publication, n+1 for a correction */
  revision: number;
  /** "开法考〔2023〕3号"; null for a draft (草稿) */
  number: string | null;
  /** "开鲁县人民法院" */
  court: string;
  /** the court's profile when it was built (its 版头, 版记 and words); absent in snapshots from before profiles: the demo court's */
  profile?: CourtProfile;
  /** the version in force at the period, whole */
  rulebook: Rulebook;
  /** the court's tribunals in court order */
  units: Array<{ key: string; name: string }>;
  /** the facts of every month of the window */
  facts: FactRow[];
  /** the adjustments of every month of the window */
  adjustments: AdjustmentRow[];
  /** the committee's scores (评议打分, rulebook.md §9) of every month of the window, by month, indicator, unit; present only when the rulebook has a manual indicator */
  manual?: ManualRow[];
  /** scorePeriod in the rulebook's window, with explanations */
  result: PeriodResult;
  /** rank change vs the previous month's ranking in the same window (+2 = climbed two places); null for January under ytd (年初); a unit absent last month, or then in another group, → null */
  change: Record<string, number | null> | null;
  /** periodWarnings(result, rulebook) */
  warnings: Warning[];
  /**
   * first place and the biggest climb, every unit tied; with groups (rulebook.md §9) they are taken
   * within each group, in `groups` (the result's groups in order), and `first` is empty, `biggestClimb` null
   */
  highlights: NoticeHighlights;
  /** adjustments of the window the version in force does not know, in words (scoring's ignoredAdjustmentTexts, item names from every version given) */
  ignoredAdjustments: string[];
  /** data-check warnings and outliers acknowledged at publication (from @scorecard/rules) */
  dataWarnings: DataWarning[];
  /** the 情况分析 as published (paragraphs separated by "\n") */
  commentary: string;
  issuedBy: { username: string; name: string } | null;
  /** ISO-8601 UTC; 成文日期 = its date in Asia/Shanghai, written 2023年4月5日 */
  issuedAt: string;
  /** of: the revision corrected, ofNumber its 发文字号 */
  correction: { reason: string; of: number; ofNumber: string | null; changes: NoticeChange[] } | null;
}

/** First place and the biggest climb of a ranking (or of one group of it), every unit tied. */
export interface Highlights {
  first: string[];
  biggestClimb: { units: string[]; places: number } | null;
}

/** The notice's highlights: the whole ranking's, or with groups each group's. */
export interface NoticeHighlights extends Highlights {
  /** present only when the rulebook has groups */
  groups?: Array<Highlights & { group: string }>;
}

/** One thing a correction changed, for 更正说明. */
export interface NoticeChange {
  /** the unit key */
  unit: string;
  what: "figure" | "score" | "rank" | "total";
  /** the field key (figure) or indicator key (score); null for rank and total */
  key: string | null;
  /** the month of a figure; null for a score, total or rank (which are the window's) */
  period: Period | null;
  /** words: "3月 已结案件数", "执结率 得分", "排名", "总分" */
  label: string;
  before: number | null;
  after: number | null;
}

/** What `buildNoticeSnapshot` takes. */
export interface NoticeInput {
  /** every active version of the family */
  rulebooks: readonly Rulebook[];
  /** all facts and adjustments the court has (the function takes what the window needs) */
  data: DataSet | DataIndex;
  period: Period;
  units: Array<{ key: string; name: string }>;
  /** default "开鲁县人民法院" */
  court?: string;
  /** the court's profile now (absent: the demo court's) */
  profile?: CourtProfile;
  revision: number;
  number: string | null;
  /** absent: the drafted 情况分析 (draftAnalysis) */
  commentary?: string;
  dataWarnings?: DataWarning[];
  issuedBy: { username: string; name: string } | null;
  issuedAt: string;
  /** the revision it corrects: changes computed by noticeChanges */
  correction?: { reason: string; of: NoticeSnapshot };
}
