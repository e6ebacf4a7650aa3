/**
 * `sensitivity` (interfaces.md): each trial equals a full rescoring with the perturbed points, the
 * one-at-a-time `sensitiveTo`, the seeded joint draws, and the year's grades and ranks, on
 * generated rulebooks and cases worked by hand. The demo court's are in packages/demo
 * (scoring-sensitivity.test.ts).
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { WindowKind } from "@scorecard/rules";
import {
  applyMethod,
  evaluateYear,
  methodParams,
  methodShape,
  perturbedStandings,
  prepareSensitivity,
  scorePeriod,
  seededRandom,
  sensitivity,
  shapeRaw,
} from "./index";
import { perturbed } from "./testing";
import { facts, rulebook } from "./test/fixtures";
import { RUNS, YEAR, constructScenarioArb, monthArb, periodOf, realisticConstructsArb, windowArb, type Scenario } from "./test/generators";

/** Factors: some at the one-at-a-time values and 1 exactly, most anywhere in [0.5, 1.5]. */
const factorsArb = fc.array(fc.oneof(fc.constantFrom(0.9, 1, 1.1), fc.double({ min: 0.5, max: 1.5, noNaN: true })), { minLength: 40, maxLength: 40 });

const factorMap = (keys: readonly string[], factors: readonly number[]) => new Map(keys.map((k, i) => [k, factors[i]!]));

