import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { WindowKind } from "@scorecard/rules";
import { round2 } from "./numbers";
import { scorePeriod, type PeriodResult } from "./score";
import { facts, fieldIndicator, rulebook } from "./test/fixtures";
import { monthArb, periodOf, RUNS, YEAR, constructScenarioArb, scenarioArb, windowArb, type Scenario } from "./test/generators";

const byUnit = (r: PeriodResult) => Object.fromEntries(r.units.map((u) => [u.unit, u]));
const scoreOf = (r: PeriodResult, unit: string, ind = "X") => byUnit(r)[unit]!.indicators[ind]!.score;

describe("round2 (rulebook §6.1)", () => {
  it("rounds half away from zero, absorbing binary error", () => {
    expect(round2(3.005)).toBe(3.01);
    expect(round2(1.005)).toBe(1.01); // 1.005 * 100 = 100.49999999999999 in binary
    expect(round2(-2.675)).toBe(-2.68);
    expect(round2(2.674999)).toBe(2.67);
    expect(round2(-0.001)).toBe(0);
    expect(Object.is(round2(-0.001), -0)).toBe(false);
  });
  it("an engine score whose exact value is 3.005 shows 3.01", () => {
    // target higher t = 1, z = 0: score = p · x = 6.01 · 0.5 = 3.005
    const rb = rulebook([fieldIndicator({ type: "target", target: 1, zeroAt: 0 }, 6.01)]);
    const r = scorePeriod({ rulebooks: rb, data: { facts: facts("2022-01", { u: 0.5, v: 1 }) }, period: "2022-01" });
    expect(scoreOf(r, "u")).toBe(3.01);
  });
});

