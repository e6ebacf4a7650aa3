export * from "./facts-sheet";
export * from "./facts-template";
export * from "./facts-workbook";
export * from "./facts-diff";
export * from "./notice";
