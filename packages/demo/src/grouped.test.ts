import { checkFacts, groupOf, indicatorsOf, ManualRowSchema } from "@scorecard/rules";
import { evaluateYear, scorePeriod } from "@scorecard/scoring";
import { describe, expect, it } from "vitest";
import { demoCourt } from "./index";

describe("the §9 example court (demoCourt('grouped'))", () => {
  const court = demoCourt("grouped");
  const rb = court.rulebook;

  it("declares two groups of four tribunals, a committee-scored indicator, a weighted and minimum-based 改发率, a group-only indicator and caps", () => {
    expect(rb.groups.map((g) => [g.name, g.units.length])).toEqual([["一类法庭", 4], ["二类法庭", 4]]);
    expect(court.units.every((u) => groupOf(rb, u.key) !== "other")).toBe(true);
    const byKey = new Map(indicatorsOf(rb).map((i) => [i.key, i]));
    expect(byKey.get("M1")?.formula).toEqual({ type: "manual", aggregate: "last" });
    expect(byKey.get("T5")?.formula).toMatchObject({ num: [{ field: "trial_revised", weight: 1 }, { field: "trial_remanded", weight: 0.6 }] });
    expect(byKey.get("T5")?.minBase).toEqual({ field: "trial_judged_first", min: 15 });
    expect(byKey.get("T8")?.groups).toEqual(["large"]);
    expect(rb.adjustments.find((a) => a.key === "P1")?.cap).toBe(1.5);
    expect(rb.penaltyCap).toBe(3);
    expect(rb.ranking).toBe("published");
    expect(demoCourt("internal").rulebook.ranking).toBe("internal");
  });

  it("its figures pass every data check, and 改判 + 发回 add up to the shipped 被改判发回重审案件数", () => {
    for (const f of court.facts) {
      expect(checkFacts(rb, { key: f.unit, name: f.unit }, f.values, { period: f.period }).errors).toEqual([]);
      expect(f.values.trial_revised! + f.values.trial_remanded!).toBe(f.values.trial_reversed);
    }
  });

  it("has a committee score with a reason for every tribunal and month, except two tribunals in the month under review", () => {
    for (const m of court.manual) expect(ManualRowSchema.safeParse(m).success).toBe(true);
    expect(court.manual.every((m) => m.score >= 0 && m.score <= 5)).toBe(true);
    const march = court.manual.filter((m) => m.period === "2023-03").map((m) => m.unit);
    expect(march).toHaveLength(6);
    expect(march).not.toContain("maixin");
    expect(court.manual).toHaveLength(court.facts.length - 2);
  });

  it("ranks each group on its own, shows the cap on 麦新's complaints and a 样本不足 in February 2023", () => {
    const march = scorePeriod({ rulebooks: rb, data: court, period: "2023-03" });
    expect(march.groups.map((g) => g.key)).toEqual(["large", "small"]);
    for (const g of ["large", "small"]) expect(march.units.filter((u) => u.group === g).map((u) => u.rank)).toEqual([1, 2, 3, 4]);
    const maixin = march.units.find((u) => u.unit === "maixin")!;
    expect(maixin.itemCaps).toEqual([{ item: "P1", name: "有效投诉、涉执信访", kind: "penalty", sum: 2, cap: 1.5 }]);
    expect(maixin.indicators.T8).toBeUndefined();
    expect(maixin.indicators.M1?.explanation?.text).toContain("理由:");
    const feb = scorePeriod({ rulebooks: rb, data: court, period: "2023-02" });
    expect(feb.units.find((u) => u.unit === "jirigalangtu")?.indicators.T5?.explanation?.nullReason).toBe("smallBase");
    const year = evaluateYear({ rulebooks: rb, data: court, year: 2022 });
    expect(new Set(year.quotas.map((q) => q.group))).toEqual(new Set(["large", "small"]));
  });

  it("leaves the shipped demo court as it was", () => {
    const kailu = demoCourt();
    expect(kailu.manual).toEqual([]);
    expect(kailu.rulebook.groups).toEqual([]);
    expect(Object.keys(kailu.facts[0]!.values)).not.toContain("trial_revised");
  });
});
