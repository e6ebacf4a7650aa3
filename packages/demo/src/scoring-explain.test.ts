/**
 * The demo court's explanations add up (rulebook.md §8, §9), read back by scoring's reader
 * (`@scorecard/scoring/testing`): moved from scoring's explanation tests, which do not depend on
 * the demo (the demo depends on scoring; a devDependency back would be a cycle turbo refuses).
 */
import { describe, expect, it } from "vitest";
import { appliesTo, groupOf, indicatorsOf, makePeriod, num, type Period, type WindowKind } from "@scorecard/rules";
import { scorePeriod } from "@scorecard/scoring";
import { auditAll } from "@scorecard/scoring/testing";
import { demoCourt } from "./index";

describe("the demo court's explanations add up (rulebook.md §8, §9)", () => {
  const periods: Period[] = [];
  for (let y = 2022; y <= 2023; y++) for (let mo = 1; mo <= 12; mo++) if (makePeriod(y, mo) <= "2023-03") periods.push(makePeriod(y, mo));
  // kailu: the shipped rulebook; grouped: groups, a committee-scored indicator, a weighted 改发率 with a
  // minimum base, an indicator for one group only; internal: the same, ranks kept internal
  for (const variant of ["kailu", "grouped", "internal"] as const) {
    const d = demoCourt(variant);
    /** the explanations one period must have: each tribunal, each indicator that applies to its group */
    const perPeriod = d.units.reduce((a, u) => a + indicatorsOf(d.rulebook).filter((i) => appliesTo(i, groupOf(d.rulebook, u.key))).length, 0);
    for (const window of ["ytd", "month", "quarter", "year"] as WindowKind[]) {
      it(`${variant}: every indicator of every tribunal, 2022年1月 to 2023年3月, ${window} window`, () => {
        let n = 0;
        const problems: string[] = [];
        for (const period of periods) {
          const a = auditAll(d.rulebook, scorePeriod({ rulebooks: d.rulebook, data: d, period, window }), d.manual);
          n += a.n;
          problems.push(...a.problems);
        }
        expect(n).toBe(periods.length * perPeriod);
        expect(problems.slice(0, 5)).toEqual([]);
      });
    }
  }

  it("rates carry four decimals of their percentage and days two in the arithmetic", () => {
    const d = demoCourt();
    const r = scorePeriod({ rulebooks: d.rulebook, data: d, period: "2023-03" });
    const dongfeng = r.units.find((u) => u.unit === "dongfeng")!;
    const e1 = dongfeng.indicators.E1!.explanation!;
    expect(e1.text).toContain(`最优值 ${((e1.cohort.best ?? 0) * 100).toFixed(4)}%`);
    const e3 = dongfeng.indicators.E3!.explanation!;
    expect(e3.text).toContain(`最优值 ${num(e3.cohort.best!, 2)}天`);
  });
});

describe("the §9 constructs in words (the demo court)", () => {
  it("under ranking kept internal no explanation of any indicator of any tribunal names a rank (the demo court, 2023年3月)", () => {
    const texts = (variant: "grouped" | "internal") => {
      const d = demoCourt(variant);
      const r = scorePeriod({ rulebooks: d.rulebook, data: d, period: "2023-03" });
      expect(r.units.map((u) => u.unit).sort()).toEqual(d.units.map((u) => u.key).sort());
      return r.units.flatMap((u) => Object.values(u.indicators).map((x) => x.explanation!.text));
    };
    const rank = /第\s*\d+\s*名/;
    const internal = texts("internal");
    expect(internal.filter((t) => rank.test(t))).toEqual([]);
    expect(internal.filter((t) => t.includes("(名次不通报)")).length).toBeGreaterThan(0);
    // the same court under a published ranking names them, in the same texts
    const published = texts("grouped");
    expect(published.length).toBe(internal.length);
    expect(published.filter((t) => rank.test(t)).length).toBeGreaterThan(internal.length / 2);
  });
});