describe("methods (rulebook §5), worked by hand", () => {
  const period = "2022-03";
  const run = (method: Parameters<typeof fieldIndicator>[0], values: Record<string, number>, points = 10, direction: "higher" | "lower" = "higher") =>
    scorePeriod({ rulebooks: rulebook([fieldIndicator(method, points, direction)]), data: { facts: facts(period, values) }, period });

  it("efficacy: p·(f + (1−f)·(x − worst)/(best − worst))", () => {
    const r = run({ type: "efficacy", floor: 0.6 }, { a1: 0.9, a2: 0.8, a3: 0.7 });
    // best .9, worst .7: .8 → 10·(0.6 + 0.4·0.5) = 8; .7 → 6
    expect([scoreOf(r, "a1"), scoreOf(r, "a2"), scoreOf(r, "a3")]).toEqual([10, 8, 6]);
    const lower = run({ type: "efficacy", floor: 0.5 }, { a1: 30, a2: 40, a3: 60 }, 8, "lower");
    // best 30, worst 60: 40 → 8·(0.5 + 0.5·(40−60)/(30−60)) = 8·(0.5+0.3333) = 6.67
    expect([scoreOf(lower, "a1"), scoreOf(lower, "a2"), scoreOf(lower, "a3")]).toEqual([8, 6.67, 4]);
  });
  it("efficacy: all values equal gives full points", () => {
    const r = run({ type: "efficacy" }, { a1: 5, a2: 5 }, 7);
    expect([scoreOf(r, "a1"), scoreOf(r, "a2")]).toEqual([7, 7]);
  });
  it("rank: competition ranks 1, 1, 3, 4 and p·max(0, 1 − d·(r − 1))", () => {
    const r = run({ type: "rank", step: 0.05 }, { a: 5, b: 5, c: 3, d: 1 }, 6);
    expect(["a", "b", "c", "d"].map((u) => scoreOf(r, u))).toEqual([6, 6, 5.4, 5.1]);
    expect(["a", "b", "c", "d"].map((u) => byUnit(r)[u]!.indicators.X!.rank)).toEqual([1, 1, 3, 4]);
    const steep = run({ type: "rank", step: 0.5 }, { a: 3, b: 2, c: 1 }, 4);
    expect(scoreOf(steep, "c")).toBe(0); // 1 − 0.5·2 = 0
  });
  it("target: full at the target, zero at zeroAt, linear between (higher and lower)", () => {
    const r = run({ type: "target", target: 0.98, zeroAt: 0.9 }, { a: 0.99, b: 0.94, c: 0.85 }, 9);
    expect([scoreOf(r, "a"), scoreOf(r, "b"), scoreOf(r, "c")]).toEqual([9, 4.5, 0]);
    const lower = run({ type: "target", target: 0.02, zeroAt: 0.1 }, { a: 0.01, b: 0.04, c: 0.2 }, 7, "lower");
    // 7·(0.10 − 0.04)/(0.10 − 0.02) = 5.25
    expect([scoreOf(lower, "a"), scoreOf(lower, "b"), scoreOf(lower, "c")]).toEqual([7, 5.25, 0]);
  });
  it("target byMonth replaces target and zeroAt for the scored month only", () => {
    const method = { type: "target" as const, target: 1, zeroAt: 0, byMonth: { "03": { target: 0.5, zeroAt: 0.1 } } };
    const r = run(method, { a: 0.3 }, 4);
    expect(scoreOf(r, "a")).toBe(2); // 4·(0.3 − 0.1)/(0.5 − 0.1)
    const other = scorePeriod({ rulebooks: rulebook([fieldIndicator(method, 4)]), data: { facts: facts("2022-04", { a: 0.3 }) }, period: "2022-04" });
    expect(scoreOf(other, "a")).toBe(1.2); // 4·0.3/1
  });
  it("ratioToBest: p·x/best (higher), p·best/x (lower), full when best ≤ 0 or x ≤ 0", () => {
    const r = run({ type: "ratioToBest" }, { a: 8, b: 5 }, 4);
    expect([scoreOf(r, "a"), scoreOf(r, "b")]).toEqual([4, 2.5]);
    const lower = run({ type: "ratioToBest" }, { a: 20, b: 50, c: 0 }, 4, "lower");
    // best 0 → max(best,0)=0: a → 0; c (x ≤ 0) → 4
    expect([scoreOf(lower, "a"), scoreOf(lower, "c")]).toEqual([0, 4]);
    const lower2 = run({ type: "ratioToBest" }, { a: 20, b: 50 }, 4, "lower");
    expect(scoreOf(lower2, "b")).toBe(1.6);
    const allZero = run({ type: "ratioToBest" }, { a: 0, b: 0 }, 4);
    expect(scoreOf(allZero, "a")).toBe(4);
  });
  it("band: 每低于基准1个百分点扣1分, clamped at zero; upper bound", () => {
    const r = run({ type: "band", low: 0.98, step: 0.01, deduct: 1 }, { a: 0.99, b: 0.955, c: 0.5 }, 7);
    expect([scoreOf(r, "a"), scoreOf(r, "b"), scoreOf(r, "c")]).toEqual([7, 4.5, 0]);
    const high = run({ type: "band", high: 0, step: 1, deduct: 1 }, { a: 0, b: 2, c: 9 }, 3, "lower");
    expect([scoreOf(high, "a"), scoreOf(high, "b"), scoreOf(high, "c")]).toEqual([3, 1, 0]);
  });
  it("clamps a complement value below zero into [0, p]", () => {
    const ind = { key: "X", name: "服判息诉率", direction: "higher" as const, points: 5, formula: { type: "complement" as const, num: "a", den: "b" }, method: { type: "ratioToBest" as const } };
    const r = scorePeriod({
      rulebooks: rulebook([ind]),
      data: { facts: facts("2022-01", { u: { a: 3, b: 1 }, v: { a: 1, b: 2 } }) },
      period: "2022-01",
    });
    expect(byUnit(r).u!.indicators.X!.value).toBe(-2);
    expect(scoreOf(r, "u")).toBe(0);
    expect(scoreOf(r, "v")).toBe(5);
  });
});

