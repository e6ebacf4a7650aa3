/**
 * 差距测算 (interfaces.md `gap`): every option, applied to the facts and scored by `scorePeriod`,
 * reaches its rank and one step less does not; options keep the data checks; "unreachable" is
 * what a scan of every allowed value finds; ranks are within the unit's group — on generated
 * rulebooks and figures, and edge cases worked by hand. The demo court's are in packages/demo
 * (scoring-gap.test.ts); the checks of every answer are `./testing` (gap-checks.ts).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseRulebook, type FactRow, type Rulebook, type WindowKind } from "@scorecard/rules";
import { gapOptionText, gapToRank } from "./gap";
import { scorePeriod } from "./score";
import type { DataSet } from "./dataset";
import { agreesWithScan, checkOptions, scan, unreachableOf, type Case } from "./testing";
import { constructScenarioArb, monthArb, periodOf, realisticConstructsArb, RUNS, YEAR, type Scenario } from "./test/generators";

describe("gap against a scan of every value", () => {
  /** The scenario's rulebooks with integer fields, optionally an `le` error check, and its figures rounded. */
  function integral(s: Scenario, check: boolean): { rulebooks: Rulebook[]; data: DataSet } {
    const rulebooks = s.rulebooks.map((rb) =>
      parseRulebook({
        ...rb,
        fields: rb.fields.map((f) => ({ ...f, integer: true })),
        checks: check ? [{ key: "C1", rule: "le", left: "f0", right: "f1", level: "error" }] : [],
      }),
    );
    const facts = s.data.facts.map((r) => ({ ...r, values: Object.fromEntries(Object.entries(r.values).map(([k, v]) => [k, Math.round(v * 2)])) }));
    return { rulebooks, data: { ...s.data, facts } };
  }

  function pick(rulebooks: Rulebook[], data: DataSet, month: number, which: number, window?: WindowKind): Case | null {
    const period = periodOf(YEAR, month);
    if (!data.facts.some((r) => r.period === period)) return null;
    const r = scorePeriod({ rulebooks, data, period, window, explain: false });
    const here = new Set(data.facts.filter((f) => f.period === period).map((f) => f.unit));
    const candidates = r.units.filter((u) => u.rank > 1 && here.has(u.unit));
    if (!candidates.length) return null;
    return { rulebooks, data, period, unit: candidates[which % candidates.length]!.unit, window };
  }

  it("agrees with it on whole-number fields over the whole range, data checks included (generated rulebooks with groups, weighted terms, minimum bases, bands)", () => {
    let runs = 0;
    let options = 0;
    let unreachable = 0;
    fc.assert(
      fc.property(constructScenarioArb, monthArb, fc.nat(), fc.boolean(), fc.constantFrom<WindowKind | undefined>(undefined, "month", "ytd", "quarter"), (s, month, which, check, window) => {
        const { rulebooks, data } = integral(s, check);
        const c = pick(rulebooks, data, month, which, window);
        if (!c) return;
        const g = gapToRank(c);
        options += checkOptions(c, g);
        agreesWithScan(c, g);
        g.targets.forEach((t, i) => expect(t.unreachable).toEqual(unreachableOf(c, g, i)));
        unreachable += g.targets.reduce((n, t) => n + t.unreachable.length, 0);
        runs++;
      }),
      { numRuns: 100 * RUNS, seed: 11 },
    );
    expect(runs).toBeGreaterThan(25);
    expect(options).toBeGreaterThan(25);
    expect(unreachable).toBeGreaterThan(5);
  });

  it("agrees with it in hundredths within 150 steps, and every option reaches and one step less does not", () => {
    fc.assert(
      fc.property(constructScenarioArb, monthArb, fc.nat(), (s, month, which) => {
        const c = pick(s.rulebooks, s.data, month, which);
        if (!c) return;
        const g = gapToRank(c);
        checkOptions(c, g);
        agreesWithScan(c, g, 150);
      }),
      { numRuns: 12 * RUNS, seed: 12 },
    );
  });

  it("holds on the shipped rulebook's §9 variant over realistic figures", () => {
    fc.assert(
      fc.property(realisticConstructsArb, monthArb, fc.nat(), (s, month, which) => {
        const c = pick(s.rulebooks, s.data, month, which);
        if (!c) return;
        checkOptions(c, gapToRank(c));
      }),
      { numRuns: 6 * RUNS, seed: 13 },
    );
  });
});

