/**
 * 差距测算 (interfaces.md `gap`): every option, applied to the facts and scored by `scorePeriod`,
 * reaches its rank and one step less does not; options keep the data checks; "unreachable" is
 * what a scan of every allowed value finds; ranks are within the unit's group.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { demoCourt } from "@scorecard/demo";
import {
  appliesTo,
  checkFacts,
  indicatorFields,
  indicatorsOf,
  InputError,
  parseRulebook,
  type FactRow,
  type Period,
  type Rulebook,
  type WindowKind,
} from "@scorecard/rules";
import { gapOptionText, gapTargetTitle, gapToRank, gapUnreachableText, type GapOption, type GapResult } from "./gap";
import { scorePeriod } from "./score";
import type { DataSet } from "./dataset";
import { inForce } from "./in-force";
import { constructScenarioArb, monthArb, periodOf, realisticConstructsArb, RUNS, YEAR, type Scenario } from "./test/generators";

interface Case {
  rulebooks: Rulebook | readonly Rulebook[];
  data: DataSet;
  period: Period;
  unit: string;
  window?: WindowKind;
}

/** The facts with one figure of the unit's scored month replaced. */
function changed(c: Case, field: string, value: number): DataSet {
  const facts: FactRow[] = c.data.facts.map((r) => (r.period === c.period && r.unit === c.unit ? { ...r, values: { ...r.values, [field]: value } } : r));
  return { ...c.data, facts };
}

function rankOf(c: Case, data: DataSet): number {
  const r = scorePeriod({ rulebooks: c.rulebooks, data, period: c.period, window: c.window, explain: false });
  return r.units.find((u) => u.unit === c.unit)!.rank;
}

function rowOf(c: Case): Record<string, number> {
  return c.data.facts.find((r) => r.period === c.period && r.unit === c.unit)!.values;
}

/** The field's value k steps from x (1 for an integer field, else 0.01), written as gap writes it. */
function stepped(x: number, k: number, integer: boolean): number {
  if (k === 0) return x;
  if (integer) return x + k;
  const h = x * 100;
  return Math.abs(h - Math.round(h)) < 1e-6 ? (Math.round(h) + k) / 100 : x + k / 100;
}

/** Data-check errors of the unit's month with the field at value v that the stored figures do not already have. */
function newErrors(c: Case, field: string, v: number): string[] {
  const rb = inForce(c.rulebooks, c.period);
  const key = (e: { check: string; field: string }) => `${e.check}:${e.field}`;
  const row = rowOf(c);
  const before = new Set(checkFacts(rb, c.unit, row, { complete: false }).errors.map(key));
  return checkFacts(rb, c.unit, { ...row, [field]: v }, { complete: false })
    .errors.map(key)
    .filter((e) => !before.has(e));
}

/** Asserts what every option must be: it reaches its rank, one step less does not, it keeps the checks and the range. */
function checkOptions(c: Case, g: GapResult): number {
  const rb = inForce(c.rulebooks, c.period);
  const row = rowOf(c);
  let n = 0;
  for (const t of g.targets) {
    for (const o of t.options) {
      const integer = rb.fields.find((f) => f.key === o.field)!.integer === true;
      const k = integer ? o.delta : Math.round(o.delta * 100);
      expect(o.from).toBe(row[o.field]);
      expect(o.to).toBe(stepped(o.from, k, integer));
      expect(k).not.toBe(0);
      expect(rankOf(c, changed(c, o.field, o.to)), `${c.unit} ${o.field} → ${o.to} reaches ${t.rank}`).toBeLessThanOrEqual(t.rank);
      const less = stepped(o.from, k - Math.sign(k), integer);
      expect(rankOf(c, changed(c, o.field, less)), `${c.unit} ${o.field} → ${less} does not reach ${t.rank}`).toBeGreaterThan(t.rank);
      expect(newErrors(c, o.field, o.to)).toEqual([]);
      expect(o.to).toBeGreaterThanOrEqual(0);
      const max = Math.max(...c.data.facts.filter((r) => r.period === c.period).map((r) => r.values[o.field] ?? 0));
      expect(o.to).toBeLessThanOrEqual(10 * max);
      n++;
    }
  }
  return n;
}

/**
 * The brute force: for each field the unit's indicators read, every allowed value (within the data
 * checks and [0, 10 × the court's largest], at most `reach` steps away) scored by `scorePeriod`, nearest
 * first (an increase before a decrease of the same size) — what gap must find for each target.
 */
