/**
 * The engine scores a period in three ways — explained, with results, and for its totals alone
 * (the annual evaluation's) — and keeps each month's facts and running window sums beside the
 * index. Whatever way and in whatever order periods are scored, the figures must be the same.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { windowMonths, type Rulebook, type WindowKind } from "@scorecard/rules";
import { evaluateYear, indexData, monthlyRankings, scorePeriod, scoreWith, standingsOf, standingsWith, orderVersions } from "./index";
import { inForce } from "./in-force";
import { RUNS, YEAR, constructScenarioArb, periodOf, realisticConstructsArb, type Scenario } from "./test/generators";

const WINDOWS: WindowKind[] = ["month", "ytd", "quarter", "year"];

/** Every period of the year under every window, in an order drawn by the test. */
const visitsArb = fc.array(fc.record({ month: fc.integer({ min: 1, max: 12 }), window: fc.constantFrom(...WINDOWS) }), { minLength: 1, maxLength: 8 });

function sameEverywhere(s: Scenario, visits: Array<{ month: number; window: WindowKind }>): void {
  const versions = orderVersions(s.rulebooks);
  const shared = indexData(s.data);
  for (const { month, window } of visits) {
    const period = periodOf(YEAR, month);
    const rb: Rulebook = inForce(versions, period);
    // a fresh index, with nothing summed before, is the reference
    const fresh = scoreWith(rb, indexData(s.data), period, window, false);
    // the shared index has summed other windows before (kept sums extended or replaced)
    expect(scoreWith(rb, shared, period, window, false)).toEqual(fresh);
    expect(standingsWith(rb, shared, period, window)).toEqual(standingsOf(fresh));
    expect(fresh.window.from).toBe(windowMonths(period, window)[0]);
  }
}

describe("scoring in any order and for the totals alone gives the same figures", () => {
  it("a shared index scored in a random order of periods and windows equals fresh indexes; standings equal the results'", () => {
    fc.assert(fc.property(constructScenarioArb, visitsArb, sameEverywhere), { numRuns: 100 * RUNS });
  });

  it("the shipped rulebook with the §9 constructs", () => {
    fc.assert(fc.property(realisticConstructsArb, visitsArb, sameEverywhere), { numRuns: 30 * RUNS });
  });

  it("the annual evaluation is the same whether given the monthly rankings, their standings, or nothing", () => {
    fc.assert(
      fc.property(constructScenarioArb, (s) => {
        const versions = orderVersions(s.rulebooks);
        const index = indexData(s.data);
        const monthly = monthlyRankings(versions, index, YEAR);
        const alone = evaluateYear({ rulebooks: s.rulebooks, data: s.data, year: YEAR });
        expect(evaluateYear({ rulebooks: s.rulebooks, data: index, year: YEAR, monthly })).toEqual(alone);
        expect(evaluateYear({ rulebooks: s.rulebooks, data: index, year: YEAR, monthly: monthly.map(standingsOf) })).toEqual(alone);
        // a ranking scored explained is the same ranking
        for (const m of monthly) {
          const explained = scorePeriod({ rulebooks: s.rulebooks, data: index, period: m.period });
          expect(standingsOf(explained)).toEqual(standingsOf(m));
        }
      }),
      { numRuns: 60 * RUNS },
    );
  });
});
