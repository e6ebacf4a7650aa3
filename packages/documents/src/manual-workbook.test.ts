import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { demoCourt } from "@scorecard/demo";
import { InputError, parseRulebook, type ManualRow, type Problem, type RulebookInput } from "@scorecard/rules";
import { buildManualTemplate, MANUAL_SHEET, NOTES_SHEET, readManualWorkbook } from "./index";

const court = demoCourt("grouped");
/** The example rulebook with a second committee-scored indicator for 二类法庭 only. */
const rulebook = (() => {
  const raw = structuredClone(court.rulebook) as unknown as RulebookInput;
  raw.sections[raw.sections.length - 1]!.indicators.push({ key: "M2", name: "群众满意度测评", direction: "higher", points: 3, formula: { type: "manual", aggregate: "mean" }, groups: ["small"] });
  return parseRulebook(raw);
})();
const units = court.units.map((u) => ({ key: u.key, name: u.name }));
const PERIOD = "2023-03";
const stored: ManualRow[] = court.manual.filter((m) => m.period === PERIOD);

async function load(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}
async function bytes(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
const rowOf = (unit: string) => units.findIndex((u) => u.key === unit) + 2;

async function problemsOf(data: Uint8Array): Promise<Problem[]> {
  try {
    await readManualWorkbook(data, { rulebook, period: PERIOD, units, file: "评议.xlsx" });
  } catch (e) {
    if (e instanceof InputError) return e.problems;
    throw e;
  }
  throw new Error("the workbook was accepted");
}

describe("the committee scores' workbook", () => {
  it("has a 分数 and a 理由 column per manual indicator, the stored entries filled in, and reads back as those entries", async () => {
    const buf = await buildManualTemplate({ rulebook, period: PERIOD, units, rows: stored });
    const wb = await load(buf);
    expect(wb.worksheets.map((s) => s.name)).toEqual([MANUAL_SHEET, NOTES_SHEET]);
    const ws = wb.getWorksheet(MANUAL_SHEET)!;
    expect(ws.getRow(1).values).toEqual([undefined, "法庭代码", "法庭", "庭务管理与作风建设评议 分数", "庭务管理与作风建设评议 理由", "群众满意度测评 分数", "群众满意度测评 理由"]);
    const dayushu = stored.find((m) => m.unit === "dayushu")!;
    expect(ws.getCell(rowOf("dayushu"), 3).value).toBe(dayushu.score);
    expect(ws.getCell(rowOf("dayushu"), 4).value).toBe(dayushu.reason);
    // 麦新 has no entry this month; M2 does not apply to 大榆树 (一类法庭): grey, with a note
    expect(ws.getCell(rowOf("maixin"), 3).value).toBeNull();
    expect(JSON.stringify(ws.getCell(rowOf("dayushu"), 5).note)).toContain("不考核");
    const notes = wb.getWorksheet(NOTES_SHEET)!;
    expect(notes.getCell("B2").value).toBe(PERIOD);

    expect(await readManualWorkbook(new Uint8Array(buf), { rulebook, period: PERIOD, units })).toEqual(stored);
  });

  it("reads new entries, skips untouched ones, and lists every problem of the file with its sheet, row and column", async () => {
    const wb = await load(await buildManualTemplate({ rulebook, period: PERIOD, units, rows: [] }));
    const ws = wb.getWorksheet(MANUAL_SHEET)!;
    ws.getCell(rowOf("maixin"), 3).value = 4.25;
    ws.getCell(rowOf("maixin"), 4).value = "调解工作扎实";
    ws.getCell(rowOf("maixin"), 5).value = "2.5";
    ws.getCell(rowOf("maixin"), 6).value = "满意度测评 92%";
    expect(await readManualWorkbook(await bytes(wb), { rulebook, period: PERIOD, units })).toEqual([
      { period: PERIOD, unit: "maixin", indicator: "M1", score: 4.25, reason: "调解工作扎实" },
      { period: PERIOD, unit: "maixin", indicator: "M2", score: 2.5, reason: "满意度测评 92%" },
    ]);

    ws.getCell(rowOf("dayushu"), 3).value = 6; // above the 5 points
    ws.getCell(rowOf("dayushu"), 4).value = "表现突出";
    ws.getCell(rowOf("dayushu"), 5).value = 2; // M2 does not apply to 一类法庭
    ws.getCell(rowOf("dayushu"), 6).value = "测评";
    ws.getCell(rowOf("dongfeng"), 3).value = -1; // negative, and no reason
    ws.getCell(rowOf("heilongba"), 4).value = "只有理由"; // a reason without a score
    const problems = await problemsOf(await bytes(wb));
    expect(problems.map((p) => [p.line, p.column])).toEqual([
      [rowOf("dayushu"), 3],
      [rowOf("dayushu"), 5],
      [rowOf("dongfeng"), 3],
      [rowOf("dongfeng"), 4],
      [rowOf("heilongba"), 3],
    ]);
    expect(problems.every((p) => p.file === "评议.xlsx" && p.zh.startsWith(`“${MANUAL_SHEET}”工作表第 `))).toBe(true);
    expect(problems[0]!.zh).toBe(`“评议打分”工作表第 ${rowOf("dayushu")} 行 C 列(庭务管理与作风建设评议 分数):大榆树人民法庭 2023年3月:“庭务管理与作风建设评议”的评议分数 6 超过该指标的分值 5 分。请填写 0 到 5 之间的分数。`);
    expect(problems[1]!.zh).toContain("只考核二类法庭,大榆树人民法庭属于一类法庭");
    expect(problems[2]!.zh).toContain("是负数");
    expect(problems[3]!.zh).toContain("没有写理由");
    expect(problems[4]!.zh).toContain("只填写了理由,没有填写分数");
  });

  it("refuses another month's workbook, an unknown tribunal and a header without the reason column", async () => {
    const wb = await load(await buildManualTemplate({ rulebook, period: "2023-02", units, rows: court.manual }));
    const ws = wb.getWorksheet(MANUAL_SHEET)!;
    ws.getCell(rowOf("maixin"), 1).value = "nowhere";
    ws.getCell(1, 6).value = null; // 群众满意度测评 理由 gone
    const problems = await problemsOf(await bytes(wb));
    expect(problems[0]!.zh).toContain("这份表是2023年2月的,而这次导入的是2023年3月");
    expect(problems.some((p) => p.line === 1 && p.zh.includes("表头缺少“群众满意度测评 理由”列"))).toBe(true);
    expect(problems.some((p) => p.line === rowOf("maixin") && p.column === 1)).toBe(true);
    await expect(readManualWorkbook(new Uint8Array([1, 2, 3]), { rulebook, period: PERIOD, units })).rejects.toThrow(/不是 Excel 工作簿/);
  });
});
