export * from "./facts-sheet";
export * from "./facts-template";
export * from "./facts-workbook";
export * from "./facts-diff";
export * from "./notice";
export * from "./summary";
export { OFFICIAL_FORMATS, type OfficialFormat } from "./official/render";
export { officialHtmlCsp } from "./official/html";
export * from "./annual";