describe("missing values", () => {
  const ratio = (missing: "mean" | "full" | "zero") => ({
    key: "X", name: "比率", direction: "higher" as const, points: 10, missing,
    formula: { type: "ratio" as const, num: "a", den: "b" }, method: { type: "efficacy" as const, floor: 0.6 },
  });
  const data = { facts: facts("2022-01", { u: { a: 9, b: 10 }, v: { a: 8, b: 10 }, w: { a: 7, b: 10 }, z: { a: 3, b: 0 } }) };
  it("mean: the mean of the others' rounded scores; the indicator rank is null", () => {
    const r = scorePeriod({ rulebooks: rulebook([ratio("mean")]), data, period: "2022-01" });
    expect(scoreOf(r, "z")).toBe(8); // (10 + 8 + 6) / 3
    const z = byUnit(r).z!.indicators.X!;
    expect(z.value).toBeNull();
    expect(z.rank).toBeNull();
    expect(z.explanation?.nullReason).toBe("zeroDenominator");
    expect(z.explanation?.text).toContain("分母为 0");
  });
  it("full and zero", () => {
    expect(scoreOf(scorePeriod({ rulebooks: rulebook([ratio("full")]), data, period: "2022-01" }), "z")).toBe(10);
    expect(scoreOf(scorePeriod({ rulebooks: rulebook([ratio("zero")]), data, period: "2022-01" }), "z")).toBe(0);
  });
  it("mean with no unit having a value gives full points", () => {
    const d = { facts: facts("2022-01", { u: { a: 1, b: 0 }, v: { a: 1, b: 0 } }) };
    expect(scoreOf(scorePeriod({ rulebooks: rulebook([ratio("mean")]), data: d, period: "2022-01" }), "u")).toBe(10);
  });
});

describe("windows and aggregation (rulebook §3)", () => {
  const rb = rulebook([
    { key: "X", name: "比率", direction: "higher", points: 10, formula: { type: "ratio", num: "a", den: "b" }, method: { type: "ratioToBest" } },
  ], {
    fields: [
      { key: "a", label: "甲", aggregate: "sum" },
      { key: "b", label: "乙", aggregate: "mean" },
      { key: "c", label: "丙", aggregate: "last" },
    ],
  });
  const rows = [
    ...facts("2022-01", { u: { a: 10, b: 2, c: 5 }, v: { a: 10, b: 2, c: 1 } }),
    ...facts("2022-02", { u: { a: 20, b: 4, c: 7 } }),
    ...facts("2022-04", { u: { a: 30, b: 6, c: 9 }, v: { a: 30, b: 6, c: 2 } }),
  ];
  it("ytd sums, means over months with facts, and a rate recomputed from the aggregates", () => {
    const r = scorePeriod({ rulebooks: rb, data: { facts: rows }, period: "2022-04", window: "ytd" });
    const u = byUnit(r).u!.indicators.X!;
    expect(u.value).toBeCloseTo(60 / 4); // sum 60, mean of 2,4,6 = 4
    const v = byUnit(r).v!.indicators.X!;
    expect(v.value).toBeCloseTo(40 / 4); // months 01 and 04 only: sum 40, mean 4
    expect(u.explanation?.formula).toMatchObject({ num: { value: 60 }, den: { value: 4 } });
    expect(r.window).toEqual({ kind: "ytd", from: "2022-01", to: "2022-04" });
  });
  it("quarter covers the quarter up to the month; year the whole year; month the month", () => {
    expect(scorePeriod({ rulebooks: rb, data: { facts: rows }, period: "2022-05", window: "quarter" }).window).toEqual({ kind: "quarter", from: "2022-04", to: "2022-05" });
    expect(scorePeriod({ rulebooks: rb, data: { facts: rows }, period: "2022-05", window: "year" }).window).toEqual({ kind: "year", from: "2022-01", to: "2022-12" });
    const month = scorePeriod({ rulebooks: rb, data: { facts: rows }, period: "2022-02" });
    expect(month.units.map((u) => u.unit)).toEqual(["u"]); // v has no facts in February
  });
});

