export * from "./snapshot";
export { buildNoticeSnapshot, defaultIssuedAt, DEFAULT_COURT } from "./build";
export { draftAnalysis, type AnalysisInput } from "./analysis";
export { noticeChanges } from "./changes";
export { canonicalJson, snapshotHash } from "./canonical";
export { noticeDocx } from "./docx";
export { noticeXlsx, safeText } from "./xlsx";
export { escapeHtml, noticeHtml, noticeHtmlCsp } from "./html";
export { chineseDate } from "./format";
