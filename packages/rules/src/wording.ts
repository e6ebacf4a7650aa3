/**
 * Numbers and ranks in words, one module for the whole product (architecture.md "One home per
 * concept"): the engine's explanations, the documents, the CLI and the portal print with these.
 */

/** The minus sign of printed numbers (U+2212), as in the arithmetic's operators. */
export const MINUS = "−";

/** An ASCII number as people read it: "-0" (and "-0.00") read as 0, the minus sign − for negatives. */
export function signed(s: string): string {
  return /^-0(\.0+)?$/.test(s) ? s.slice(1) : s.startsWith("-") ? MINUS + s.slice(1) : s;
}

/** `x` with `digits` decimals, trailing zeros dropped down to `minDigits`; ASCII, "-0" read as 0. */
export function fixedDigits(x: number, digits: number, minDigits = 0): string {
  // a whole number without decimals to keep reads the same (and toFixed is the costly part of a text)
  if (minDigits === 0 && Number.isInteger(x) && Math.abs(x) < 1e15) return x === 0 ? "0" : String(x);
  let s = x.toFixed(digits);
  const dot = s.indexOf(".");
  if (dot >= 0) {
    let end = s.length;
    while (end > dot + 1 + minDigits && s[end - 1] === "0") end--;
    if (end === dot + 1) end = dot;
    s = s.slice(0, end);
  }
  return s.startsWith("-0") && /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

/** A figure as a message shows it: whole as it is, else to twelve significant digits. */
export function shownNumber(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(12)));
}

/** A plain number for people: at most `digits` decimals, no trailing zeros, negatives with −. */
export function num(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return String(x);
  return signed(fixedDigits(x, digits));
}

/**
 * A number as an explanation prints it (`t`, with its unit) and as a reader reads it back
 * (`v`, in the printed unit: a rate's percentage).
 */
export interface ShownNumber {
  t: string;
  v: number;
}

/** A value in its unit as printed and read back: rates as percentages (at least two decimals kept), others with at most `digits` decimals. */
export function valueShown(x: number, unit: string | undefined, digits: number): ShownNumber {
  const pct = unit === "%";
  const s = fixedDigits(pct ? x * 100 : x, digits, pct ? 2 : 0);
  return { t: signed(s) + (unit ?? ""), v: Number(s) };
}

/**
 * A value in its unit: rates as percentages with `digits` decimals (trailing zeros dropped, at
 * least two kept), others with at most `digits` decimals and their unit. Negatives with −.
 */
export function formatValue(x: number | null, unit?: string, digits = 2): string {
  if (x === null) return "无";
  return valueShown(x, unit, digits).t;
}

/** A rank in words: `第3名`. */
export function rankText(rank: number | string): string {
  return `第${rank}名`;
}

/** Whom the leader leads, as a sentence says it (领先第二名…): `第二名` for the runner-up, `第3名` past a tie for second. */
export function runnerUpText(rank: number): string {
  return rank === 2 ? "第二名" : rankText(rank);
}
