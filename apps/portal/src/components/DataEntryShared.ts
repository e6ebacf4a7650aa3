/** Shared helpers of the data-entry grid and the import panel (no API types re-declared). */
import { parseFactNumber } from "@scorecard/rules";
import type { Field } from "../api/rulebooks";

export type { FactRow, FactsOfPeriod } from "../api/facts";
export type { Field, Rulebook } from "../api/rulebooks";
export type { Unit } from "../api/units";

/** The column header: label with its unit, e.g. 审判结案数(件). */
export function fieldHeader(f: Pick<Field, "label" | "unit">): string {
  return f.unit ? `${f.label}(${f.unit})` : f.label;
}

/** What a typed cell means: a number, or why it is not acceptable (Chinese, for the tooltip). */
export type CellCheck = { ok: true; value: number } | { ok: false; empty: boolean; message: string };

/** The readers' own number check (the CSV and Excel import accept exactly what the grid accepts). */
export function checkCell(text: string): CellCheck {
  const t = text.trim();
  if (t === "") return { ok: false, empty: true, message: "必填:请填写数值,没有发生请填 0" };
  const r = parseFactNumber(t);
  return r.ok ? { ok: true, value: r.value } : { ok: false, empty: false, message: r.zh };
}

/** A stored value as the input shows it. */
export function shown(v: number | undefined | null): string {
  return v === undefined || v === null ? "" : String(v);
}

/** 1 → A, 27 → AA (Excel column letters). */
export function columnLetter(column: number): string {
  let s = "";
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** A timestamp as the court reads it: 2023-04-02 09:15. */
export function when(iso: string | null | undefined, o: { year?: boolean } = {}): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, "0");
  const day = `${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
  return o.year === false ? day : `${d.getFullYear()}-${day}`;
}
