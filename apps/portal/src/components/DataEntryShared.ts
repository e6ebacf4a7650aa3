/** Shared helpers of the data-entry grid and the import panel (no API types re-declared). */
import type { Outputs } from "../api/trpc";

export type Rulebook = Outputs["rulebooks"]["get"]["rulebook"];
export type Field = Rulebook["fields"][number];
export type FactsOfPeriod = Outputs["facts"]["get"];
export type FactRow = FactsOfPeriod["rows"][number];
export type Unit = Outputs["units"]["list"][number];

/** The column header: label with its unit, e.g. 审判结案数(件). */
export function fieldHeader(f: Pick<Field, "label" | "unit">): string {
  return f.unit ? `${f.label}(${f.unit})` : f.label;
}

/** What a typed cell means: a number, or why it is not acceptable (Chinese, for the tooltip). */
export type CellCheck = { ok: true; value: number } | { ok: false; empty: boolean; message: string };

export function checkCell(text: string): CellCheck {
  const t = text.trim().replace(/,/g, "");
  if (t === "") return { ok: false, empty: true, message: "必填:请填写数值,没有发生请填 0" };
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(t)) return { ok: false, empty: false, message: `“${text.trim()}”不是数字,请只填写阿拉伯数字` };
  const v = Number(t);
  if (!Number.isFinite(v)) return { ok: false, empty: false, message: "数值过大,请核对" };
  if (v < 0) return { ok: false, empty: false, message: "不能为负数,请填写不小于 0 的数" };
  return { ok: true, value: v };
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

/** `2023-03` → `2023-04`. */
export function nextPeriod(period: string): string {
  const y = Number(period.slice(0, 4));
  const m = Number(period.slice(5, 7));
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
}

/** A timestamp as the court reads it: 2023-04-02 09:15. */
export function when(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
