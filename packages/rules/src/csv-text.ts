/**
 * CSV text: the parser every CSV reader starts from, and the writers of the files of
 * `interfaces.md` (facts, adjustments, units). Pure: text in, rows out.
 *
 * The parser is hand-written rather than `csv-parse`: it gives each record the line it starts
 * on with mixed line ends (CRLF, LF, a lone CR), keeps text after a closing quote as written
 * instead of refusing it, and names the line and column of an unterminated quote in Chinese —
 * the readers' messages depend on all three.
 */
import type { AdjustmentRow, FactRow, ManualRow } from "./data";
import { InputError } from "./problems";
import { problemAt } from "./table";

/** One CSV record and the 1-based line it starts on. */
export interface CsvRow {
  line: number;
  cells: string[];
}

/** A unit as listed in `units.csv`. */
export interface UnitCsvRow {
  key: string;
  name: string;
  head?: string;
}

function lineBreaks(s: string): number {
  return s.match(/\r\n|\r|\n/g)?.length ?? 0;
}

/**
 * RFC-4180 CSV: quoted fields with `""` escapes, CRLF or LF line ends (a lone CR also ends a
 * line), an optional UTF-8 BOM stripped, a final line end ignored. Returns every record with the
 * line it starts on (a quoted cell may span lines). Lenient where RFC 4180 is silent: a quote
 * inside an unquoted cell, or text after a closing quote, is kept as written.
 * Throws InputError on an unterminated quote.
 */
export function parseCsv(text: string, file?: string): CsvRow[] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const n = src.length;
  const rows: CsvRow[] = [];
  let i = 0;
  let line = 1;
  while (i < n) {
    const rowLine = line;
    const cells: string[] = [];
    for (;;) {
      let value = "";
      if (src[i] === '"') {
        const startLine = line;
        const column = cells.length + 1;
        i++;
        for (;;) {
          const q = src.indexOf('"', i);
          if (q < 0) {
            throw new InputError([
              problemAt(file, {
                line: startLine,
                column,
                zh: `第 ${startLine} 行第 ${column} 列的双引号没有闭合。以双引号开头的单元格必须以双引号结束,单元格内的双引号要写成两个("")。`,
                en: `unterminated quoted cell starting on line ${startLine}, column ${column}; close the quote and write a quote inside a cell as ""`,
              }),
            ]);
          }
          const chunk = src.slice(i, q);
          line += lineBreaks(chunk);
          value += chunk;
          if (src[q + 1] === '"') {
            value += '"';
            i = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
      }
      let j = i;
      while (j < n) {
        const c = src.charCodeAt(j);
        if (c === 44 /* , */ || c === 10 /* \n */ || c === 13 /* \r */) break;
        j++;
      }
      value += src.slice(i, j);
      i = j;
      cells.push(value);
      if (i < n && src.charCodeAt(i) === 44) {
        i++;
        continue;
      }
      break;
    }
    rows.push({ line: rowLine, cells });
    if (i < n) {
      i += src[i] === "\r" && src[i + 1] === "\n" ? 2 : 1;
      line++;
    }
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Writers

const NEEDS_QUOTES = /[",\r\n]/;
function csvCell(s: string): string {
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csvText(lines: ReadonlyArray<readonly string[]>, bom: boolean | undefined): string {
  let out = bom ? "\uFEFF" : "";
  for (const cells of lines) out += cells.map(csvCell).join(",") + "\n";
  return out;
}

function numberCell(v: number | undefined): string {
  return v === undefined || !Number.isFinite(v) ? "" : String(v);
}

/**
 * Writes a facts CSV the reader accepts: header `period,unit,` then `fieldKeys` in that order,
 * one row per FactRow, LF line ends, a BOM only with `opts.bom` (for Excel). A value missing
 * from a row is written as an empty cell (which the reader reports).
 */
export function writeFactsCsv(rows: readonly FactRow[], fieldKeys: readonly string[], opts: { bom?: boolean } = {}): string {
  const lines: string[][] = [["period", "unit", ...fieldKeys]];
  for (const r of rows) lines.push([r.period, r.unit, ...fieldKeys.map((k) => numberCell(r.values[k]))]);
  return csvText(lines, opts.bom);
}

/** Writes an adjustments CSV: header `period,unit,item,count,note`. */
export function writeAdjustmentsCsv(rows: readonly AdjustmentRow[], opts: { bom?: boolean } = {}): string {
  const lines: string[][] = [["period", "unit", "item", "count", "note"]];
  for (const r of rows) lines.push([r.period, r.unit, r.item, String(r.count), r.note ?? ""]);
  return csvText(lines, opts.bom);
}

/** Writes a manual scores CSV (评议打分, rulebook.md §9): header `period,unit,indicator,score,reason`. */
export function writeManualCsv(rows: readonly ManualRow[], opts: { bom?: boolean } = {}): string {
  const lines: string[][] = [["period", "unit", "indicator", "score", "reason"]];
  for (const r of rows) lines.push([r.period, r.unit, r.indicator, numberCell(r.score), r.reason]);
  return csvText(lines, opts.bom);
}

/** Writes `units.csv`: header `key,name,head`. */
export function writeUnitsCsv(rows: ReadonlyArray<UnitCsvRow>, opts: { bom?: boolean } = {}): string {
  const lines: string[][] = [["key", "name", "head"]];
  for (const r of rows) lines.push([r.key, r.name, r.head ?? ""]);
  return csvText(lines, opts.bom);
}
