import type { Period, WindowKind } from "./rulebook";

/**
 * The scoring windows (rulebook.md §3), as plain data for pages that offer them. Kept here, in a
 * module without schemas, so that a page using it does not load the rulebook's validation code.
 */
export const WINDOW_KINDS = ["month", "ytd", "quarter", "year"] as const;

/** Year and month (1…12) of a `YYYY-MM` period. */
export function splitPeriod(period: Period): { year: number; month: number } {
  return { year: Number(period.slice(0, 4)), month: Number(period.slice(5, 7)) };
}

export function makePeriod(year: number, month: number): Period {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}`;
}

/** The period `n` months after (or before, for negative n) the given one. */
export function addMonths(period: Period, n: number): Period {
  const { year, month } = splitPeriod(period);
  const idx = year * 12 + (month - 1) + n;
  return makePeriod(Math.floor(idx / 12), (idx % 12) + 1);
}

/** Every period of a year, January first. */
export function periodsOfYear(year: number): Period[] {
  return Array.from({ length: 12 }, (_, i) => makePeriod(year, i + 1));
}

/** The quarter (1…4) a period falls in. */
export function quarterOf(period: Period): number {
  return Math.floor((splitPeriod(period).month - 1) / 3) + 1;
}

/**
 * The months whose facts are combined to score `period` (rulebook.md §3):
 * `month` that month; `ytd` January to it; `quarter` its quarter up to it; `year` the whole year.
 */
export function windowMonths(period: Period, kind: WindowKind): Period[] {
  const { year, month } = splitPeriod(period);
  let from = month;
  let to = month;
  if (kind === "ytd") from = 1;
  else if (kind === "quarter") from = (quarterOf(period) - 1) * 3 + 1;
  else if (kind === "year") {
    from = 1;
    to = 12;
  }
  const out: Period[] = [];
  for (let m = from; m <= to; m++) out.push(makePeriod(year, m));
  return out;
}

const WINDOW_NAMES: Record<WindowKind, string> = { month: "当月", ytd: "年初至当月累计", quarter: "本季度累计", year: "全年" };
/** The Chinese name of a window kind. */
export function windowName(kind: WindowKind): string {
  return WINDOW_NAMES[kind];
}

/** `2023年3月` */
export function periodLabel(period: Period): string {
  const { year, month } = splitPeriod(period);
  return `${year}年${month}月`;
}

/** A calendar day `2023-04-10` as people read it: `2023年4月10日`. */
export function dayLabel(date: string): string {
  const [y, m, d] = date.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

/**
 * The latest month that has ever been published — one being corrected counts, in whatever state
 * its new revision is, since its notice is out — or undefined. A new rulebook version may take
 * effect only after it (the server refuses earlier; the studio offers no earlier month).
 */
export function lastPublishedMonth(states: ReadonlyArray<{ period: Period; status: string; revision: number }>): Period | undefined {
  let last: Period | undefined;
  for (const s of states) if ((s.status === "published" || s.revision > 0) && (last === undefined || s.period > last)) last = s.period;
  return last;
}
