/**
 * `readManualCsv` (the `--manual M.csv` file, rulebook.md §9): the committee's scores read through
 * the one table reader and checked by `checkManualRow` against the version in force at each month.
 */
import { describe, expect, it } from "vitest";
import { readManualCsv, writeManualCsv } from "./csv";
import type { ManualRow } from "./data";
import { formatProblem } from "./problems";
import { oneProblem, problemsOf, rulebook } from "./test/csv-fixtures";
import type { RulebookInput } from "./rulebook";

/** The CSV fixture's rulebook with two manual indicators (M2 for the rural group only) and groups. */
function manualRulebook(over: { version?: string; effectiveFrom?: string; m1Points?: number } = {}) {
  const base = rulebook();
  const sections = structuredClone(base.sections) as RulebookInput["sections"];
  sections.push({
    key: "evaluation",
    name: "评议考核",
    indicators: [
      { key: "M1", name: "庭务管理评议", direction: "higher", points: over.m1Points ?? 5, formula: { type: "manual", aggregate: "last" } },
      { key: "M2", name: "群众满意度评议", direction: "higher", points: 2, formula: { type: "manual", aggregate: "mean" }, groups: ["rural"] },
    ],
  });
  return rulebook({
    version: over.version ?? "1",
    effectiveFrom: over.effectiveFrom ?? "2022-01",
    sections,
    groups: [
      { key: "town", name: "城郊法庭", units: ["a"] },
      { key: "rural", name: "农村法庭", units: ["b"] },
    ],
  });
}

const MRB = manualRulebook();
const HEAD = "period,unit,indicator,score,reason";
const manual = (body: string, file = "manual.csv") => readManualCsv(`${HEAD}\n${body}`, MRB, file);
const NAMES = new Map([
  ["a", "大榆树人民法庭"],
  ["b", "麦新人民法庭"],
]);

