/** The annual evaluation's Word file, workbook and print page: the official renderings of its model. */
import { officialDocx } from "../official/docx";
import { officialHtml } from "../official/html";
import type { FileMeta } from "../official/model";
import { renderAs, type OfficialFormat } from "../official/render";
import { correctionSheet, officialWorkbook, packWorkbook, paragraphsOf, tableSheets, textSheet } from "../official/xlsx";
import { annualModel } from "./model";
import type { AnnualSnapshot } from "./snapshot";

const meta = (s: AnnualSnapshot): FileMeta => ({ revision: s.revision, author: s.issuedBy?.name ?? null, issuedAt: s.issuedAt });

/** The evaluation as a .docx file in GB/T 9704 layout; the same snapshot always gives the same bytes. */
export function annualDocx(s: AnnualSnapshot): Promise<Uint8Array> {
  return officialDocx(annualModel(s), meta(s));
}

/** The evaluation as an .xlsx workbook (考核结果, 等次评定, 情况分析 and its text, 更正说明); formulas neutralised. */
export function annualXlsx(s: AnnualSnapshot): Promise<Uint8Array> {
  const m = annualModel(s);
  const wb = officialWorkbook(m, meta(s));
  tableSheets(wb, m, ["考核结果", "等次评定"]);
  const text = m.blocks.filter((b) => b.kind === "p" || b.kind === "h1").map((b) => (b.kind === "h1" ? { text: b.text, bold: true as const } : b.text));
  textSheet(wb, "通报正文", m, text);
  textSheet(wb, "情况分析", m, paragraphsOf(s.commentary));
  if (s.correction) correctionSheet(wb, m);
  return packWorkbook(wb, s.issuedAt);
}

/** The evaluation as a print page (serve it with officialHtmlCsp). */
export function annualHtml(s: AnnualSnapshot): string {
  return officialHtml(annualModel(s));
}

/** An evaluation's document from its snapshot (deterministic). */
export function renderAnnual(s: AnnualSnapshot, format: OfficialFormat): Promise<Uint8Array> {
  return renderAs({ docx: annualDocx, xlsx: annualXlsx, html: annualHtml }, s, format);
}