describe("gap's edge cases", () => {
  const rb = parseRulebook({
    format: "scorecard-rulebook/1",
    id: "t",
    version: "1",
    title: "测试办法",
    effectiveFrom: "2022-01",
    window: "month",
    fields: [
      { key: "done", label: "结案数", unit: "件", aggregate: "sum", integer: true },
      { key: "got", label: "收案数", unit: "件", aggregate: "sum", integer: true },
      { key: "old", label: "长期未结案件数", unit: "件", aggregate: "last", integer: true },
    ],
    checks: [{ key: "C1", rule: "le", left: "done", right: "got", level: "error" }],
    sections: [
      {
        key: "s",
        name: "板块",
        indicators: [
          { key: "X1", name: "结案率", direction: "higher", points: 10, formula: { type: "ratio", num: "done", den: "got" }, method: { type: "efficacy", floor: 0.6 } },
          { key: "X2", name: "长期未结", direction: "lower", points: 2, formula: { type: "field", field: "old" }, method: { type: "target", target: 0, zeroAt: 5 } },
        ],
      },
    ],
    adjustments: [{ key: "B1", name: "表扬", kind: "bonus", points: 5 }],
    bonusCap: 5,
    annual: { basis: "ytd", grades: [{ key: "ok", name: "合格" }] },
  });
  const facts = (done: number, got: number, old: number): FactRow[] => [
    { period: "2022-03", unit: "a", values: { done: 10, got: 10, old: 0 } },
    { period: "2022-03", unit: "b", values: { done, got, old } },
  ];

  it("a unit already first has no targets", () => {
    const c: Case = { rulebooks: rb, data: { facts: facts(5, 10, 0) }, period: "2022-03", unit: "a" };
    expect(gapToRank(c)).toEqual({ period: "2022-03", unit: "a", group: "other", rank: 1, targets: [] });
  });

  it("says unreachable where no single figure can make up a bonus, and a scan confirms it", () => {
    // a has full marks and a 5-point bonus; b can at most tie on the indicators
    const c: Case = { rulebooks: rb, data: { facts: facts(5, 10, 1), adjustments: [{ period: "2022-03", unit: "a", item: "B1", count: 1 }] }, period: "2022-03", unit: "b" };
    const g = gapToRank(c);
    expect(g.targets).toEqual([{ rank: 1, options: [], unreachable: ["X1", "X2"] }]);
    const byScan = scan(c, [1]);
    expect([...byScan.keys()]).toEqual(["done", "got", "old"]);
    for (const found of byScan.values()) expect(found).toEqual([null]);
  });

  it("stays within the data checks: 结案数 may not pass 收案数, so a rate above 100 % is no option", () => {
    // a: all done and a 0.5 bonus; b: 8 of 10 done. b passes a only with a rate above a's 100 %
    const adjustments = [{ period: "2022-03", unit: "a", item: "B2", count: 1 }];
    const withB2 = (checks: Rulebook["checks"]) =>
      parseRulebook({ ...rb, checks, adjustments: [...rb.adjustments, { key: "B2", name: "小表扬", kind: "bonus", points: 0.5 }] });
    const free: Case = { rulebooks: withB2([]), data: { facts: facts(8, 10, 0), adjustments }, period: "2022-03", unit: "b" };
    const g = gapToRank(free);
    expect(g.targets).toEqual([
      {
        rank: 1,
        options: [
          { indicator: "X1", indicators: ["X1"], field: "done", from: 8, to: 11, delta: 3, lowers: [] },
          { indicator: "X1", indicators: ["X1"], field: "got", from: 10, to: 7, delta: -3, lowers: [] },
        ],
        unreachable: ["X2"],
      },
    ]);
    agreesWithScan(free, g);
    const checked: Case = { ...free, rulebooks: withB2(rb.checks) };
    const t = gapToRank(checked);
    expect(t.targets).toEqual([{ rank: 1, options: [], unreachable: ["X1", "X2"] }]);
    for (const found of scan(checked, [1]).values()) expect(found).toEqual([null]);
  });

  it("a zero denominator is a value of its own (the unit's rate turns null and is scored by `missing`)", () => {
    const full = parseRulebook({ ...rb, sections: [{ ...rb.sections[0]!, indicators: [{ ...rb.sections[0]!.indicators[0]!, missing: "full" }] }], checks: [] });
    // b: none of 1 done; with `got` 0 its rate is null, scored full (a tie for first), as one more 结案 would
    const c: Case = { rulebooks: full, data: { facts: [{ period: "2022-03", unit: "a", values: { done: 10, got: 10, old: 0 } }, { period: "2022-03", unit: "b", values: { done: 0, got: 1, old: 0 } }] }, period: "2022-03", unit: "b" };
    const g = gapToRank(c);
    checkOptions(c, g);
    agreesWithScan(c, g);
    expect(g.targets[0]!.options).toEqual([
      { indicator: "X1", indicators: ["X1"], field: "done", from: 0, to: 1, delta: 1, lowers: [] },
      { indicator: "X1", indicators: ["X1"], field: "got", from: 1, to: 0, delta: -1, lowers: [] },
    ]);
  });

  it("an option that lowers another indicator of the unit says so in the same line, and comes after those that lower nothing", () => {
    // 结案数 is the numerator of 结收比 and the denominator of 审限内结案率: more cases closed raise
    // the one and lower the other, as cases closed out of time would
    const two = parseRulebook({
      ...rb,
      checks: [],
      fields: [...rb.fields, { key: "intime", label: "审限内结案数", unit: "件", aggregate: "sum", integer: true }],
      sections: [
        {
          key: "s",
          name: "板块",
          indicators: [
            { key: "X1", name: "结收比", unit: "%", direction: "higher", points: 10, formula: { type: "ratio", num: "done", den: "got" }, method: { type: "efficacy", floor: 0.5 } },
            { key: "X3", name: "审限内结案率", unit: "%", direction: "higher", points: 5, formula: { type: "ratio", num: "intime", den: "done" }, method: { type: "efficacy", floor: 0.5 } },
          ],
        },
      ],
    });
    const c: Case = {
      rulebooks: two,
      data: {
        facts: [
          { period: "2022-03", unit: "a", values: { done: 10, got: 10, old: 0, intime: 10 } },
          { period: "2022-03", unit: "b", values: { done: 8, got: 10, old: 0, intime: 8 } },
        ],
      },
      period: "2022-03",
      unit: "b",
    };
    const g = gapToRank(c);
    checkOptions(c, g);
    agreesWithScan(c, g);
    const options = g.targets[0]!.options;
    // 收案数 −2 lowers nothing and comes first, though 结案数 comes first in the rulebook
    expect(options).toEqual([
      { indicator: "X1", indicators: ["X1"], field: "got", from: 10, to: 8, delta: -2, lowers: [] },
      { indicator: "X1", indicators: ["X1", "X3"], field: "done", from: 8, to: 11, delta: 3, lowers: [{ indicator: "X3", fromValue: 1, toValue: 8 / 11, fromScore: 5, toScore: 2.5 }] },
    ]);
    expect(options.map((o) => gapOptionText(two, o))).toEqual([
      "收案数 −2 件(影响 X1 结收比)",
      "结案数 +3 件(影响 X1 结收比、X3 审限内结案率),同时审限内结案率由 100.00% 降至 72.73%,该项得分 5 → 2.5",
    ]);
  });
});
