export * from "./snapshot";
export { buildAnnualSnapshot, defaultAnnualIssuedAt } from "./build";
export { draftAnnualAnalysis } from "./analysis";
export { annualModel, annualTitle } from "./model";
export { annualDocx, annualHtml, annualXlsx, renderAnnual } from "./render";
