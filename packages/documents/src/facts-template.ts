/**
 * The month's Excel template (see `facts-sheet.ts` for its layout): what the statistician
 * downloads, fills in and uploads again.
 */
import ExcelJS from "exceljs";
import type { Field, Rulebook } from "@scorecard/rules";
import { FACTS_SHEET, KEY_HEADER, NAME_HEADER, type WorkbookRow, type WorkbookUnit } from "./facts-sheet";
import { addNotesSheet, BOLD, BORDER, displayWidth, GREY_FILL, GREY_TEXT, HEADER_FILL } from "./workbook-style";

const AGGREGATE_ZH: Record<Field["aggregate"], string> = {
  sum: "求和(按月累计)",
  mean: "平均(各月平均)",
  last: "取最近一月",
};



/**
 * Builds the month's template (see the module comment): the header row bold and frozen with the
 * 法庭代码 and 法庭 columns, those two columns grey, values as numbers (empty where none is
 * stored), a non-negative-number validation on every value cell, and the "说明" sheet.
 * Rows whose unit is not in `units` are left out.
 */
export async function buildFactsTemplate(opts: {
  rulebook: Rulebook;
  period: string;
  units: WorkbookUnit[];
  rows: WorkbookRow[];
}): Promise<Buffer> {
  const { rulebook, period, units } = opts;
  const fields = rulebook.fields;
  const byUnit = new Map(opts.rows.map((r) => [r.unit, r.values]));

  const wb = new ExcelJS.Workbook();
  wb.creator = "人民法庭审判执行绩效考核系统";
  wb.title = `${period} 考核数据填报`;

  const ws = wb.addWorksheet(FACTS_SHEET, {
    views: [{ state: "frozen", xSplit: 2, ySplit: 1, topLeftCell: "C2", activeCell: "C2" }],
    pageSetup: { orientation: "landscape", paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });

  const header = ws.getRow(1);
  header.values = [KEY_HEADER, NAME_HEADER, ...fields.map((f) => f.label)];
  header.height = 30;
  header.eachCell((cell) => {
    cell.font = BOLD;
    cell.fill = HEADER_FILL;
    cell.border = BORDER;
    cell.alignment = { vertical: "middle", horizontal: "center" };
  });
  header.getCell(1).note = "法庭代码(键),导入时按它识别法庭,请勿改动。";
  fields.forEach((f, i) => {
    header.getCell(i + 3).note = [`键:${f.key}`, `单位:${f.unit ?? "—"}`, `汇总:${AGGREGATE_ZH[f.aggregate]}`].join("\n");
  });

  const widths = [displayWidth(KEY_HEADER), displayWidth(NAME_HEADER), ...fields.map((f) => displayWidth(f.label))];
  units.forEach((u, i) => {
    const values = byUnit.get(u.key);
    const row = ws.getRow(i + 2);
    row.values = [u.key, u.name, ...fields.map((f) => values?.[f.key] ?? null)];
    widths[0] = Math.max(widths[0] ?? 0, displayWidth(u.key));
    widths[1] = Math.max(widths[1] ?? 0, displayWidth(u.name));
    for (let c = 1; c <= fields.length + 2; c++) {
      const cell = row.getCell(c);
      cell.border = BORDER;
      if (c <= 2) {
        cell.fill = GREY_FILL;
        cell.font = GREY_TEXT;
        cell.protection = { locked: true };
        continue;
      }
      const v = values?.[fields[c - 3]?.key ?? ""];
      if (v !== undefined) widths[c - 1] = Math.max(widths[c - 1] ?? 0, displayWidth(String(v)));
      cell.protection = { locked: false };
      cell.dataValidation = {
        type: "decimal",
        operator: "greaterThanOrEqual",
        formulae: [0],
        allowBlank: true,
        showErrorMessage: true,
        errorStyle: "stop",
        errorTitle: "数据不正确",
        error: "请填写 0 或正数(件数、天数、金额等原始数字),没有发生的填 0。",
      };
    }
  });
  widths.forEach((w, i) => {
    ws.getColumn(i + 1).width = Math.min(40, Math.max(10, w + 4));
  });

  addNotesSheet(wb, {
    title: "考核数据填报说明",
    period,
    rulebook,
    rules: [
      `1. 只在“${FACTS_SHEET}”表的白色单元格中填写;灰色的法庭代码和法庭名称不要改动。`,
      "2. 每个单元格填写 0 或正数(件数、天数、金额等原始数字,不要填百分比),没有发生的填 0。",
      "3. 不要增加、删除或改名表头中的列。可以删去不需要导入的法庭行,只有保留的行会被导入;整行数据为空的法庭也不导入。",
      `4. 本表只用于 ${period} 的数据,导入其他月份会被拒绝。`,
    ],
    head: ["字段键", "字段名称", "单位", "汇总方式"],
    rows: fields.map((f) => [f.key, f.label, f.unit ?? "", AGGREGATE_ZH[f.aggregate]]),
    lastWidth: 20,
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
