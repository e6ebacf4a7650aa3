/**
 * 差距测算 (interfaces.md `gap`) on the demo court, checked as scoring's own gap tests check
 * every answer (`@scorecard/scoring/testing`): every option reaches its rank and one step less
 * does not, the options keep the data checks, "unreachable" is what a scan finds, ranks are within
 * the unit's group. Moved from packages/scoring (the demo depends on scoring).
 */
import { describe, expect, it } from "vitest";
import { InputError } from "@scorecard/rules";
import { gapOptionText, gapTargetTitle, gapToRank, gapUnreachableText, scorePeriod, type DataSet } from "@scorecard/scoring";
import { agreesWithScan, checkOptions, unreachableOf, type Case } from "@scorecard/scoring/testing";
import { demoCourt } from "./index";

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
    expect(o).toEqual({ indicator: "E1", indicators: ["E1", "E7"], field: "enf_closed", from: o.from, to: o.from + o.delta, delta: o.delta, lowers: [] });
    expect(Number.isInteger(o.delta)).toBe(true);
  });

  it("says in the same line what an option lowers, and lists it after those that lower nothing (麦新's 审判结案数)", () => {
    const g = gapToRank({ rulebooks: court.rulebook, data, period: "2023-03", unit: "maixin" });
    const options = g.targets[0]!.options;
    const texts = options.map((o) => gapOptionText(court.rulebook, o));
    // more cases closed, all out of time: 法定审限内结案率 falls to 0 points — said beside the change
    const closed = texts.findIndex((t) => t.startsWith("审判结案数 +"));
    expect(closed).toBeGreaterThanOrEqual(0);
    expect(texts[closed]).toMatch(/,同时法定审限内结案率由 \d+\.\d{2}% 降至 \d+\.\d{2}%,该项得分 [\d.]+ → 0$/);
    const lowering = options.map((o) => o.lowers.length > 0);
    expect(lowering.indexOf(true)).toBeGreaterThan(lowering.lastIndexOf(false));
    expect(texts.filter((t, i) => !lowering[i]).every((t) => !t.includes("同时"))).toBe(true);
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
