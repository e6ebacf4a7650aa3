/**
 * The notice as an Excel workbook: the same tables as the Word file (排名, 各项指标, 预警, 亮点,
 * and 更正 for a correction), the window's raw facts (原始数据) and the 情况分析 (../official/xlsx).
 */
import type ExcelJS from "exceljs";
import { periodLabel } from "@scorecard/rules";
import { courtOrder, unitNamer, type Cell, type OfficialModel } from "../official/model";
import { courtWords } from "../official/issue";
import { correctionSheet, officialWorkbook, packWorkbook, paragraphsOf, sheet, tableSheets, textSheet } from "../official/xlsx";
import { noticeModel } from "./model";
import type { NoticeSnapshot } from "./snapshot";

/** The window's raw facts: one row per month and tribunal, every field of the rulebook. */
function factsSheet(wb: ExcelJS.Workbook, s: NoticeSnapshot, m: OfficialModel): void {
  const w = sheet(wb, "原始数据", m);
  const name = unitNamer(s);
  const fields = s.rulebook.fields;
  const order = new Map(courtOrder(s).map((u, i) => [u.unit, i]));
  const rows = [...s.facts].sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : (order.get(a.unit) ?? 1e9) - (order.get(b.unit) ?? 1e9)));
  w.table({
    sheet: "排名",
    caption: `${periodLabel(s.result.window.from)}至${periodLabel(s.result.window.to)}${courtWords(s).each}原始数据`,
    head: [[{ text: "月份" }, { text: courtWords(s).unit }, ...fields.map((f) => ({ text: f.unit ? `${f.label}(${f.unit})` : f.label }))]],
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
  const wb = officialWorkbook(m, { revision: s.revision, author: s.issuedBy?.name ?? null, issuedAt: s.issuedAt });
  // 得分: the ranking's sheet when the rulebook keeps ranks internal
  const notes = s.ignoredAdjustments.map((text) => `注意:${text}`);
  tableSheets(wb, m, ["排名", "得分", "各项指标", "预警", "亮点"], { 预警: "本期无预警事项。" }, { 排名: notes, 得分: notes });
  factsSheet(wb, s, m);
  // the acknowledged data checks are internal (the snapshot and the audit log keep them): not in the workbook
  textSheet(wb, "情况分析", m, paragraphsOf(s.commentary));
  if (s.correction) correctionSheet(wb, m);
  return packWorkbook(wb, s.issuedAt);
}
