/**
 * Spreadsheet cells as the table reader of @scorecard/rules sees them: what each holds (its
 * cached result for a formula), the text a user sees, and why a cell cannot hold a figure.
 */
import type ExcelJS from "exceljs";
import type { TableCell, TableRow } from "@scorecard/rules";

type Content =
  | { kind: "empty"; formula?: string }
  | { kind: "number"; value: number; formula?: string }
  | { kind: "text"; text: string; formula?: string }
  | { kind: "boolean"; value: boolean; formula?: string }
  | { kind: "date"; formula?: string }
  | { kind: "error"; error: string; formula?: string }
  | { kind: "noResult"; formula: string };

function richTextOf(v: { richText: ExcelJS.RichText[] }): string {
  return v.richText.map((r) => r.text).join("");
}

/** What a cell holds, formulas resolved to their cached result. */
function contentOf(cell: ExcelJS.Cell): Content {
  const v: ExcelJS.CellValue = cell.value;
  if (v && typeof v === "object" && !(v instanceof Date) && ("formula" in v || "sharedFormula" in v)) {
    const formula = cell.formula ?? ("formula" in v ? v.formula : v.sharedFormula);
    const r = v.result;
    if (r === undefined || r === null) return { kind: "noResult", formula };
    return { ...plainContent(r), formula };
  }
  return plainContent(v);
}

function plainContent(v: unknown): Content {
  if (v === null || v === undefined) return { kind: "empty" };
  if (typeof v === "number") return { kind: "number", value: v };
  if (typeof v === "boolean") return { kind: "boolean", value: v };
  if (typeof v === "string") return v.trim() === "" ? { kind: "empty" } : { kind: "text", text: v.trim() };
  if (v instanceof Date) return { kind: "date" };
  if (typeof v === "object") {
    if ("error" in v) return { kind: "error", error: String(v.error) };
    if ("richText" in v && Array.isArray(v.richText)) return plainContent(richTextOf(v as { richText: ExcelJS.RichText[] }));
    if ("text" in v) {
      const t = v.text;
      if (typeof t === "string") return plainContent(t);
      if (t && typeof t === "object" && "richText" in t) return plainContent(richTextOf(t as { richText: ExcelJS.RichText[] }));
    }
  }
  return { kind: "text", text: String(v) };
}

/** The text a user sees for a key, name or header cell ("" when empty). */
export function textOf(cell: ExcelJS.Cell): string {
  const c = contentOf(cell);
  switch (c.kind) {
    case "text":
      return c.text;
    case "number":
      return String(c.value);
    case "boolean":
      return c.value ? "TRUE" : "FALSE";
    case "error":
      return c.error;
    case "date":
      return cell.text.trim();
    default:
      return "";
  }
}

/** Why a cell of this kind holds no figure (the formula is named by the reader). */
function invalidOf(c: Content): TableCell["invalid"] {
  switch (c.kind) {
    case "empty":
      return c.formula === undefined ? undefined : { zh: "为空。请填写数字,没有发生的填 0。", en: "empty; write a number (0 when none)" };
    case "boolean":
      return { zh: `是逻辑值 ${c.value ? "TRUE" : "FALSE"},不是数字。请填写数字。`, en: "a boolean, not a number" };
    case "date":
      return { zh: "是日期,不是数字。请把单元格格式改为“常规”或“数值”,再填写数字。", en: "a date, not a number; format the cell as General or Number" };
    case "error":
      return { zh: `是错误值 ${c.error}。请改正公式,或直接填写数字。`, en: `the error value ${c.error}` };
    case "noResult":
      return {
        zh: `是公式“=${c.formula}”,但文件中没有保存它的计算结果(常见于由程序生成、未经 Excel 打开保存的文件)。请在 Excel 中打开并保存后再上传,或直接填写数字。`,
        en: `formula =${c.formula} has no cached result; open and save the file in Excel, or write the number`,
      };
    default:
      return undefined;
  }
}

/** One cell for the table reader; undefined for an empty cell that holds no formula. */
export function tableCell(cell: ExcelJS.Cell, column: number): TableCell | undefined {
  const c = contentOf(cell);
  if (c.kind === "empty" && c.formula === undefined) return undefined;
  const out: TableCell = { column, text: textOf(cell) };
  if (c.kind === "number") out.number = c.value;
  const invalid = invalidOf(c);
  if (invalid) out.invalid = invalid;
  if (c.formula !== undefined && c.kind !== "noResult") out.formula = c.formula;
  return out;
}

/** A sheet row for the table reader: only the cells it holds (a sheet formatted down to row 1048576 has few). */
export function tableRow(row: ExcelJS.Row): TableRow {
  const cells = new Map<number, TableCell>();
  row.eachCell((cell, c) => {
    const t = tableCell(cell, c);
    if (t) cells.set(c, t);
  });
  return { line: row.number, cells };
}