describe("totals, adjustments and ranks (rulebook §6)", () => {
  const two = [
    { key: "E", name: "执行", indicators: [{ ...fieldIndicator({ type: "ratioToBest" }, 10, "higher", "E1") }] },
    { key: "T", name: "审判", indicators: [{ key: "T1", name: "审判指标", direction: "higher" as const, points: 10, formula: { type: "field" as const, field: "b" }, method: { type: "ratioToBest" as const } }] },
  ];
  const adjustments = [
    { key: "B1", name: "表扬", kind: "bonus" as const, points: 2 },
    { key: "B2", name: "宣传", kind: "bonus" as const, points: 0.1 },
    { key: "P1", name: "投诉", kind: "penalty" as const, points: 1.5 },
    { key: "V1", name: "违纪", kind: "veto" as const },
  ];
  const rb = rulebook([], { sections: two, adjustments, bonusCap: 5, tieBreak: ["E", "T"] });

  it("bonus is capped, penalties and vetoes count, veto leaves the rank alone, totals can be negative", () => {
    const data = {
      facts: facts("2022-01", { u: { a: 10, b: 10 }, v: { a: 10, b: 10 }, w: { a: 0, b: 0 } }),
      adjustments: [
        { period: "2022-01", unit: "u", item: "B1", count: 3 },
        { period: "2022-01", unit: "u", item: "B2", count: 3 },
        { period: "2022-01", unit: "v", item: "V1", count: 1 },
        { period: "2022-01", unit: "w", item: "P1", count: 2 },
        { period: "2021-12", unit: "w", item: "P1", count: 9 }, // outside the window
      ],
    };
    const r = scorePeriod({ rulebooks: rb, data, period: "2022-01" });
    const u = byUnit(r);
    expect(u.u).toMatchObject({ bonus: 5, bonusUncapped: 6.3, total: 25, rank: 1 });
    expect(u.v).toMatchObject({ veto: true, total: 20, rank: 2 });
    expect(u.w).toMatchObject({ penalty: 3, total: -3, rank: 3 });
  });
  it("equal totals are ordered by tieBreak sections; still equal share a rank", () => {
    const data = {
      facts: facts("2022-01", { p: { a: 10, b: 5 }, q: { a: 5, b: 10 }, r: { a: 10, b: 5 }, s: { a: 1, b: 1 } }),
    };
    const r = scorePeriod({ rulebooks: rb, data, period: "2022-01" });
    // p, r: E 10, T 5; q: E 5, T 10 — all total 15
    expect(r.units.map((u) => [u.unit, u.rank, u.total])).toEqual([["p", 1, 15], ["r", 1, 15], ["q", 3, 15], ["s", 4, 2]]);
  });
  it("totals compare in whole hundredths (0.1 + 0.2 equals 0.3)", () => {
    const rb2 = rulebook([], { sections: two, adjustments, bonusCap: 5 });
    const data = {
      facts: facts("2022-01", { x: { a: 0, b: 0 }, y: { a: 0, b: 0 } }),
      adjustments: [
        { period: "2022-01", unit: "x", item: "B2", count: 3 },
        { period: "2022-01", unit: "y", item: "B2", count: 1 },
        { period: "2022-01", unit: "y", item: "B2", count: 2 },
      ],
    };
    const r = scorePeriod({ rulebooks: rb2, data, period: "2022-01" });
    expect(r.units.map((u) => u.rank)).toEqual([1, 1]);
    expect(r.units[0]!.total).toBe(20.3); // both indicators full (best ≤ 0), plus 0.3
  });
  it("an adjustment item the version in force does not have is not counted, and is reported", () => {
    const row = { period: "2022-01", unit: "u", item: "ZZ", count: 1 };
    const r = scorePeriod({ rulebooks: rb, data: { facts: facts("2022-01", { u: 1 }), adjustments: [row] }, period: "2022-01" });
    expect(r.units[0]).toMatchObject({ bonus: 0, penalty: 0, veto: false });
    expect(r.ignoredAdjustments).toEqual([row]);
  });
});

