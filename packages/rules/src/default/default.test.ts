import { describe, expect, it } from "vitest";
import { fullScore, indicatorsOf, parseRulebook, RulebookSchema } from "../rulebook";
import { DEFAULT_RULEBOOK, DEFAULT_RULEBOOK_JSON } from "./index";

// The tables of shared/spec/default-rulebook.md, transcribed.
const FIELDS: Array<[key: string, label: string, unit: string, aggregate: string]> = [
  ["trial_received", "审判新收案件数", "件", "sum"],
  ["trial_closed", "审判结案数", "件", "sum"],
  ["trial_closed_in_limit", "法定审限内结案数", "件", "sum"],
  ["trial_days_total", "已结案件审理天数合计", "天", "sum"],
  ["trial_mediated", "调解撤诉结案数", "件", "sum"],
  ["trial_judged_first", "一审判决结案数", "件", "sum"],
  ["trial_reversed", "被改判发回重审案件数", "件", "sum"],
  ["trial_appealed", "上诉案件数", "件", "sum"],
  ["trial_pending_over12m", "超12个月未结案件数", "件", "last"],
  ["judges_trial", "审判团队员额法官数", "人", "mean"],
  ["enf_received", "执行收案数", "件", "sum"],
  ["enf_closed", "执行结案数", "件", "sum"],
  ["enf_asset_closed", "有财产可供执行案件结案数", "件", "sum"],
  ["enf_asset_closed_in_limit", "其中法定期限内执结数", "件", "sum"],
  ["enf_first_closed", "首执案件结案数", "件", "sum"],
  ["enf_first_days_total", "首执案件结案用时合计", "天", "sum"],
  ["enf_first_completed", "首执案件执行完毕数", "件", "sum"],
  ["enf_first_amount_applied", "首执案件申请执行标的额", "万元", "sum"],
  ["enf_first_amount_recovered", "首执案件实际执行到位金额", "万元", "sum"],
  ["enf_terminated", "终结本次执行程序结案数", "件", "sum"],
  ["enf_terminated_compliant", "终本合格案件数", "件", "sum"],
  ["staff_enf", "执行团队干警数", "人", "mean"],
];

const ratio = (num: string, den: string) => ({ type: "ratio", num, den });
const efficacy = { type: "efficacy", floor: 0.6 };
const rank = { type: "rank", step: 0.05 };
const INDICATORS: Array<{
  key: string; section: string; name: string; unit: string; direction: "higher" | "lower"; points: number;
  formula: object; method: object;
}> = [
  { key: "T1", section: "trial", name: "结收比", unit: "%", direction: "higher", points: 7, formula: ratio("trial_closed", "trial_received"), method: efficacy },
  { key: "T2", section: "trial", name: "法定审限内结案率", unit: "%", direction: "higher", points: 7, formula: ratio("trial_closed_in_limit", "trial_closed"), method: { type: "band", low: 0.98, step: 0.01, deduct: 1 } },
  { key: "T3", section: "trial", name: "平均审理天数", unit: "天", direction: "lower", points: 6, formula: ratio("trial_days_total", "trial_closed"), method: efficacy },
  { key: "T4", section: "trial", name: "调解撤诉率", unit: "%", direction: "higher", points: 6, formula: ratio("trial_mediated", "trial_closed"), method: rank },
  { key: "T5", section: "trial", name: "一审判决案件改判发回重审率", unit: "%", direction: "lower", points: 7, formula: ratio("trial_reversed", "trial_judged_first"), method: { type: "target", target: 0.02, zeroAt: 0.1 } },
  { key: "T6", section: "trial", name: "一审服判息诉率", unit: "%", direction: "higher", points: 5, formula: { type: "complement", num: "trial_appealed", den: "trial_closed" }, method: efficacy },
  { key: "T7", section: "trial", name: "超12个月未结案件数", unit: "件", direction: "lower", points: 3, formula: { type: "field", field: "trial_pending_over12m" }, method: { type: "band", high: 0, step: 1, deduct: 1 } },
  { key: "T8", section: "trial", name: "人均结案数", unit: "件/人", direction: "higher", points: 4, formula: ratio("trial_closed", "judges_trial"), method: { type: "ratioToBest" } },
  { key: "E1", section: "enforcement", name: "执结率", unit: "%", direction: "higher", points: 8, formula: ratio("enf_closed", "enf_received"), method: efficacy },
  { key: "E2", section: "enforcement", name: "有财产可供执行案件法定期限内执结率", unit: "%", direction: "higher", points: 9, formula: ratio("enf_asset_closed_in_limit", "enf_asset_closed"), method: { type: "target", target: 0.98, zeroAt: 0.9 } },
  { key: "E3", section: "enforcement", name: "首执案件结案平均用时", unit: "天", direction: "lower", points: 8, formula: ratio("enf_first_days_total", "enf_first_closed"), method: efficacy },
  { key: "E4", section: "enforcement", name: "首执完毕率", unit: "%", direction: "higher", points: 8, formula: ratio("enf_first_completed", "enf_first_closed"), method: rank },
  { key: "E5", section: "enforcement", name: "首执到位率", unit: "%", direction: "higher", points: 8, formula: ratio("enf_first_amount_recovered", "enf_first_amount_applied"), method: efficacy },
  { key: "E6", section: "enforcement", name: "终本合格率", unit: "%", direction: "higher", points: 7, formula: ratio("enf_terminated_compliant", "enf_terminated"), method: { type: "band", low: 1, step: 0.01, deduct: 0.5 } },
  { key: "E7", section: "enforcement", name: "人均执结数", unit: "件/人", direction: "higher", points: 7, formula: ratio("enf_closed", "staff_enf"), method: { type: "ratioToBest" } },
];

