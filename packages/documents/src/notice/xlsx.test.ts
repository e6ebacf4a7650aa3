import { describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { demoCourt } from "@scorecard/demo";
import { scorePeriod } from "@scorecard/scoring";
import { demoSnapshot, unzipText } from "./test-support";
import { safeText } from "../official/xlsx";
import { noticeXlsx } from "./xlsx";

async function open(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb;
}

/** The rows of a sheet as plain values, from row `from` on. */
function rows(ws: ExcelJS.Worksheet, from = 1): unknown[][] {
  const out: unknown[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    if (n >= from) out.push((row.values as unknown[]).slice(1));
  });
  return out;
}

describe("the Excel notice", () => {
  it("has the sheets 排名, 各项指标, 预警, 亮点, 原始数据 and 情况分析", async () => {
    const wb = await open(await noticeXlsx(demoSnapshot()));
    expect(wb.worksheets.map((w) => w.name)).toEqual(["排名", "各项指标", "预警", "亮点", "原始数据", "情况分析"]);
    expect(wb.created?.toISOString()).toBe("2023-04-05T02:00:00.000Z");
  });

  it("ranks as the engine does, numbers stored as numbers", async () => {
    const d = demoCourt();
    const engine = scorePeriod({ rulebooks: d.rulebook, data: d, period: "2023-03" });
    const names = new Map(d.units.map((u) => [u.key, u.name]));
    const ws = (await open(await noticeXlsx(demoSnapshot()))).getWorksheet("排名")!;
    const all = rows(ws);
    const header = all.findIndex((r) => r[0] === "名次");
    expect(all[header]).toEqual(["名次", "较上月", "法庭", "审判工作", "执行工作", "加分", "扣分", "总分"]);
    expect(all.slice(header + 1, header + 9)).toEqual(
      engine.units.map((u) => [u.rank, "持平", names.get(u.unit), u.sections.trial, u.sections.enforcement, u.bonus, u.penalty, u.total]),
    );
    expect(ws.getRow(header + 2).getCell(8).numFmt).toBe("0.00");
  });

  it("stores rates as fractions shown as percentages with two decimals, and every indicator's rank", async () => {
    const d = demoCourt();
    const engine = scorePeriod({ rulebooks: d.rulebook, data: d, period: "2023-03" });
    const ws = (await open(await noticeXlsx(demoSnapshot()))).getWorksheet("各项指标")!;
    let found = false;
    ws.eachRow((row) => {
      if (row.getCell(1).value !== "麦新人民法庭" || found) return;
      found = true;
      const maixin = engine.units.find((u) => u.unit === "maixin")!;
      expect(row.getCell(2).value).toBe(maixin.indicators.T1!.value);
      expect(row.getCell(2).numFmt).toBe("0.00%");
      expect(row.getCell(3).value).toBe(maixin.indicators.T1!.rank);
    });
    expect(found).toBe(true);
  });

  it("holds the month's raw facts of the window, as numbers", async () => {
    const d = demoCourt();
    const ws = (await open(await noticeXlsx(demoSnapshot()))).getWorksheet("原始数据")!;
    const all = rows(ws);
    const header = all.findIndex((r) => r[0] === "月份");
    expect(all[header]!.slice(0, 3)).toEqual(["月份", "法庭", "审判新收案件数(件)"]);
    const march = all.find((r) => r[0] === "2023年3月" && r[1] === "麦新人民法庭")!;
    const fact = d.facts.find((f) => f.period === "2023-03" && f.unit === "maixin")!;
    expect(march.slice(2)).toEqual(d.rulebook.fields.map((f) => fact.values[f.key]));
  });

  it("neutralises text Excel could evaluate: commentary, reasons and names that start with = + - @", async () => {
    expect(safeText("=HYPERLINK(\"http://x\",\"y\")")).toBe("'=HYPERLINK(\"http://x\",\"y\")");
    expect(safeText("+1")).toBe("'+1");
    expect(safeText("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(safeText("\tx")).toBe("'\tx");
    expect(safeText("大榆树")).toBe("大榆树");
    const d = demoCourt();
    const units = d.units.map((u) => (u.key === "maixin" ? { ...u, name: "+1" } : u));
    const attack = '=HYPERLINK("http://evil.example","点击")';
    const first = demoSnapshot();
    const s = demoSnapshot("2023-03", { units, commentary: `${attack}\n-2+3`, revision: 2, correction: { reason: "@SUM(1+1)", of: first } });
    const bytes = await noticeXlsx(s);
    const wb = await open(bytes);
    const texts: string[] = [];
    for (const ws of wb.worksheets)
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
          if (typeof cell.value === "string") texts.push(cell.value);
        }),
      );
    expect(texts).toContain(`'${attack}`);
    expect(texts).toContain("'-2+3");
    expect(texts).toContain("'+1");
    expect(texts.some((t) => t.includes("@SUM(1+1)"))).toBe(true);
    expect(texts.some((t) => /^[=+\-@]/.test(t))).toBe(false);
    // and no sheet holds a formula element at all
    for (const [name, xml] of await unzipText(bytes)) if (name.startsWith("xl/worksheets/")) expect(xml).not.toMatch(/<f[ >]/);
  });
});
