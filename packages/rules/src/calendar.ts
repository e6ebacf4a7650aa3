/**
 * The court's calendar, one home for it (architecture.md "One home per concept"): months
 * (`YYYY-MM` periods), quarters (`YYYY-Qn`), scoring windows, their Chinese labels, and dates in
 * Asia/Shanghai. Nothing else takes a period string apart (a lint rule says so). Kept free of
 * schemas, so that a page using it does not load the rulebook's validation code.
 */
import type { Period, WindowKind } from "./rulebook";

/**
 * The scoring windows (rulebook.md §3), as plain data for pages that offer them. Kept here, in a
 * module without schemas, so that a page using it does not load the rulebook's validation code.
 */
export const WINDOW_KINDS = ["month", "ytd", "quarter", "year"] as const;

/** Year and month (1…12) of a `YYYY-MM` period. */
export function splitPeriod(period: Period): { year: number; month: number } {
  return { year: yearOf(period), month: monthOf(period) };
}

/** The year of a `YYYY-MM` period: 2023 for "2023-03". */
export function yearOf(period: Period): number {
  return Number(period.slice(0, 4));
}

/** The month (1…12) of a `YYYY-MM` period: 3 for "2023-03". */
export function monthOf(period: Period): number {
  return Number(period.slice(5, 7));
}

/** The two-digit month of a period, as a rulebook's `byMonth` keys it: "03" for "2023-03". */
export function monthKey(period: Period): string {
  return period.slice(5, 7);
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

/** A quarter, `2023-Q1`. */
export type Quarter = `${number}-Q${1 | 2 | 3 | 4}`;

const QUARTER_RE = /^(\d{4})-Q([1-4])$/;

/** Whether `text` is a quarter `YYYY-Qn`. */
export function isQuarter(text: string): text is Quarter {
  return QUARTER_RE.test(text);
}

/** The year and quarter (1…4) of `2023-Q1`. */
export function splitQuarter(q: Quarter): { year: number; quarter: number } {
  const m = QUARTER_RE.exec(q);
  if (!m) throw new RangeError(`not a quarter YYYY-Qn: ${q}`);
  return { year: Number(m[1]), quarter: Number(m[2]) };
}

/** The quarter `YYYY-Qn` of a year and a quarter number (1…4). */
export function makeQuarter(year: number, quarter: number): Quarter {
  return `${String(year).padStart(4, "0")}-Q${quarter}` as Quarter;
}

/** The quarter a period falls in: "2023-03" → "2023-Q1". */
export function quarterOfPeriod(period: Period): Quarter {
  return makeQuarter(yearOf(period), quarterOf(period));
}

/** The year of a quarter: 2023 for "2023-Q1". */
export function quarterYear(q: Quarter): number {
  return splitQuarter(q).year;
}

/** The three months of a quarter, in order. */
export function quarterMonths(q: Quarter): Period[] {
  const { year, quarter } = splitQuarter(q);
  return [1, 2, 3].map((i) => makePeriod(year, (quarter - 1) * 3 + i));
}

/** The four quarters of a year, in order. */
export function quartersOfYear(year: number): Quarter[] {
  return [1, 2, 3, 4].map((n) => makeQuarter(year, n));
}

/** The quarter before: "2023-Q1" → "2022-Q4". */
export function previousQuarter(q: Quarter): Quarter {
  const { year, quarter } = splitQuarter(q);
  return quarter === 1 ? makeQuarter(year - 1, 4) : makeQuarter(year, quarter - 1);
}

const QUARTER_WORDS = ["一", "二", "三", "四"];
/** `2023年第一季度` */
export function quarterLabel(q: Quarter): string {
  const { year, quarter } = splitQuarter(q);
  return `${year}年第${QUARTER_WORDS[quarter - 1]}季度`;
}

/** `2023年3月` */
export function periodLabel(period: Period): string {
  const { year, month } = splitPeriod(period);
  return `${year}年${month}月`;
}

/** A calendar day `2023-04-10` as people read it: `2023年4月10日`. */
export function dayLabel(date: string): string {
  return `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}

/** Asia/Shanghai is UTC+8 all year (no daylight saving). */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** An instant's wall clock in Asia/Shanghai, read with the `getUTC…` methods. */
function shanghaiClock(at: Date): Date {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS);
}

/** The calendar year in Asia/Shanghai of an instant. */
export function shanghaiYear(at: Date): number {
  return shanghaiClock(at).getUTCFullYear();
}

/** The calendar day in Asia/Shanghai of an instant, `YYYY-MM-DD`. */
export function shanghaiDay(at: Date): string {
  return shanghaiClock(at).toISOString().slice(0, 10);
}

/** The instant a calendar day `2023-04-10` ends in Asia/Shanghai (00:00 there of the next day), ISO-8601 UTC. */
export function shanghaiDayEnd(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + 24 * 3600_000 - SHANGHAI_OFFSET_MS).toISOString();
}

/** The month in Asia/Shanghai of an instant, as a period `YYYY-MM`. */
export function shanghaiPeriod(at: Date): Period {
  const d = shanghaiClock(at);
  return makePeriod(d.getUTCFullYear(), d.getUTCMonth() + 1);
}

function parseInstant(iso: string): Date {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) throw new RangeError(`not an ISO-8601 time: ${iso}`);
  return new Date(t);
}

/** The date in Asia/Shanghai of an ISO instant as people read it (a document's 成文日期): `2023年4月5日`. */
export function dateLabel(iso: string): string {
  return dayLabel(shanghaiDay(parseInstant(iso)));
}

/** A deadline for people: `2023年4月3日 18:30` in Asia/Shanghai. */
export function deadlineLabel(iso: string): string {
  const d = shanghaiClock(new Date(Date.parse(iso)));
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
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

/** The month a calendar day `2023-04-10` falls in: `2023-04`. */
export function periodOfDay(day: string): Period {
  return day.slice(0, 7);
}
