/**
 * An official document as an Excel workbook: its tables on their sheets under the document's
 * number and title, with Chinese headers, numbers stored as numbers (rates as percentages with
 * two decimals). Text that Excel could take for a formula (= + - @, tab, CR at its start) is
 * stored as text behind an apostrophe. The archive is repacked to depend on its contents only.
 */
import ExcelJS from "exceljs";
import type { Block, Cell, FileMeta, ModelTable, OfficialModel } from "./model";
import { fixedZip } from "./zip";

/** Text Excel would read as a formula or a command when typed: it gets an apostrophe in front. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell's value: never a formula, whatever the user wrote. */
export function safeText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export const BOLD = { bold: true } as const;
const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDEBF7" } };
const YELLOW_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFE699" } };
const THIN: ExcelJS.Border = { style: "thin", color: { argb: "FF808080" } };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/** Display width in Excel character units: CJK and full-width characters count two. */
function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 2 : 1;
  return w;
}

/** Puts one model cell into a sheet cell: a number with its format, or safe text. */
function put(cell: ExcelJS.Cell, c: Cell, header: boolean): void {
  if (c.num !== undefined) {
    cell.value = c.num;
    if (c.fmt) cell.numFmt = c.fmt;
  } else {
    cell.value = safeText(c.text);
    cell.numFmt = "@";
  }
  cell.border = BORDER;
  cell.alignment = { vertical: "middle", horizontal: header ? "center" : (c.align ?? "left"), wrapText: header };
  if (header) {
    cell.font = BOLD;
    cell.fill = HEADER_FILL;
  } else if (c.mark === "red") cell.font = { bold: true, color: { argb: "FFC00000" } };
  else if (c.mark === "yellow") cell.fill = YELLOW_FILL;
  else if (c.mark === "veto") cell.font = BOLD;
}

/** Writes a sheet top to bottom: lines of text and tables, the columns as wide as their text. */
export class SheetWriter {
  row = 1;
  widths: number[] = [];
  constructor(readonly ws: ExcelJS.Worksheet) {}

  width(col: number, text: string): void {
    this.widths[col - 1] = Math.max(this.widths[col - 1] ?? 10, Math.min(displayWidth(text) + 2, 40));
  }

  line(text: string, font: Partial<ExcelJS.Font> = {}): void {
    const cell = this.ws.getCell(this.row++, 1);
    cell.value = safeText(text);
    cell.numFmt = "@";
    cell.font = font;
  }

  table(t: ModelTable): void {
    this.line(t.caption, { bold: true, size: 12 });
    for (const r of t.head) {
      // long headers wrap: two lines' height (Excel does not grow a merged cell's row)
      if (r.some((c) => displayWidth(c.text) > 16)) this.ws.getRow(this.row).height = 32;
      let col = 1;
      for (const c of r) {
        const span = c.span ?? 1;
        put(this.ws.getCell(this.row, col), c, true);
        if (span > 1) {
          for (let k = 1; k < span; k++) put(this.ws.getCell(this.row, col + k), { text: "" }, true);
          this.ws.mergeCells(this.row, col, this.row, col + span - 1);
        } else this.width(col, c.text);
        col += span;
      }
      this.row++;
    }
    // a header cell left empty under a spanned one (法庭 over two rows) is merged with the one above
    if (t.head.length === 2)
      t.head[1]!.forEach((c, i) => {
        if (c.text === "" && (t.head[0]![i]?.span ?? 1) === 1) this.ws.mergeCells(this.row - 2, i + 1, this.row - 1, i + 1);
      });
    for (const r of t.body) {
      r.forEach((c, i) => {
        put(this.ws.getCell(this.row, i + 1), c, false);
        this.width(i + 1, c.text);
      });
      this.row++;
    }
    if (t.note) this.line(t.note, { color: { argb: "FF595959" } });
    this.row++;
  }

  finish(): void {
    this.widths.forEach((w, i) => (this.ws.getColumn(i + 1).width = Math.min(40, w)));
  }
}

/** A sheet headed by the document's number (or its mark) and title. */
export function sheet(wb: ExcelJS.Workbook, name: string, m: OfficialModel, frozen = 0): SheetWriter {
  const ws = wb.addWorksheet(name, {
    pageSetup: { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    ...(frozen ? { views: [{ state: "frozen" as const, ySplit: frozen }] } : {}),
  });
  const w = new SheetWriter(ws);
  w.line(`${m.court} ${m.number ?? `${m.mark.word}(未发布)`}`, { bold: true, color: { argb: "FFC00000" } });
  w.line(m.title, { bold: true, size: 14 });
  w.row++;
  return w;
}

/** The model's tables that go on sheet `name`. */
export function tablesOf(m: OfficialModel, name: string): ModelTable[] {
  return m.blocks.filter((b): b is Extract<Block, { kind: "table" }> => b.kind === "table" && b.table.sheet === name).map((b) => b.table);
}

/** A workbook with the document's properties, dated with its time. */
export function officialWorkbook(m: OfficialModel, meta: FileMeta): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const at = new Date(Date.parse(meta.issuedAt));
  wb.creator = m.printer;
  wb.lastModifiedBy = meta.author ?? m.printer;
  wb.title = m.docTitle;
  wb.created = at;
  wb.modified = at;
  return wb;
}

/** A sheet of each of the named sheets' tables, in order (`empty`: the line of a sheet without one; else it is left out). */
export function tableSheets(wb: ExcelJS.Workbook, m: OfficialModel, names: readonly string[], empty: Record<string, string> = {}, after: Record<string, readonly string[]> = {}): void {
  for (const name of names) {
    const tables = tablesOf(m, name);
    if (!tables.length && empty[name] === undefined) continue;
    const w = sheet(wb, name, m);
    if (!tables.length) w.line(empty[name]!);
    for (const t of tables) w.table(t);
    for (const text of after[name] ?? []) w.line(text);
    w.finish();
  }
}

/** A sheet of paragraphs (the 情况分析), wrapped in one wide column; null leaves a row empty. */
export function textSheet(wb: ExcelJS.Workbook, name: string, m: OfficialModel, lines: ReadonlyArray<string | { text: string; bold: true } | null>): void {
  const a = sheet(wb, name, m);
  a.ws.getColumn(1).width = 120;
  for (const l of lines) {
    if (l === null) a.row++;
    else if (typeof l === "string") a.line(l);
    else a.line(l.text, BOLD);
  }
  a.ws.eachRow((row) => row.eachCell((cell) => (cell.alignment = { wrapText: true, vertical: "top" })));
}

/** The paragraphs of a commentary as the document prints them (one a line, blank lines dropped). */
export function paragraphsOf(text: string): string[] {
  return text
    .split("\n")
    .map((p) => p.trim())
    .filter((p) => p);
}

/** 更正说明: the correction's paragraphs (现对…, 更正内容…) and its tables (sheet 更正). */
export function correctionSheet(wb: ExcelJS.Workbook, m: OfficialModel): void {
  const w = sheet(wb, "更正说明", m);
  w.ws.getColumn(1).width = 100;
  for (const b of m.blocks) if (b.kind === "p" && (b.text.startsWith("现对") || b.text.startsWith("更正内容"))) w.line(b.text);
  w.row++;
  for (const t of tablesOf(m, "更正")) w.table(t);
}

/** The workbook's bytes: the same contents always give the same bytes. */
export async function packWorkbook(wb: ExcelJS.Workbook, issuedAt: string): Promise<Uint8Array> {
  const bytes = await wb.xlsx.writeBuffer();
  return fixedZip(new Uint8Array(bytes as ArrayBuffer), issuedAt);
}
