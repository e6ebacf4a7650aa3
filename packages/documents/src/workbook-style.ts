/**
 * What the month's upload templates (the statistician's 数据填报 and 政治处's 评议打分) share: the
 * cell styles, the width of Chinese text, and the "说明" sheet that names the month and the
 * rulebook, says how to fill the template in, and lists what its columns are.
 */
import type ExcelJS from "exceljs";
import type { Rulebook } from "@scorecard/rules";
import { NOTES_SHEET } from "./facts-sheet";

export const BOLD = { bold: true } as const;
export const GREY_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE7E6E6" } };
export const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDEBF7" } };
export const GREY_TEXT = { color: { argb: "FF595959" } } as const;
const THIN: ExcelJS.Border = { style: "thin", color: { argb: "FFBFBFBF" } };
export const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/** Display width in Excel character units: CJK and full-width characters count two. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 2 : 1;
  return w;
}

/**
 * Adds the "说明" sheet: its title, the period and the rulebook (the reader checks the period
 * there), the numbered rules under 填写要求, and a bordered table (`head`, `rows`) of the columns.
 */
export function addNotesSheet(
  wb: ExcelJS.Workbook,
  o: { title: string; period: string; rulebook: Pick<Rulebook, "id" | "version" | "title">; rules: readonly string[]; head: readonly string[]; rows: ReadonlyArray<ReadonlyArray<string | number>>; lastWidth: number },
): void {
  const notes = wb.addWorksheet(NOTES_SHEET);
  [30, 36, 10, o.lastWidth].forEach((w, i) => (notes.getColumn(i + 1).width = w));
  const title = notes.getCell("A1");
  title.value = o.title;
  title.font = { bold: true, size: 14 };
  const meta: Array<[string, string]> = [
    ["期间", o.period],
    ["考核办法代码", o.rulebook.id],
    ["考核办法版本", o.rulebook.version],
    ["考核办法名称", o.rulebook.title],
  ];
  meta.forEach(([label, value], i) => {
    const row = notes.getRow(i + 2);
    row.getCell(1).value = label;
    row.getCell(1).font = BOLD;
    row.getCell(2).value = value;
    row.getCell(2).numFmt = "@"; // stays text if retyped: 2023-03 must not become a date
  });
  const rules = ["填写要求:", ...o.rules];
  rules.forEach((text, i) => {
    const cell = notes.getCell(7 + i, 1);
    cell.value = text;
    if (i === 0) cell.font = BOLD;
  });
  const tableTop = 7 + rules.length + 1;
  const tableHeader = notes.getRow(tableTop);
  tableHeader.values = [...o.head];
  tableHeader.eachCell((cell) => {
    cell.font = BOLD;
    cell.fill = HEADER_FILL;
    cell.border = BORDER;
  });
  o.rows.forEach((values, i) => {
    const row = notes.getRow(tableTop + 1 + i);
    row.values = [...values];
    row.eachCell({ includeEmpty: true }, (cell) => {
      cell.border = BORDER;
    });
  });
}