function scan(c: Case, targets: number[], reach = Infinity): Map<string, Array<number | null>> {
  const rb = inForce(c.rulebooks, c.period);
  const base = scorePeriod({ rulebooks: c.rulebooks, data: c.data, period: c.period, window: c.window, explain: false });
  const group = base.units.find((u) => u.unit === c.unit)!.group;
  const row = rowOf(c);
  const out = new Map<string, Array<number | null>>();
  for (const ind of indicatorsOf(rb).filter((i) => appliesTo(i, group))) {
    for (const field of indicatorFields(ind)) {
      if (out.has(field) || row[field] === undefined) continue;
      const integer = rb.fields.find((f) => f.key === field)!.integer === true;
      const x0 = row[field]!;
      const limit = 10 * Math.max(...c.data.facts.filter((r) => r.period === c.period).map((r) => r.values[field] ?? 0));
      const found: Array<number | null> = targets.map(() => null);
      const steps = Math.min(reach, Math.ceil(Math.max(limit - x0, x0) / (integer ? 1 : 0.01)) + 1);
      for (let d = 1; d <= steps && found.some((f) => f === null); d++) {
        for (const k of [d, -d]) {
          const v = stepped(x0, k, integer);
          if (v < 0 || v > limit || newErrors(c, field, v).length) continue;
          const r = rankOf(c, changed(c, field, v));
          targets.forEach((t, i) => {
            if (found[i] === null && r <= t) found[i] = v;
          });
        }
      }
      out.set(field, found);
    }
  }
  return out;
}

/** gap's answer must be exactly the scan's: the same value per field and target, and none where the scan finds none. */
function agreesWithScan(c: Case, g: GapResult, reach = Infinity): void {
  const byScan = scan(c, g.targets.map((t) => t.rank), reach);
  const rb = inForce(c.rulebooks, c.period);
  const integer = (f: string) => rb.fields.find((x) => x.key === f)!.integer === true;
  g.targets.forEach((t, i) => {
    const opt = new Map(t.options.map((o) => [o.field, o]));
    for (const [field, found] of byScan) {
      const o: GapOption | undefined = opt.get(field);
      const steps = o ? Math.abs(integer(field) ? o.delta : Math.round(o.delta * 100)) : Infinity;
      if (steps <= reach || found[i] !== null) expect(o?.to ?? null, `${c.unit} ${field} for rank ${t.rank}`).toBe(found[i]);
    }
  });
}

function unreachableOf(c: Case, g: GapResult, t: number): string[] {
  const rb = inForce(c.rulebooks, c.period);
  const reached = new Set(g.targets[t]!.options.map((o) => o.field));
  return indicatorsOf(rb)
    .filter((i) => appliesTo(i, g.group) && i.formula.type !== "manual" && !indicatorFields(i).some((f) => reached.has(f)))
    .map((i) => i.key);
}