describe("versions of one family (rulebook §7a)", () => {
  const v1 = rulebook([fieldIndicator({ type: "ratioToBest" }, 10)], { version: "2022.1", effectiveFrom: "2022-01", window: "ytd" });
  const v2 = rulebook([fieldIndicator({ type: "ratioToBest" }, 20)], { version: "2022.2", effectiveFrom: "2022-07", window: "ytd" });
  const data = { facts: [...facts("2022-01", { u: 10, v: 5 }), ...facts("2022-08", { u: 0, v: 5 })] };
  it("a period is scored by the version in force, applied to every month of its window", () => {
    const june = scorePeriod({ rulebooks: [v2, v1], data, period: "2022-06" });
    expect(june.rulebook.version).toBe("2022.1");
    expect(scoreOf(june, "v")).toBe(5);
    const aug = scorePeriod({ rulebooks: [v1, v2], data, period: "2022-08" });
    expect(aug.rulebook.version).toBe("2022.2");
    expect(scoreOf(aug, "u")).toBe(20); // u: 10, v: 10 over January…August under 20 points
    expect(scoreOf(aug, "v")).toBe(20);
  });
  it("refuses a period before the first version and mixed families", () => {
    expect(() => scorePeriod({ rulebooks: [v2], data, period: "2022-03" })).toThrow(/没有生效的考核办法/);
    const other = rulebook([fieldIndicator({ type: "ratioToBest" })], { id: "other", effectiveFrom: "2022-03" });
    expect(() => scorePeriod({ rulebooks: [v1, other], data, period: "2022-08" })).toThrow(/不属于同一系列/);
  });
});

describe("explanations (rulebook §8)", () => {
  it("say the formula with its numbers and the method's arithmetic in Chinese", () => {
    const rb = rulebook([
      { key: "E1", name: "执结率", unit: "%", direction: "higher", points: 8, formula: { type: "ratio", num: "a", den: "b" }, method: { type: "efficacy", floor: 0.6 } },
    ], { fields: [{ key: "a", label: "执行结案数", unit: "件", aggregate: "sum" }, { key: "b", label: "执行收案数", unit: "件", aggregate: "sum" }, { key: "c", label: "丙", aggregate: "sum" }] });
    const r = scorePeriod({ rulebooks: rb, data: { facts: facts("2022-01", { u: { a: 90, b: 100 }, v: { a: 80, b: 100 }, w: { a: 70, b: 100 } }) }, period: "2022-01" });
    const e = byUnit(r).v!.indicators.E1!.explanation!;
    expect(e.text).toBe(
      "执结率 = 执行结案数 80件 ÷ 执行收案数 100件 = 80.00%(第 2 名)。功效系数法:最优值 90.00%,最差值 70.00%;8 × (0.6 + 0.4 × (80.00% − 70.00%) ÷ (90.00% − 70.00%)) = 6.4 分。",
    );
    expect(e).toMatchObject({ value: 0.8, rank: 2, points: 8, score: 6.4, cohort: { n: 3, best: 0.9, worst: 0.7 }, params: { floor: 0.6 } });
  });
});

describe("a ranking without explanations (explain: false)", () => {
  /** the explained result with each indicator's explanation taken out */
  const withoutExplanations = (r: PeriodResult): PeriodResult => ({
    ...r,
    units: r.units.map((u) => ({
      ...u,
      indicators: Object.fromEntries(Object.entries(u.indicators).map(([k, { explanation: _e, ...i }]) => [k, i])),
    })),
  });
  const same = (s: Scenario, month: number, window: WindowKind | undefined): void => {
    const opts = { rulebooks: s.single ? s.rulebooks[0]! : s.rulebooks, data: s.data, period: periodOf(YEAR, month), ...(window ? { window } : {}) };
    const bare = scorePeriod({ ...opts, explain: false });
    const explained = scorePeriod(opts);
    expect(bare.units.every((u) => Object.values(u.indicators).every((i) => i.explanation === undefined))).toBe(true);
    expect(bare).toEqual(withoutExplanations(explained));
  };

  it("is the explained ranking minus its explanations: every score, rank, warning and applied adjustment", () => {
    let adjusted = 0;
    fc.assert(
      fc.property(scenarioArb, monthArb, windowArb, (s, month, window) => {
        same(s, month, window);
        adjusted += scorePeriod({ rulebooks: s.rulebooks, data: s.data, period: periodOf(YEAR, month), explain: false }).units.filter((u) => u.adjustments.length).length;
      }),
      { numRuns: 200 * RUNS },
    );
    // the tables it feeds list the adjustments counted: the property saw some
    expect(adjusted).toBeGreaterThan(0);
  });

  it("the same for the §9 constructs (groups, committee scores, weighted terms, internal ranking)", () => {
    fc.assert(
      fc.property(constructScenarioArb, monthArb, windowArb, (s, month, window) => same(s, month, window)),
      { numRuns: 200 * RUNS },
    );
  });
});
