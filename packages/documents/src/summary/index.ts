export * from "./snapshot";
export { buildSummarySnapshot, defaultSummaryIssuedAt, monthRanking } from "./build";
export { draftSummaryAnalysis, type SummaryAnalysisInput } from "./analysis";
export { summaryModel, summaryTitle } from "./model";
export { renderSummary, summaryDocx, summaryHtml, summaryXlsx } from "./render";