describe("seededRandom", () => {
  it("is mulberry32: the same numbers on every machine", () => {
    const r = seededRandom(1);
    expect([r(), r(), r()].map((x) => x * 2 ** 32)).toEqual([2693262067, 11749833, 2265367787]);
    const s = seededRandom(7);
    expect([s(), s(), s()].map((x) => x * 2 ** 32)).toEqual([50271532, 266108690, 4195786334]);
  });

  it("repeats its sequence for a seed, differs for another, stays in [0, 1)", () => {
    const draw = (seed: number) => {
      const r = seededRandom(seed);
      return Array.from({ length: 1000 }, r);
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    for (const x of draw(5)) expect(x >= 0 && x < 1).toBe(true);
  });
});

describe("a method's point-free shape", () => {
  it("gives exactly applyMethod's raw score under any points, for every method of the generated rulebooks", () => {
    const value = fc.oneof(fc.constantFrom(-1, 0, 0.1, 0.5, 1, 2, 3, 20), fc.double({ min: -5, max: 25, noNaN: true }));
    fc.assert(
      fc.property(constructScenarioArb, monthArb, value, value, value, fc.integer({ min: 1, max: 12 }), fc.double({ min: 0.01, max: 30, noNaN: true }), (s, month, x, a, b, rank, p) => {
        const period = periodOf(YEAR, month);
        const cohort = { n: 3, best: Math.max(a, b, x), worst: Math.min(a, b, x) };
        for (const rb of s.rulebooks)
          for (const sec of rb.sections)
            for (const ind of sec.indicators) {
              const c = ind.direction === "higher" ? cohort : { n: 3, best: cohort.worst, worst: cohort.best };
              const prm = methodParams(ind, period);
              expect(shapeRaw(methodShape(ind, prm, x, c, rank), p)).toBe(applyMethod({ ...ind, points: p }, prm, x, c, rank).raw);
            }
      }),
      { numRuns: 200 * RUNS },
    );
  });
});

describe("each trial equals a full rescoring with the perturbed points", () => {
  const agreePeriod = (s: Scenario, month: number, window: WindowKind | undefined, factors: number[]) => {
    const period = periodOf(YEAR, month);
    const rbs = s.single ? s.rulebooks[0]! : s.rulebooks;
    const prepared = prepareSensitivity({ rulebooks: rbs, data: s.data, period, ...(window ? { window } : {}) });
    const got = perturbedStandings(prepared, factors);
    const f = factorMap(prepared.keys, factors);
    const want = scorePeriod({ rulebooks: s.rulebooks.map((rb) => perturbed(rb, f)), data: s.data, period, explain: false, ...(window ? { window } : {}) });
    expect(got.units.map((u) => u.unit)).toEqual(want.units.map((u) => u.unit).sort());
    for (const w of want.units) {
      const u = got.units.find((x) => x.unit === w.unit)!;
      expect({ unit: u.unit, group: u.group, rank: u.rank, total: u.total, sections: u.sections }).toEqual({
        unit: w.unit,
        group: w.group,
        rank: w.rank,
        total: w.total,
        sections: w.sections,
      });
    }
  };

  it("a period: ranks, totals and section scores (generated rulebooks with the §9 constructs, versions, windows)", () => {
    fc.assert(fc.property(constructScenarioArb, monthArb, windowArb, factorsArb, agreePeriod), { numRuns: 300 * RUNS });
  });

  it("a period of the shipped rulebook turned into a §9 one (groups, manual section, weighted terms, caps)", () => {
    fc.assert(fc.property(realisticConstructsArb, monthArb, windowArb, factorsArb, agreePeriod), { numRuns: 60 * RUNS });
  });

  const agreeYear = (s: Scenario, factors: number[]) => {
    const rbs = s.single ? s.rulebooks[0]! : s.rulebooks;
    const prepared = prepareSensitivity({ rulebooks: rbs, data: s.data, year: YEAR });
    const got = perturbedStandings(prepared, factors);
    const f = factorMap(prepared.keys, factors);
    // several versions in the year: each version's indicator of a key takes the key's one factor
    const want = evaluateYear({ rulebooks: s.rulebooks.map((rb) => perturbed(rb, f)), data: s.data, year: YEAR });
    expect(got.units.map((u) => u.unit)).toEqual(want.units.map((u) => u.unit).sort());
    for (const w of want.units) {
      const u = got.units.find((x) => x.unit === w.unit)!;
      expect({ ...u }).toEqual({ unit: w.unit, group: w.group, rank: w.rank, total: w.total, sections: w.sections, grade: w.grade, rewards: w.rewards, talk: w.talk });
      for (const m of w.monthlyRanks) {
        const month = got.months!.find((x) => x.period === m.period);
        expect(month?.units.find((x) => x.unit === w.unit)?.rank ?? null).toBe(m.rank);
      }
    }
  };

  it("a year: annual ranks, totals, sections, grades (quotas, vetoes), rewards, talks and the monthly ranks", () => {
    fc.assert(fc.property(constructScenarioArb, factorsArb, agreeYear), { numRuns: 150 * RUNS });
  });

  it("a year of the shipped rulebook turned into a §9 one", () => {
    fc.assert(fc.property(realisticConstructsArb, factorsArb, agreeYear), { numRuns: 30 * RUNS });
  });

});

/**
 * Two tribunals 0.20 apart: ua leads ub by 2.10 on X and trails by 1.90 on Y, so X at 90 % of its
 * points swaps them (a lead of −0.01) while Y at 110 % leaves ua first by 0.01; Z gives all full
 * points; uc is far behind; M is a committee score (not perturbed).
 */
function flipCase() {
  const target = { type: "target" as const, target: 1, zeroAt: 0 };
  const rb = rulebook(
    [
      { key: "X", name: "甲指标", direction: "higher", points: 10, formula: { type: "field", field: "a" }, method: target },
      { key: "Y", name: "乙指标", direction: "higher", points: 10, formula: { type: "field", field: "b" }, method: target },
      { key: "Z", name: "丙指标", direction: "higher", points: 5, formula: { type: "field", field: "c" }, method: { type: "efficacy", floor: 0.6 } },
      { key: "M", name: "评议", direction: "higher", points: 5, formula: { type: "manual" } },
    ],
    { window: "month" },
  );
  const data = {
    facts: facts("2022-03", { ua: { a: 0.9, b: 0.7, c: 1 }, ub: { a: 0.69, b: 0.89, c: 1 }, uc: { a: 0.1, b: 0.1, c: 1 } }),
    manual: ["ua", "ub", "uc"].map((unit) => ({ period: "2022-03", unit, indicator: "M", score: 5, reason: "评议" })),
  };
  return { rb, data };
}

describe("one indicator at a time", () => {
  it("lists the indicators whose ±10 % moved the rank, in rulebook order, and never a manual one", () => {
    const { rb, data } = flipCase();
    const r = sensitivity({ rulebooks: rb, data, period: "2022-03", trials: 500, seed: 3 });
    expect(prepareSensitivity({ rulebooks: rb, data, period: "2022-03" }).keys).toEqual(["X", "Y", "Z"]);
    expect(r.units.map((u) => [u.unit, u.rank, u.sensitiveTo])).toEqual([
      ["ua", 1, ["X"]],
      ["ub", 2, ["X"]],
      ["uc", 3, []],
    ]);
    // the joint draws swap the two leaders some of the time (a tie in hundredths puts both first:
    // ua keeps its rank then, ub does not), never the last one
    const [ua, ub, uc] = r.units;
    expect(ua!.unchanged).toBeGreaterThan(0);
    expect(ua!.unchanged).toBeLessThan(1);
    expect(ub!.unchanged).toBeGreaterThan(0);
    expect(ub!.unchanged).toBeLessThanOrEqual(ua!.unchanged);
    expect(uc!.unchanged).toBe(1);
    const totals = scorePeriod({ rulebooks: rb, data, period: "2022-03" }).units.map((u) => u.total);
    expect(totals).toEqual([26, 25.8, 12]);
  });

  it("a smaller spread that cannot close the gap lists nothing and leaves every rank unchanged", () => {
    const { rb, data } = flipCase();
    const r = sensitivity({ rulebooks: rb, data, period: "2022-03", spread: 0.02, trials: 200 });
    for (const u of r.units) expect(u).toMatchObject({ sensitiveTo: [], unchanged: 1 });
  });
});

describe("seeded joint draws", () => {
  it("draws each indicator's factor uniform in [1 − spread, 1 + spread], in rulebook order, trial by trial: the shares equal full rescorings of those draws", () => {
    const { rb, data } = flipCase();
    const trials = 40;
    const r = sensitivity({ rulebooks: rb, data, period: "2022-03", trials, seed: 11, spread: 0.2 });
    const keys = ["X", "Y", "Z"];
    const random = seededRandom(11);
    const base = new Map(scorePeriod({ rulebooks: rb, data, period: "2022-03" }).units.map((u) => [u.unit, u.rank]));
    const same = new Map<string, number>();
    for (let t = 0; t < trials; t++) {
      const f = new Map(keys.map((k) => [k, 0.8 + 0.4 * random()]));
      for (const u of scorePeriod({ rulebooks: perturbed(rb, f), data, period: "2022-03" }).units) if (u.rank === base.get(u.unit)) same.set(u.unit, (same.get(u.unit) ?? 0) + 1);
    }
    for (const u of r.units) expect(u.unchanged).toBe((same.get(u.unit) ?? 0) / trials);
    expect(r.units[0]!.unchanged).toBeLessThan(1);
  });
});
