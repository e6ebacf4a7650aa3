/**
 * The notice as an Excel workbook: the same tables as the Word file (排名, 各项指标, 预警, 亮点,
 * and 更正 for a correction), the window's raw facts (原始数据) and the 情况分析, with Chinese
 * headers, numbers stored as numbers (rates as percentages with two decimals). Text that Excel
 * could take for a formula (= + - @, tab, CR at its start) is stored as text behind an apostrophe.
 */
import ExcelJS from "exceljs";
import { periodLabel } from "@scorecard/rules";
import { courtOrder, noticeModel, unitNamer, type Block, type Cell, type ModelTable, type NoticeModel } from "./model";
import type { NoticeSnapshot } from "./snapshot";
import { fixedZip } from "./zip";

/** Text Excel would read as a formula or a command when typed: it gets an apostrophe in front. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell's value: never a formula, whatever the user wrote. */
export function safeText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

const BOLD = { bold: true } as const;
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

class SheetWriter {
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

function sheet(wb: ExcelJS.Workbook, name: string, m: NoticeModel, frozen = 0): SheetWriter {
  const ws = wb.addWorksheet(name, {
    pageSetup: { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    ...(frozen ? { views: [{ state: "frozen" as const, ySplit: frozen }] } : {}),
  });
  const w = new SheetWriter(ws);
  w.line(`${m.court} ${m.number ?? "草稿(未发布)"}`, { bold: true, color: { argb: "FFC00000" } });
  w.line(m.title, { bold: true, size: 14 });
  w.row++;
  return w;
}

function tablesOf(m: NoticeModel, name: ModelTable["sheet"]): ModelTable[] {
  return m.blocks.filter((b): b is Extract<Block, { kind: "table" }> => b.kind === "table" && b.table.sheet === name).map((b) => b.table);
}

/** The window's raw facts: one row per month and tribunal, every field of the rulebook. */
function factsSheet(wb: ExcelJS.Workbook, s: NoticeSnapshot, m: NoticeModel): void {
  const w = sheet(wb, "原始数据", m);
  const name = unitNamer(s);
  const fields = s.rulebook.fields;
  const order = new Map(courtOrder(s).map((u, i) => [u.unit, i]));
  const rows = [...s.facts].sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : (order.get(a.unit) ?? 1e9) - (order.get(b.unit) ?? 1e9)));
  w.table({
    sheet: "排名",
    caption: `${periodLabel(s.result.window.from)}至${periodLabel(s.result.window.to)}各人民法庭原始数据`,
    head: [[{ text: "月份" }, { text: "法庭" }, ...fields.map((f) => ({ text: f.unit ? `${f.label}(${f.unit})` : f.label }))]],
    body: rows.map((r) => [
      { text: periodLabel(r.period) },
      { text: name(r.unit) },
      ...fields.map((f): Cell => {
        const v = r.values[f.key];
        return v === undefined ? { text: "" } : { text: String(v), num: v, fmt: Number.isInteger(v) ? "0" : "0.00", align: "right" };
      }),
    ]),
    widths: [],
  });
  w.finish();
}

/** The notice as an .xlsx workbook; the same snapshot always gives the same bytes. */
export async function noticeXlsx(s: NoticeSnapshot): Promise<Uint8Array> {
  const m = noticeModel(s);
  const wb = new ExcelJS.Workbook();
  const at = new Date(Date.parse(s.issuedAt));
  wb.creator = m.printer;
  wb.lastModifiedBy = s.issuedBy?.name ?? m.printer;
  wb.title = m.docTitle;
  wb.created = at;
  wb.modified = at;

  for (const name of ["排名", "各项指标", "预警", "亮点"] as const) {
    const tables = tablesOf(m, name);
    if (!tables.length && name !== "预警") continue;
    const w = sheet(wb, name, m);
    if (!tables.length) w.line("本期无预警事项。");
    for (const t of tables) w.table(t);
    if (name === "排名") for (const text of s.ignoredAdjustments) w.line(`注意:${text}`);
    w.finish();
  }
  factsSheet(wb, s, m);

  const a = sheet(wb, "情况分析", m);
  a.ws.getColumn(1).width = 120;
  for (const p of s.commentary.split("\n")) if (p.trim()) a.line(p.trim());
  if (s.dataWarnings.length) {
    a.row++;
    a.line("数据核查提示", BOLD);
    s.dataWarnings.forEach((d, i) => a.line(`${i + 1}. ${d.period ? periodLabel(d.period) : ""}${d.zh}`));
  }
  a.ws.eachRow((row) => row.eachCell((cell) => (cell.alignment = { wrapText: true, vertical: "top" })));

  if (s.correction) {
    const w = sheet(wb, "更正说明", m);
    w.ws.getColumn(1).width = 100;
    for (const b of m.blocks) if (b.kind === "p" && (b.text.startsWith("现对") || b.text.startsWith("更正内容"))) w.line(b.text);
    w.row++;
    for (const t of tablesOf(m, "更正")) w.table(t);
  }

  const bytes = await wb.xlsx.writeBuffer();
  return fixedZip(new Uint8Array(bytes as ArrayBuffer), s.issuedAt);
}
