/** The quarterly summary's Word file, workbook and print page: the official renderings of its model. */
import { officialDocx } from "../official/docx";
import { officialHtml } from "../official/html";
import type { FileMeta } from "../official/model";
import { renderAs, type OfficialFormat } from "../official/render";
import { correctionSheet, officialWorkbook, packWorkbook, paragraphsOf, tableSheets, textSheet } from "../official/xlsx";
import { summaryModel } from "./model";
import type { SummarySnapshot } from "./snapshot";

const meta = (s: SummarySnapshot): FileMeta => ({ revision: s.revision, author: s.issuedBy?.name ?? null, issuedAt: s.issuedAt });

/** The summary as a .docx file in GB/T 9704 layout; the same snapshot always gives the same bytes. */
export function summaryDocx(s: SummarySnapshot): Promise<Uint8Array> {
  return officialDocx(summaryModel(s), meta(s));
}

/** The summary as an .xlsx workbook (排名 — 得分 when ranks are kept internal —, 走势, 预警, 情况分析, 更正说明); formulas neutralised, deterministic. */
export function summaryXlsx(s: SummarySnapshot): Promise<Uint8Array> {
  const m = summaryModel(s);
  const wb = officialWorkbook(m, meta(s));
  tableSheets(wb, m, ["排名", "得分", "走势", "预警"], { 预警: "本季度无预警事项。" });
  textSheet(wb, "情况分析", m, paragraphsOf(s.commentary));
  if (s.correction) correctionSheet(wb, m);
  return packWorkbook(wb, s.issuedAt);
}

/** The summary as a print page (serve it with officialHtmlCsp / noticeHtmlCsp). */
export function summaryHtml(s: SummarySnapshot): string {
  return officialHtml(summaryModel(s));
}

/** A summary's document from its snapshot (deterministic). */
export function renderSummary(s: SummarySnapshot, format: OfficialFormat): Promise<Uint8Array> {
  return renderAs({ docx: summaryDocx, xlsx: summaryXlsx, html: summaryHtml }, s, format);
}