describe("gap on the demo court", () => {
  const court = demoCourt();
  const data: DataSet = { facts: court.facts, adjustments: court.adjustments };

  it("gives every tribunal not first the next rank up and first place; every option reaches its rank and one step less does not", () => {
    let options = 0;
    for (const period of ["2022-06", "2022-12", "2023-03"]) {
      const ranking = scorePeriod({ rulebooks: court.rulebook, data, period, explain: false });
      for (const u of ranking.units) {
        const c: Case = { rulebooks: court.rulebook, data, period, unit: u.unit };
        const g = gapToRank(c);
        expect(g).toMatchObject({ period, unit: u.unit, group: "other", rank: u.rank });
        expect(g.targets.map((t) => t.rank)).toEqual(u.rank === 1 ? [] : u.rank === 2 ? [1] : [u.rank - 1, 1]);
        options += checkOptions(c, g);
        g.targets.forEach((t, i) => expect(t.unreachable).toEqual(unreachableOf(c, g, i)));
      }
    }
    expect(options).toBeGreaterThan(40);
  });

  it("finds, field by field, what a scan of every value within 40 steps finds (fields that pull both ways included)", () => {
    const period = "2023-03";
    const ranking = scorePeriod({ rulebooks: court.rulebook, data, period, explain: false });
    for (const unit of ["maixin", "dongfeng", "xiaojieji"]) {
      expect(ranking.units.find((u) => u.unit === unit)!.rank).toBeGreaterThan(2);
      const c: Case = { rulebooks: court.rulebook, data, period, unit };
      agreesWithScan(c, gapToRank(c), 40);
    }
  });

  it("a month window and a ytd window differ: the month's figure moves the whole window's sums", () => {
    const c: Case = { rulebooks: court.rulebook, data, period: "2022-12", unit: "jianhua", window: "month" };
    const g = gapToRank(c);
    checkOptions(c, g);
    const ytd = gapToRank({ ...c, window: undefined });
    expect(g.rank).toBe(scorePeriod({ rulebooks: court.rulebook, data, period: "2022-12", window: "month", explain: false }).units.find((u) => u.unit === "jianhua")!.rank);
    expect(JSON.stringify(g.targets)).not.toBe(JSON.stringify(ytd.targets));
  });

  it("names the change in the shape interfaces.md gives", () => {
    const g = gapToRank({ rulebooks: court.rulebook, data, period: "2023-03", unit: "maixin" });
    const o = g.targets[0]!.options.find((x) => x.field === "enf_closed")!;
    expect(o).toEqual({ indicator: "E1", indicators: ["E1", "E7"], field: "enf_closed", from: o.from, to: o.from + o.delta, delta: o.delta });
    expect(Number.isInteger(o.delta)).toBe(true);
  });

  it("says each change in words, with the field's label and unit and the indicators it moves", () => {
    const rb = court.rulebook;
    expect(gapOptionText(rb, { indicator: "E1", indicators: ["E1", "E7"], field: "enf_closed", from: 110, to: 116, delta: 6 })).toBe("执行结案数 +6 件(影响 E1 执结率、E7 人均执结数)");
    expect(gapOptionText(rb, { indicator: "E3", indicators: ["E3"], field: "enf_first_days_total", from: 900, to: 780, delta: -120 })).toBe("首执案件结案用时合计 −120 天(影响 E3 首执案件结案平均用时)");
    expect(gapOptionText(rb, { indicator: "E5", indicators: ["E5"], field: "enf_first_amount_recovered", from: 10, to: 51.44, delta: 41.44 })).toBe("首执案件实际执行到位金额 +41.44 万元(影响 E5 首执到位率)");
    expect(gapTargetTitle({ rank: 6 })).toBe("要前进一名(第6名)");
    expect(gapTargetTitle({ rank: 1 })).toBe("要成为第一名");
    expect(gapUnreachableText(rb, { unreachable: ["T7", "E2"] })).toBe("单项无法达到:T7 超12个月未结案件数、E2 有财产可供执行案件法定期限内执结率");
    expect(gapUnreachableText(rb, { unreachable: [] })).toBe("");
  });

  it("refuses a tribunal without figures that month, saying so in Chinese", () => {
    expect(() => gapToRank({ rulebooks: court.rulebook, data, period: "2023-03", unit: "nowhere" })).toThrow(InputError);
    expect(() => gapToRank({ rulebooks: court.rulebook, data, period: "2023-04", unit: "maixin" })).toThrow(/2023年4月没有法庭/);
  });
});

describe("gap under a grouped rulebook", () => {
  const court = demoCourt("grouped");
  const data: DataSet = { facts: court.facts, adjustments: court.adjustments, manual: court.manual };

  it("ranks within the unit's group, and the options reach the rank within it", () => {
    let options = 0;
    for (const period of ["2022-06", "2022-12", "2023-03"]) {
    const ranking = scorePeriod({ rulebooks: court.rulebook, data, period, explain: false });
    expect(new Set(ranking.units.map((u) => u.group)).size).toBe(2);
    for (const u of ranking.units) {
      const c: Case = { rulebooks: court.rulebook, data, period, unit: u.unit };
      const g = gapToRank(c);
      expect(g.group).toBe(u.group);
      expect(g.rank).toBe(u.rank);
      expect(g.targets.length).toBe(u.rank === 1 ? 0 : u.rank === 2 ? 1 : 2);
      options += checkOptions(c, g);
      // committee (manual) indicators have no figures: neither searched nor listed as unreachable
      for (const t of g.targets) for (const k of t.unreachable) expect(k).not.toMatch(/^M/);
      // T8 applies to 一类法庭 only: its field judges_trial is searched only there
      const fields = new Set(g.targets.flatMap((t) => t.options.map((o) => o.field)));
      if (u.group === "small") expect(fields.has("judges_trial")).toBe(false);
    }
    }
    expect(options).toBeGreaterThan(10);
  });
});

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
          { indicator: "X1", indicators: ["X1"], field: "done", from: 8, to: 11, delta: 3 },
          { indicator: "X1", indicators: ["X1"], field: "got", from: 10, to: 7, delta: -3 },
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
      { indicator: "X1", indicators: ["X1"], field: "done", from: 0, to: 1, delta: 1 },
      { indicator: "X1", indicators: ["X1"], field: "got", from: 1, to: 0, delta: -1 },
    ]);
  });
});
