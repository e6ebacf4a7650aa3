/**
 * How a notice writes its numbers, in every rendering and in the drafted 情况分析 alike (the
 * tests find each number of the text among the engine's outputs written by these functions).
 */
import { periodLabel, signed, splitPeriod, type Indicator, type Period, type WindowKind } from "@scorecard/rules";

/** Points, totals, bonuses: two decimals, `95.58`. */
export function points(x: number): string {
  return signed(x.toFixed(2));
}

/** A rate's number in percent with two decimals (`85.09`), or any other value with two decimals. */
export function valueNumber(x: number, unit: string | undefined): string {
  return signed((unit === "%" ? x * 100 : x).toFixed(2));
}

/** A value with its unit: `85.09%`, `37.40天`, `3件`; null as 无数据. */
export function valueText(x: number | null, unit: string | undefined): string {
  if (x === null) return "无数据";
  if (unit === "%") return `${valueNumber(x, unit)}%`;
  return `${Number.isInteger(x) ? signed(String(x)) : valueNumber(x, unit)}${unit ?? ""}`;
}

/** The number a value is written with, read back: percent for rates, two decimals. */
export function shownValue(x: number, unit: string | undefined): number {
  return Number(valueNumber(x, unit));
}

/** The difference of two shown values, in the unit's terms (percentage points for rates): `0.52`. */
export function deltaNumber(now: number, before: number, unit: string | undefined): number {
  return Math.round(shownValue(now, unit) * 100 - shownValue(before, unit) * 100) / 100;
}

/** `0.52个百分点`, `1.20天`, `3件` (no sign: the sentence says 提高/下降). */
export function deltaText(d: number, unit: string | undefined): string {
  const a = Math.abs(d);
  if (unit === "%") return `${a.toFixed(2)}个百分点`;
  return `${Number.isInteger(a) ? String(a) : a.toFixed(2)}${unit ?? ""}`;
}

/** The unit an indicator's value is printed in: a committee's (manual) score in 分, never as a rate; else the indicator's own. */
export function indicatorUnit(ind: Pick<Indicator, "unit" | "formula">): string | undefined {
  return ind.formula.type === "manual" ? "分" : ind.unit;
}

/** A table cell's value: the number without its unit (the header names it); `—` for none. */
export function valueCell(x: number | null, ind: Pick<Indicator, "unit" | "formula">): string {
  if (x === null) return "—";
  if (ind.formula.type === "field" && Number.isInteger(x)) return signed(String(x));
  return valueNumber(x, indicatorUnit(ind));
}

/** The Excel number format of an indicator's value: a rate as a percentage, a whole count as such, anything else (a committee's score too) with two decimals. */
export function valueFormat(x: number, ind: Pick<Indicator, "unit" | "formula">): string {
  return indicatorUnit(ind) === "%" ? "0.00%" : ind.formula.type === "field" && Number.isInteger(x) ? "0" : "0.00";
}

/** A figure (a fact) with its unit: `45件`, `1234.5万元`. */
export function figureText(x: number | null, unit: string | undefined): string {
  if (x === null) return "无";
  return `${signed(String(x))}${unit ?? ""}`;
}

/** Rank change since last month: ↑2, ↓1, 持平; 年初 at the start of a window; 新 / 无数据 where last month had none. */
export function changeText(change: Record<string, number | null> | null, unit: string): string {
  if (change === null) return "年初";
  const c = change[unit];
  if (c === undefined || c === null) return Object.values(change).some((v) => v !== null) ? "新" : "无数据";
  return c > 0 ? `↑${c}` : c < 0 ? `↓${-c}` : "持平";
}

/** The months of a scored window in words: `2023年1月至3月`, `2023年3月`. */
export function windowWords(w: { kind: WindowKind; from: Period; to: Period }): string {
  if (w.from === w.to) return periodLabel(w.from);
  const a = splitPeriod(w.from);
  const b = splitPeriod(w.to);
  return a.year === b.year ? `${a.year}年${a.month}月至${b.month}月` : `${periodLabel(w.from)}至${periodLabel(w.to)}`;
}

/** Chinese ordinal numerals for headings: 一、二、… 十、十一 … */
export function chineseNumeral(n: number): string {
  const d = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
  if (n < 10) return d[n]!;
  if (n < 20) return `十${n % 10 ? d[n % 10] : ""}`;
  return `${d[Math.floor(n / 10)]}十${n % 10 ? d[n % 10] : ""}`;
}
