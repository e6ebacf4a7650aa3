/**
 * Hand-worked cases of the constructs of rulebook.md §9, each number below computed by hand from
 * the spec (the working is in the comments), not from the engine.
 */
import { describe, expect, it } from "vitest";
import { parseRulebook, type AdjustmentRow, type FactRow, type ManualRow, type RulebookInput } from "@scorecard/rules";
import { evaluateYear, scorePeriod, type PeriodResult } from "./index";

type IndicatorInput = RulebookInput["sections"][number]["indicators"][number];

function rulebook(extra: Partial<RulebookInput> & { fields: RulebookInput["fields"]; indicators: IndicatorInput[] }): RulebookInput {
  const { indicators, ...rest } = extra;
  return {
    format: "scorecard-rulebook/1",
    id: "hand",
    version: "v1",
    title: "手算用例",
    effectiveFrom: "2022-01",
    window: "ytd",
    sections: [{ key: "s", name: "考核", indicators }],
    bonusCap: 5,
    annual: { basis: "ytd", grades: [{ key: "pass", name: "合格" }] },
    ...rest,
  };
}

function facts(rows: Array<[string, string, Record<string, number>]>): FactRow[] {
  return rows.map(([period, unit, values]) => ({ period, unit, values }));
}

/** unit → [group, rank, total] and, per indicator, [value, score, rank] */
function table(r: PeriodResult) {
  return r.units.map((u) => ({
    unit: u.unit,
    group: u.group,
    rank: u.rank,
    total: u.total,
    indicators: Object.fromEntries(Object.entries(u.indicators).map(([k, v]) => [k, [v.value === null ? null : Number(v.value.toFixed(6)), v.score, v.rank]])),
  }));
}

