import { describe, expect, it } from "vitest";
import { readManualCsv } from "./csv";
import { checkManualRow, manualIndicators } from "./manual";
import { InputError, type Problem } from "./problems";
import { parseRulebook, type RulebookInput } from "./rulebook";
import { valid } from "./test/rulebook-fixtures";

/** The minimal rulebook with two groups and two committee-scored indicators, one for 农村法庭 only. */
function rulebook() {
  const raw: RulebookInput = valid();
  raw.groups = [{ key: "rural", name: "农村法庭", units: ["maixin"] }];
  raw.sections.push({
    key: "eval",
    name: "评议考核",
    indicators: [
      { key: "M1", name: "庭务管理评议", direction: "higher", points: 5, formula: { type: "manual", aggregate: "last" } },
      { key: "M2", name: "群众满意度", direction: "higher", points: 2.5, formula: { type: "manual", aggregate: "mean" }, groups: ["rural"] },
    ],
  });
  return parseRulebook(raw);
}
const rb = rulebook();
const names = new Map([
  ["maixin", "麦新人民法庭"],
  ["dayushu", "大榆树人民法庭"],
]);
const row = (o: Partial<{ unit: string; indicator: string; score: number; reason: string }> = {}) => ({ period: "2023-03", unit: "maixin", indicator: "M1", score: 4.5, reason: "庭务管理规范", ...o });
const zh = (ps: Problem[]) => ps.map((p) => `${p.field}:${p.zh}`);

describe("checkManualRow", () => {
  it("accepts a score from 0 to the points with a reason", () => {
    expect(manualIndicators(rb).map((i) => i.key)).toEqual(["M1", "M2"]);
    for (const score of [0, 2.44, 5]) expect(checkManualRow(rb, row({ score }), { names })).toEqual([]);
    expect(checkManualRow(rb, row({ indicator: "M2", score: 2.5 }), { names })).toEqual([]);
  });

  it("names the tribunal, the month and the indicator in every refusal", () => {
    expect(zh(checkManualRow(rb, row({ score: 5.01 }), { names }))).toEqual(["score:麦新人民法庭 2023年3月:“庭务管理评议”的评议分数 5.01 超过该指标的分值 5 分。请填写 0 到 5 之间的分数。"]);
    expect(zh(checkManualRow(rb, row({ score: -1, reason: "  " }), { names }))).toEqual([
      "score:麦新人民法庭 2023年3月:“庭务管理评议”的评议分数 -1 是负数。请填写 0 到 5 之间的分数。",
      "reason:麦新人民法庭 2023年3月:“庭务管理评议”的评议分数没有写理由。评议打分必须写明理由,请填写。",
    ]);
    expect(zh(checkManualRow(rb, row({ score: Number.NaN }), { names }))[0]).toContain("不是有限的数字");
    expect(zh(checkManualRow(rb, row({ indicator: "T1" }), { names }))).toEqual(["indicator:麦新人民法庭 2023年3月:“结收比”在考核办法 1 中按统计数据计分,不是评议打分指标,不能录入评议分数。请改为评议打分指标。"]);
    expect(zh(checkManualRow(rb, row({ indicator: "X9" }), { names }))[0]).toContain("没有指标“X9”。评议打分指标只有 “庭务管理评议”、“群众满意度”");
    expect(zh(checkManualRow(rb, row({ unit: "dayushu", indicator: "M2", score: 1 }), { names }))).toEqual([
      "unit:大榆树人民法庭 2023年3月:“群众满意度”只考核农村法庭,大榆树人民法庭属于其他法庭,不考核这一指标,不能录入分数。",
    ]);
    // without names the key stands in
    expect(checkManualRow(rb, row({ score: 9 }))[0]!.zh).toMatch(/^maixin 2023年3月:/);
  });
});

describe("readManualCsv for one month's import", () => {
  const units = [...names].map(([key, name]) => ({ key, name }));
  const read = (text: string) => {
    try {
      readManualCsv(text, rb, "m.csv", { units, period: "2023-03" });
    } catch (e) {
      if (e instanceof InputError) return e.problems.map((p) => `${p.line}:${p.column}:${p.zh}`);
      throw e;
    }
    return [];
  };
  it("reads the month's rows of known tribunals", () => {
    expect(readManualCsv("period,unit,indicator,score,reason\n2023-03,maixin,M1,4.5,好\n", rb, "m.csv", { units, period: "2023-03" })).toEqual([
      { period: "2023-03", unit: "maixin", indicator: "M1", score: 4.5, reason: "好" },
    ]);
  });
  it("refuses a row of another month and an unknown tribunal on their lines", () => {
    const problems = read("period,unit,indicator,score,reason\n2023-02,maixin,M1,4,好\n2023-03,nowhere,M1,4,好\n");
    expect(problems[0]).toBe("2:1:这一行是2023年2月的评议分数,而这次导入的是2023年3月。请只保留2023年3月的行,或改为导入2023年2月。");
    expect(problems[1]).toMatch(/^3:2:/);
    expect(problems).toHaveLength(2);
  });
});
