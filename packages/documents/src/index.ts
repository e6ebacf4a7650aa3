export * from "./facts-workbook";