describe("rulebook.md §9 by hand", () => {
  it("a weighted 改发率: a 发回 counts 0.6 of a 改判, terms aggregated over the window before they are weighted", () => {
    // 改发率 = (改判 + 0.6 × 发回) ÷ 一审判决, lower is better, target 2% (7 points), zero at 10%.
    const rb = parseRulebook(
      rulebook({
        fields: [
          { key: "judged", label: "一审判决结案数", aggregate: "sum" },
          { key: "reversed", label: "改判数", aggregate: "sum" },
          { key: "remanded", label: "发回重审数", aggregate: "sum" },
        ],
        indicators: [
          {
            key: "T5",
            name: "改发率",
            unit: "%",
            direction: "lower",
            points: 7,
            formula: { type: "ratio", num: [{ field: "reversed" }, { field: "remanded", weight: 0.6 }], den: "judged" },
            method: { type: "target", target: 0.02, zeroAt: 0.1 },
          },
        ],
      }),
    );
    const data = {
      facts: facts([
        ["2022-01", "ua", { judged: 30, reversed: 1, remanded: 0 }],
        ["2022-02", "ua", { judged: 20, reversed: 0, remanded: 0 }],
        ["2022-01", "ub", { judged: 40, reversed: 1, remanded: 5 }],
        ["2022-01", "uc", { judged: 10, reversed: 0, remanded: 1 }],
        ["2022-02", "uc", { judged: 10, reversed: 0, remanded: 0 }],
        ["2022-02", "ud", { judged: 0, reversed: 0, remanded: 0 }],
      ]),
      adjustments: [],
    };
    // ytd 2022-02:
    // ua (1 + 0.6·0) / 50 = 0.02 ≤ 2%: 7
    // ub (1 + 0.6·5) / 40 = 0.1 ≥ 10%: 0
    // uc (0 + 0.6·1) / 20 = 0.03: 7·(0.1 − 0.03)/(0.1 − 0.02) = 6.125 → 6.13 (half away from zero)
    // ud den 0 → null, missing mean: (7 + 0 + 6.13)/3 = 4.3766… → 4.38
    // indicator ranks (lower is better): ua 1, uc 2, ub 3; totals 7, 6.13, 4.38, 0
    const r = scorePeriod({ rulebooks: rb, data, period: "2022-02" });
    expect(table(r)).toEqual([
      { unit: "ua", group: "other", rank: 1, total: 7, indicators: { T5: [0.02, 7, 1] } },
      { unit: "uc", group: "other", rank: 2, total: 6.13, indicators: { T5: [0.03, 6.13, 2] } },
      { unit: "ud", group: "other", rank: 3, total: 4.38, indicators: { T5: [null, 4.38, null] } },
      { unit: "ub", group: "other", rank: 4, total: 0, indicators: { T5: [0.1, 0, 3] } },
    ]);
  });

  it("a minimum base: a unit with too few judgments is skipped (样本不足) and scored by the others' mean", () => {
    // 改发率 over at least 5 judgments, lower is better, efficacy (floor 0.6), 10 points.
    const rb = parseRulebook(
      rulebook({
        window: "month",
        fields: [
          { key: "judged", label: "一审判决结案数", aggregate: "sum" },
          { key: "reversed", label: "改判发回数", aggregate: "sum" },
        ],
        indicators: [
          {
            key: "R",
            name: "改发率",
            direction: "lower",
            points: 10,
            formula: { type: "ratio", num: "reversed", den: "judged" },
            method: { type: "efficacy", floor: 0.6 },
            minBase: { field: "judged", min: 5 },
          },
        ],
      }),
    );
    const data = {
      facts: facts([
        ["2022-03", "ua", { judged: 10, reversed: 1 }],
        ["2022-03", "ub", { judged: 20, reversed: 4 }],
        ["2022-03", "uc", { judged: 40, reversed: 2 }],
        ["2022-03", "ud", { judged: 2, reversed: 1 }],
        ["2022-03", "ue", { judged: 5, reversed: 1 }],
      ]),
      adjustments: [],
    };
    // ud: 2 < 5 → null (its 50% would otherwise be the worst); ue: 5 is not below 5 → 0.2.
    // V = {0.1, 0.2, 0.05, 0.2}: best 0.05, worst 0.2.
    // ua 10·(0.6 + 0.4·(0.1 − 0.2)/(0.05 − 0.2)) = 8.666… → 8.67; ub, ue worst → 6; uc best → 10
    // ud missing mean: (8.67 + 6 + 10 + 6)/4 = 7.6675 → 7.67
    const r = scorePeriod({ rulebooks: rb, data, period: "2022-03" });
    expect(table(r)).toEqual([
      { unit: "uc", group: "other", rank: 1, total: 10, indicators: { R: [0.05, 10, 1] } },
      { unit: "ua", group: "other", rank: 2, total: 8.67, indicators: { R: [0.1, 8.67, 2] } },
      { unit: "ud", group: "other", rank: 3, total: 7.67, indicators: { R: [null, 7.67, null] } },
      { unit: "ub", group: "other", rank: 4, total: 6, indicators: { R: [0.2, 6, 3] } },
      { unit: "ue", group: "other", rank: 4, total: 6, indicators: { R: [0.2, 6, 3] } },
    ]);
  });

  it("two groups and `other`: scored and ranked within each group, an indicator for one group only, the annual quotas per group", () => {
    const rb = parseRulebook(
      rulebook({
        window: "month",
        fields: [
          { key: "closed", label: "结案数", aggregate: "sum" },
          { key: "visits", label: "巡回审判次数", aggregate: "sum" },
        ],
        // rulebook order rural, city (not alphabetical); ue is in no group: `other`, listed last
        groups: [
          { key: "rural", name: "农村法庭", units: ["ua", "ub"] },
          { key: "city", name: "城区法庭", units: ["uc", "ud"] },
        ],
        indicators: [
          { key: "A", name: "结案数", direction: "higher", points: 10, formula: { type: "field", field: "closed" }, method: { type: "efficacy", floor: 0.6 } },
          { key: "B", name: "巡回审判", direction: "higher", points: 5, formula: { type: "field", field: "visits" }, method: { type: "rank", step: 0.5 }, groups: ["rural"] },
        ],
        annual: {
          basis: "ytd",
          grades: [
            { key: "excellent", name: "优秀", minScore: 10, maxShare: 0.5 },
            { key: "pass", name: "合格" },
          ],
          rewards: [{ key: "advanced", name: "先进法庭", topRanks: 1 }],
          talk: { monthsLast: 1 },
        },
      }),
    );
    const data = {
      facts: facts([
        ["2022-12", "ua", { closed: 10, visits: 3 }],
        ["2022-12", "ub", { closed: 20, visits: 1 }],
        ["2022-12", "uc", { closed: 30, visits: 9 }],
        ["2022-12", "ud", { closed: 40, visits: 0 }],
        ["2022-12", "ue", { closed: 5, visits: 7 }],
      ]),
      adjustments: [],
    };
    // A within rural: best 20, worst 10 → ua 6, ub 10; within city: best 40, worst 30 → uc 6, ud 10;
    // other: ue alone, best = worst → 10 (the cohort's 40 is not its best).
    // B (rural only): ua 3 visits rank 1 → 5; ub rank 2 → 5·(1 − 0.5) = 2.5; absent for uc, ud, ue.
    // totals: ua 11, ub 12.5 | uc 6, ud 10 | ue 10; ranks within groups.
    const r = scorePeriod({ rulebooks: rb, data, period: "2022-12" });
    expect(table(r)).toEqual([
      { unit: "ub", group: "rural", rank: 1, total: 12.5, indicators: { A: [20, 10, 1], B: [1, 2.5, 2] } },
      { unit: "ua", group: "rural", rank: 2, total: 11, indicators: { A: [10, 6, 2], B: [3, 5, 1] } },
      { unit: "ud", group: "city", rank: 1, total: 10, indicators: { A: [40, 10, 1] } },
      { unit: "uc", group: "city", rank: 2, total: 6, indicators: { A: [30, 6, 2] } },
      { unit: "ue", group: "other", rank: 1, total: 10, indicators: { A: [5, 10, 1] } },
    ]);
    expect(r.units.map((u) => u.sections.s)).toEqual([12.5, 11, 10, 6, 10]);

    // The year (December only, basis ytd: the same totals). Per group n and quota floor(0.5·n):
    // rural n 2, quota 1: ub 12.5 → 优秀, ua 11 reaches 10 but the quota is used → 合格;
    // city n 2, quota 1: ud 10 → 优秀, uc 6 → 合格; other n 1, quota floor(0.5) = 0: ue 10 → 合格.
    // 先进法庭 (topRanks 1): the first of each group, ub, ud, ue.
    // Talk: last of the annual ranking in its group ua, uc (ue alone in its group has no last place);
    // the one monthly ranking (monthsLast 1) gives the same.
    const y = evaluateYear({ rulebooks: rb, data, year: 2022 });
    expect(y.units.map((u) => [u.unit, u.group, u.rank, u.total, u.grade, u.rewards, u.talk])).toEqual([
      ["ub", "rural", 1, 12.5, "excellent", ["advanced"], false],
      ["ua", "rural", 2, 11, "pass", [], true],
      ["ud", "city", 1, 10, "excellent", ["advanced"], false],
      ["uc", "city", 2, 6, "pass", [], true],
      ["ue", "other", 1, 10, "pass", ["advanced"], false],
    ]);
    const excellent = y.quotas.filter((q) => q.grade === "excellent").map((q) => [q.group, q.n, q.quota, q.given]);
    expect(excellent).toEqual([
      ["rural", 2, 1, 1],
      ["city", 2, 1, 1],
      ["other", 1, 0, 0],
    ]);
  });

  it("manual indicators: the latest score (last) and the mean (mean) in the window; a unit outside the cohort is not counted", () => {
    const rb = parseRulebook(
      rulebook({
        fields: [{ key: "closed", label: "结案数", aggregate: "sum" }],
        indicators: [
          { key: "M1", name: "考评委员会评议", direction: "higher", points: 10, formula: { type: "manual", aggregate: "last" } },
          { key: "M2", name: "群众满意度", direction: "higher", points: 10, formula: { type: "manual", aggregate: "mean" }, method: { type: "manual" } },
        ],
      }),
    );
    const manual: ManualRow[] = (
      [
        ["2022-01", "ua", "M1", 6],
        ["2022-03", "ua", "M1", 8],
        ["2022-01", "ua", "M2", 6],
        ["2022-02", "ua", "M2", 7],
        ["2022-03", "ua", "M2", 9.33],
        ["2022-02", "ub", "M1", 9],
        ["2022-04", "ub", "M1", 10], // after the window
        ["2022-02", "ub", "M2", 5],
        ["2022-01", "uc", "M2", 6.44],
        ["2022-03", "ud", "M1", 10], // ud has no facts: outside the cohort
        ["2022-03", "ud", "M2", 10],
      ] as const
    ).map(([period, unit, indicator, score]) => ({ period, unit, indicator, score, reason: "考评委员会评议" }));
    const data = {
      facts: ["2022-01", "2022-02", "2022-03"].flatMap((period) => ["ua", "ub", "uc"].map((unit) => ({ period, unit, values: { closed: 1 } }))),
      adjustments: [],
      manual,
    };
    // ytd 2022-03 (01–03):
    // M1 last: ua 8 (March's, not January's 6), ub 9 (April's 10 is outside the window), uc none →
    //   missing mean of the cohort's scores (8 + 9)/2 = 8.5 (ud's 10 would make it 9); ranks ub 1, ua 2
    // M2 mean: ua (6 + 7 + 9.33)/3 = 7.44333… → 7.44; ub 5; uc 6.44; ranks ua 1, uc 2, ub 3
    // totals: ua 15.44, uc 14.94, ub 14; ud is not listed
    const r = scorePeriod({ rulebooks: rb, data, period: "2022-03" });
    expect(table(r)).toEqual([
      { unit: "ua", group: "other", rank: 1, total: 15.44, indicators: { M1: [8, 8, 2], M2: [7.443333, 7.44, 1] } },
      { unit: "uc", group: "other", rank: 2, total: 14.94, indicators: { M1: [null, 8.5, null], M2: [6.44, 6.44, 2] } },
      { unit: "ub", group: "other", rank: 3, total: 14, indicators: { M1: [9, 9, 1], M2: [5, 5, 3] } },
    ]);
  });

  it("a per-item cap and the rulebook's penaltyCap", () => {
    const rb = parseRulebook(
      rulebook({
        fields: [{ key: "x", label: "x", aggregate: "sum" }],
        indicators: [{ key: "I", name: "指标", direction: "higher", points: 10, formula: { type: "field", field: "x" }, method: { type: "efficacy" } }],
        adjustments: [
          { key: "B1", name: "通报表扬", kind: "bonus", points: 1, cap: 2 },
          { key: "B2", name: "宣传稿件", kind: "bonus", points: 0.5 },
          { key: "P1", name: "有效投诉", kind: "penalty", points: 1, cap: 1.5 },
          { key: "P2", name: "评查不合格", kind: "penalty", points: 2 },
        ],
        bonusCap: 5,
        penaltyCap: 3,
      }),
    );
    const adjustments: AdjustmentRow[] = [
      { period: "2022-01", unit: "ua", item: "B1", count: 3 },
      { period: "2022-02", unit: "ua", item: "B2", count: 2 },
      { period: "2022-02", unit: "ua", item: "P1", count: 2 },
      { period: "2022-03", unit: "ua", item: "P1", count: 1 },
      { period: "2022-03", unit: "ua", item: "P2", count: 1 },
      { period: "2022-03", unit: "ub", item: "P1", count: 1 },
      { period: "2022-04", unit: "ub", item: "B1", count: 1 }, // after the window
    ];
    const data = { facts: ["ua", "ub"].map((unit) => ({ period: "2022-03", unit, values: { x: 1 } })), adjustments };
    // both units' indicator: best = worst → 10.
    // ua bonus: B1 3·1 = 3 → cap 2; B2 2·0.5 = 1; min(bonusCap 5, 2 + 1) = 3 (uncapped 4)
    //    penalty: P1 3·1 = 3 → cap 1.5; P2 2; min(penaltyCap 3, 3.5) = 3 (uncapped 5); total 10 + 3 − 3 = 10
    // ub penalty: P1 1 (below its cap); total 9
    const r = scorePeriod({ rulebooks: rb, data, period: "2022-03" });
    expect(r.units.map((u) => [u.unit, u.rank, u.bonusUncapped, u.bonus, u.penaltyUncapped, u.penalty, u.total])).toEqual([
      ["ua", 1, 4, 3, 5, 3, 10],
      ["ub", 2, 0, 0, 1, 1, 9],
    ]);
  });
});
