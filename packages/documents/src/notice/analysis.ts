import type { CourtFigures, PeriodResult } from "@scorecard/scoring";
import type { NoticeSnapshot } from "./snapshot";

/** What the drafted 情况分析 is written from: the snapshot, last month's ranking and the court-wide figures. */
export interface AnalysisInput {
  snapshot: Omit<NoticeSnapshot, "commentary">;
  /** last month's ranking in the same window; null at the start of a window or without one */
  previous: PeriodResult | null;
  /** court-wide figures: this period, last month (same window), the same month last year */
  court: { now: CourtFigures | null; previous: CourtFigures | null; lastYear: CourtFigures | null };
}

/** The drafted 情况分析 (paragraphs separated by "\n"). */
export function draftAnalysis(input: AnalysisInput): string {
  const first = input.snapshot.result.units[0];
  return first ? `从排名情况看,${first.unit}以${first.total.toFixed(2)}分位列第一。` : "";
}