const ADJUSTMENTS = [
  { key: "B1", name: "受到上级法院通报表扬", kind: "bonus", points: 1 },
  { key: "B2", name: "工作经验被上级法院推广", kind: "bonus", points: 2 },
  { key: "B3", name: "信息宣传稿件被市级以上媒体采用", kind: "bonus", points: 0.5 },
  { key: "B4", name: "\"执行110\"财产线索查实并控制", kind: "bonus", points: 0.2 },
  { key: "P1", name: "有效投诉、涉执信访", kind: "penalty", points: 1 },
  { key: "P2", name: "督办事项逾期未办结", kind: "penalty", points: 0.5 },
  { key: "P3", name: "案件评查不合格", kind: "penalty", points: 2 },
  { key: "V1", name: "发生违法违纪问题被追责", kind: "veto" },
];

const rb = DEFAULT_RULEBOOK;

describe("the shipped default rulebook (default-rulebook.md)", () => {
  it("is a valid scorecard-rulebook/1 with the documented identity", () => {
    expect(RulebookSchema.safeParse(DEFAULT_RULEBOOK_JSON).success).toBe(true);
    expect(rb).toMatchObject({
      format: "scorecard-rulebook/1",
      id: "kailu-tribunals",
      version: "2022.1",
      title: "开鲁县人民法院人民法庭审判执行工作目标绩效考核办法(2022年修订)",
      effectiveFrom: "2022-01",
      window: "ytd",
    });
  });

  it("declares the 22 fields of the table, in order, with labels, units and aggregates", () => {
    expect(rb.fields.map((f) => [f.key, f.label, f.unit, f.aggregate])).toEqual(FIELDS);
  });

  it("declares every 件 and 人 field integer, and no other", () => {
    expect(rb.fields.filter((f) => f.integer).map((f) => f.key)).toEqual(FIELDS.filter(([, , unit]) => unit === "件" || unit === "人").map(([key]) => key));
    expect(rb.fields.filter((f) => !f.integer).map((f) => f.unit)).toEqual(["天", "天", "万元", "万元"]);
  });

  it("checks the part-of-whole pairs as errors and the trailing ones as warnings, each with advice in Chinese", () => {
    const pairs = (level: string) => rb.checks.filter((c) => c.level === level).map((c) => `${c.left} ≤ ${c.right}`);
    expect(pairs("error")).toEqual([
      "trial_closed_in_limit ≤ trial_closed",
      "trial_mediated ≤ trial_closed",
      "trial_judged_first ≤ trial_closed",
      "enf_asset_closed ≤ enf_closed",
      "enf_asset_closed_in_limit ≤ enf_asset_closed",
      "enf_first_closed ≤ enf_closed",
      "enf_first_completed ≤ enf_first_closed",
      "enf_terminated ≤ enf_closed",
      "enf_terminated_compliant ≤ enf_terminated",
    ]);
    expect(pairs("warning")).toEqual([
      "enf_first_amount_recovered ≤ enf_first_amount_applied",
      "trial_appealed ≤ trial_closed",
      "trial_reversed ≤ trial_judged_first",
    ]);
    for (const c of rb.checks) {
      expect(c.rule).toBe("le");
      expect(c.message, c.key).toMatch(/^[\u4e00-\u9fff].*请(核对|核实)/);
    }
  });

  it("has the sections 审判工作 (T1–T8) and 执行工作 (E1–E7)", () => {
    expect(rb.sections.map((s) => [s.key, s.name, s.indicators.map((i) => i.key)])).toEqual([
      ["trial", "审判工作", ["T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8"]],
      ["enforcement", "执行工作", ["E1", "E2", "E3", "E4", "E5", "E6", "E7"]],
    ]);
  });

  it.each(INDICATORS)("indicator $key $name is as tabulated", (want) => {
    const got = indicatorsOf(rb).find((i) => i.key === want.key);
    expect(got).toBeDefined();
    expect(got).toMatchObject({ ...want, missing: "mean" });
    expect(got?.method).toEqual(want.method);
    expect(got?.formula).toEqual(want.formula);
  });

  it("scores 45 for trial, 55 for enforcement, 100 in full", () => {
    const sum = (key: string) => rb.sections.find((s) => s.key === key)?.indicators.reduce((a, i) => a + i.points, 0);
    expect(sum("trial")).toBe(45);
    expect(sum("enforcement")).toBe(55);
    expect(fullScore(rb)).toBe(100);
  });

  it("gives warning thresholds that point the right way and agree with the scoring lines", () => {
    for (const ind of indicatorsOf(rb)) {
      if (!ind.warn) continue;
      const { red, yellow } = ind.warn;
      expect(red, ind.key).toBeDefined();
      expect(yellow, ind.key).toBeDefined();
      if (ind.direction === "higher") expect(red!).toBeLessThanOrEqual(yellow!);
      else expect(red!).toBeGreaterThanOrEqual(yellow!);
    }
    const warn = (key: string) => indicatorsOf(rb).find((i) => i.key === key)?.warn;
    expect(warn("E2")).toEqual({ yellow: 0.95, red: 0.9 }); // red exactly where E2 scores zero
    expect(warn("E1")).toEqual({ yellow: 0.95, red: 0.9 });
    // every rate-type indicator has thresholds; per-capita counts depend on the window and have none
    const withWarn = indicatorsOf(rb).filter((i) => i.warn).map((i) => i.key);
    expect(withWarn).toEqual(["T1", "T2", "T3", "T4", "T5", "T6", "T7", "E1", "E2", "E3", "E4", "E5", "E6"]);
  });

  it("has the adjustments B1–B4, P1–P3 and the veto V1, bonus cap 5, tie-break enforcement then trial", () => {
    expect(rb.adjustments).toEqual(ADJUSTMENTS);
    expect(rb.bonusCap).toBe(5);
    expect(rb.tieBreak).toEqual(["enforcement", "trial"]);
  });

  it("offers P2 (督办事项逾期未办结) for an overdue supervision instruction", () => {
    expect(rb.supervision).toEqual({ overdueItem: "P2" });
  });

  it("evaluates the year on the ytd basis with grades, quota, veto cap, reward and talk", () => {
    expect(rb.annual).toEqual({
      basis: "ytd",
      grades: [
        { key: "excellent", name: "优秀", minScore: 85, maxShare: 0.25 },
        { key: "good", name: "良好", minScore: 75 },
        { key: "pass", name: "合格", minScore: 60 },
        { key: "fail", name: "不合格" },
      ],
      vetoCap: "pass",
      rewards: [{ key: "advanced", name: "先进法庭", topRanks: 2 }],
      talk: { monthsLast: 3 },
    });
  });

  it("writes every default explicitly, so the raw file equals the parsed rulebook", () => {
    expect(parseRulebook(structuredClone(DEFAULT_RULEBOOK_JSON))).toEqual(DEFAULT_RULEBOOK_JSON);
  });

  it("is frozen, so no caller can change the shipped rules by accident", () => {
    expect(Object.isFrozen(rb)).toBe(true);
    expect(Object.isFrozen(rb.sections[0]!.indicators[0]!.method)).toBe(true);
    expect(Object.isFrozen(DEFAULT_RULEBOOK_JSON)).toBe(true);
  });
});