describe("readManualCsv", () => {
  it("reads rows in file order, trimming cells, with a quoted reason holding a comma", () => {
    expect(manual('2023-02,b,M2, 1.5 ,"群众评价好, 无投诉"\n2023-01,a,M1,4.25,庭务规范\n2023-01,b,M1,0,作风需整改\n')).toEqual([
      { period: "2023-02", unit: "b", indicator: "M2", score: 1.5, reason: "群众评价好, 无投诉" },
      { period: "2023-01", unit: "a", indicator: "M1", score: 4.25, reason: "庭务规范" },
      { period: "2023-01", unit: "b", indicator: "M1", score: 0, reason: "作风需整改" },
    ]);
  });

  it("accepts a BOM, Chinese headers in any order, CRLF and blank lines; a score of exactly the points", () => {
    const text = "\uFEFF理由,分数,指标,法庭,月份\r\n庭务规范,5,M1,a,2023-03\r\n,,,,\r\n\r\n";
    expect(readManualCsv(text, MRB)).toEqual([{ period: "2023-03", unit: "a", indicator: "M1", score: 5, reason: "庭务规范" }]);
    expect(readManualCsv("期间,单位,指标,评议分数,评议理由\n2023-03,a,M1,3,好", MRB)).toHaveLength(1);
  });

  it("returns no rows for a header-only file and refuses an empty one", () => {
    expect(readManualCsv(`${HEAD}\n`, MRB)).toEqual([]);
    const p = oneProblem(() => readManualCsv("", MRB, "m.csv"));
    expect(p).toMatchObject({ file: "m.csv", line: 1 });
    expect(p.zh).toContain("评议打分文件是空的");
  });

  it("round-trips what writeManualCsv writes, a reason with quotes and commas included", () => {
    const rows: ManualRow[] = [
      { period: "2023-01", unit: "a", indicator: "M1", score: 4.05, reason: '卷宗归档"及时", 流程规范' },
      { period: "2023-01", unit: "b", indicator: "M2", score: 2, reason: "好" },
    ];
    expect(readManualCsv(writeManualCsv(rows, { bom: true }), MRB)).toEqual(rows);
  });

  it("refuses a score above the indicator's points, naming file, line, column and the points", () => {
    const p = oneProblem(() => manual("2023-01,a,M1,4,好\n2023-01,b,M1,5.5,好"));
    expect(p).toMatchObject({ file: "manual.csv", line: 3, column: 4, field: "score" });
    expect(p.zh).toContain("5.5");
    expect(p.zh).toContain("超过该指标的分值 5 分");
    expect(formatProblem(p)).toContain("manual.csv 第 3 行 第 4 列 字段 score");
  });

  it("checks against the version in force at the row's month", () => {
    const v2 = manualRulebook({ version: "2", effectiveFrom: "2023-01", m1Points: 3 });
    expect(readManualCsv(`${HEAD}\n2022-12,a,M1,4,好`, [MRB, v2])).toHaveLength(1);
    const p = oneProblem(() => readManualCsv(`${HEAD}\n2022-12,a,M1,4,好\n2023-01,a,M1,4,好`, [v2, MRB], "m.csv"));
    expect(p).toMatchObject({ line: 3, field: "score" });
    expect(p.zh).toContain("分值 3 分");
  });

  it("refuses a negative score, saying the range to write", () => {
    const p = oneProblem(() => manual("2023-01,a,M1,-1,好"));
    expect(p).toMatchObject({ line: 2, column: 4, field: "score" });
    expect(p.zh).toContain("负数");
    expect(p.zh).toContain("0 到 5 之间");
  });

  it.each([
    ["text", "优", "不是数字"],
    ["a percentage", "90%", "百分号"],
    ["NaN", "NaN", "不是有限的数字"],
    ["an out-of-range number", "1e999", "超出数字范围"],
    ["an empty cell", "", "没有填写"],
  ])("refuses %s as a score", (_what, cell, text) => {
    const p = oneProblem(() => manual(`2023-01,a,M1,${cell},好`));
    expect(p).toMatchObject({ line: 2, column: 4, field: "score" });
    expect(p.zh).toContain(text);
  });

  it("refuses an empty reason (a blank one too)", () => {
    for (const reason of ["", "  ", '"  "']) {
      const p = oneProblem(() => manual(`2023-01,a,M1,3,${reason}`));
      expect(p).toMatchObject({ line: 2, column: 5, field: "reason" });
      expect(p.zh).toContain("理由");
    }
  });

  it("refuses an indicator that is not a manual one of the version, and an unknown one", () => {
    const notManual = oneProblem(() => manual("2023-01,a,E1,3,好"));
    expect(notManual).toMatchObject({ line: 2, column: 3, field: "indicator" });
    expect(notManual.zh).toContain("“执结率”");
    expect(notManual.zh).toContain("不是评议打分指标");
    const unknown = oneProblem(() => manual("2023-01,a,Z9,3,好"));
    expect(unknown).toMatchObject({ line: 2, column: 3, field: "indicator" });
    expect(unknown.zh).toContain("Z9");
    expect(unknown.zh).toContain("“庭务管理评议”");
    expect(oneProblem(() => manual("2023-01,a,,3,好"))).toMatchObject({ line: 2, column: 3, field: "indicator" });
  });

  it("refuses a score of an indicator that does not apply to the tribunal's group, naming the tribunal", () => {
    const p = oneProblem(() => readManualCsv(`${HEAD}\n2023-01,a,M2,1,好`, MRB, "m.csv", { names: NAMES }));
    expect(p).toMatchObject({ file: "m.csv", line: 2, column: 2, field: "unit" });
    expect(p.zh).toContain("大榆树人民法庭");
    expect(p.zh).toContain("农村法庭");
    expect(p.zh).toContain("城郊法庭");
  });

  it("refuses a second score of the same tribunal, month and indicator, naming both lines", () => {
    const p = oneProblem(() => readManualCsv(`${HEAD}\n2023-01,a,M1,3,好\n2023-02,a,M1,3,好\n2023-01,a,M1,4,更好`, MRB, "m.csv", { names: NAMES }));
    expect(p).toMatchObject({ file: "m.csv", line: 4, column: 3, field: "indicator" });
    expect(p.zh).toContain("第 2 行和第 4 行");
    expect(p.zh).toContain("大榆树人民法庭 2023年1月“庭务管理评议”");
  });

  it("reports header problems as the facts reader does: unknown, duplicate and missing columns", () => {
    const ps = problemsOf(() => readManualCsv("period,unit,指标,indicator,score,memo\n2023-01,a,M1,M1,3,x", MRB, "m.csv"));
    expect(ps.map((p) => [p.line, p.column, p.field])).toEqual([
      [1, 4, "indicator"],
      [1, 6, "memo"],
      [1, undefined, "reason"],
    ]);
    expect(ps[1]?.zh).toContain("不是可识别的列");
    expect(ps[2]?.zh).toContain("理由(reason)");
  });

  it("reports every problem of the file in line order, a line's in column order, each cell once", () => {
    const text = [HEAD, "2023-13,a,M1,3,好", "2023-01,a b,M1,3,好", "2023-01,a,M1,9,", "2023-01,b,M1", "2023-01,b,M2,1,好,多余", "2023-02,a,E1,x,"].join("\n");
    const ps = problemsOf(() => readManualCsv(text, MRB, "m.csv"));
    expect(ps.map((p) => [p.line, p.column, p.field])).toEqual([
      [2, 1, "period"],
      [3, 2, "unit"],
      [4, 4, "score"],
      [4, 5, "reason"],
      [5, 4, "score"],
      [6, 6, undefined],
      [7, 3, "indicator"],
      [7, 4, "score"],
      [7, 5, "reason"],
    ]);
    expect(ps.every((p) => p.file === "m.csv")).toBe(true);
    expect(ps[7]?.zh).toBe("分数(score)的值“x”不是数字。请填写半角数字,如 12 或 0.5。");
  });
});
