/**
 * `sensitivity` (interfaces.md) on the demo court: every factor 1 gives the engine's ranking, the
 * seeded joint draws repeat, the year's grades and ranks (checked by full rescoring with the points
 * perturbed, `@scorecard/scoring/testing`), and the options it refuses. Moved from packages/scoring
 * (the demo depends on scoring).
 */
import { describe, expect, it } from "vitest";
import { InputError, parseRulebook, versionAt } from "@scorecard/rules";
import { evaluateYear, indexData, orderVersions, perturbedStandings, prepareSensitivity, scorePeriod, sensitivity } from "@scorecard/scoring";
import { perturbed } from "@scorecard/scoring/testing";
import { demoCourt } from "./index";

describe("each trial equals a full rescoring with the perturbed points", () => {
  it("every factor 1 gives the engine's own ranking", () => {
    const court = demoCourt("grouped");
    const prepared = prepareSensitivity({ rulebooks: court.rulebook, data: court, period: "2022-07" });
    const got = perturbedStandings(prepared, prepared.keys.map(() => 1));
    const want = scorePeriod({ rulebooks: court.rulebook, data: court, period: "2022-07", explain: false });
    for (const w of want.units) expect(got.units.find((u) => u.unit === w.unit)).toMatchObject({ rank: w.rank, total: w.total });
  });
});

describe("seeded joint draws", () => {
  const court = demoCourt();

  it("the same seed gives the same output; another seed may differ", () => {
    const run = (seed: number) => sensitivity({ rulebooks: court.rulebook, data: court, year: 2023, trials: 300, seed });
    expect(run(7)).toEqual(run(7));
    const others = [8, 9, 10, 11].map((s) => run(s).units.map((u) => u.unchanged));
    expect(others.some((o) => JSON.stringify(o) !== JSON.stringify(run(7).units.map((u) => u.unchanged)))).toBe(true);
    expect(run(7)).toMatchObject({ trials: 300, seed: 7, spread: 0.1, year: 2023 });
  });
});

describe("a year", () => {
  const court = demoCourt();
  const data = indexData(court);

  it("gives each tribunal its annual rank and grade, and sensitiveTo the indicators whose ±10 % alone moved the grade (checked by full rescoring)", () => {
    const r = sensitivity({ rulebooks: court.rulebook, data, year: 2022, trials: 200 });
    const annual = evaluateYear({ rulebooks: court.rulebook, data, year: 2022 });
    expect(r.units.map((u) => [u.unit, u.group, u.rank, u.grade])).toEqual(annual.units.map((u) => [u.unit, u.group, u.rank, u.grade]));
    const keys = prepareSensitivity({ rulebooks: court.rulebook, data, year: 2022 }).keys;
    const moved = new Map<string, string[]>();
    for (const k of keys)
      for (const f of [0.9, 1.1]) {
        const e = evaluateYear({ rulebooks: perturbed(court.rulebook, new Map([[k, f]])), data, year: 2022 });
        for (const u of e.units) {
          if (u.grade === annual.units.find((a) => a.unit === u.unit)!.grade) continue;
          const list = moved.get(u.unit) ?? [];
          if (!list.includes(k)) list.push(k);
          moved.set(u.unit, list);
        }
      }
    for (const u of r.units) {
      expect(u.sensitiveTo).toEqual(moved.get(u.unit) ?? []);
      expect(u.unchanged).toBeGreaterThanOrEqual(0);
      expect(u.unchanged).toBeLessThanOrEqual(1);
      expect(u.rankUnchanged).toBeGreaterThanOrEqual(0);
      expect(u.rankUnchanged).toBeLessThanOrEqual(1);
    }
  });

  it("with a spread of 30 % some grades and ranks move in the joint draws (the demo year is not trivially stable)", () => {
    const r = sensitivity({ rulebooks: court.rulebook, data, year: 2022, trials: 300, spread: 0.3 });
    expect(r.units.some((u) => u.unchanged < 1)).toBe(true);
    expect(r.units.some((u) => u.rankUnchanged! < 1)).toBe(true);
    expect(r.units.some((u) => u.sensitiveTo.length > 0)).toBe(true);
  });

  it("under a grouped rulebook with committee scores: grades within each group, as evaluateYear gives", () => {
    const grouped = demoCourt("grouped");
    const r = sensitivity({ rulebooks: grouped.rulebook, data: grouped, year: 2022, trials: 100 });
    const annual = evaluateYear({ rulebooks: grouped.rulebook, data: grouped, year: 2022 });
    expect(r.units.map((u) => [u.unit, u.group, u.rank, u.grade])).toEqual(annual.units.map((u) => [u.unit, u.group, u.rank, u.grade]));
    const manual = grouped.rulebook.sections.flatMap((s) => s.indicators.filter((i) => i.method.type === "manual").map((i) => i.key));
    expect(manual.length).toBeGreaterThan(0);
    for (const u of r.units) for (const k of manual) expect(u.sensitiveTo).not.toContain(k);
  });

  it("1,000 joint trials of the demo year (timing printed, not asserted)", () => {
    sensitivity({ rulebooks: court.rulebook, data, year: 2022, trials: 100 }); // warm up
    const t0 = performance.now();
    const r = sensitivity({ rulebooks: court.rulebook, data, year: 2022, trials: 1000 });
    const ms = performance.now() - t0;
    console.log(`sensitivity: 1,000 joint trials of the demo year 2022 (${r.units.length} tribunals) in ${ms.toFixed(0)} ms`);
    expect(r.trials).toBe(1000);
  });
});

describe("bad options", () => {
  const court = demoCourt();
  const refused = (f: () => unknown, field: string) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).problems.map((p) => p.field)).toContain(field);
      return;
    }
    throw new Error("not refused");
  };

  it("refuses both or neither of period and year, a spread outside (0, 1), a bad trial count or seed", () => {
    refused(() => sensitivity({ rulebooks: court.rulebook, data: court }), "period");
    refused(() => sensitivity({ rulebooks: court.rulebook, data: court, period: "2022-03", year: 2022 }), "period");
    for (const spread of [0, 1, -0.1, Number.NaN]) refused(() => sensitivity({ rulebooks: court.rulebook, data: court, year: 2022, spread }), "spread");
    for (const trials of [0, 1.5]) refused(() => sensitivity({ rulebooks: court.rulebook, data: court, year: 2022, trials }), "trials");
    refused(() => sensitivity({ rulebooks: court.rulebook, data: court, year: 2022, seed: 0.5 }), "seed");
  });

  it("uses the version in force at the period (two versions)", () => {
    const v2 = parseRulebook({ ...structuredClone(court.rulebook), version: "2022.2", effectiveFrom: "2022-07", tieBreak: [] });
    const versions = orderVersions([court.rulebook, v2]);
    const r = sensitivity({ rulebooks: versions, data: court, period: "2022-08", trials: 10 });
    const want = scorePeriod({ rulebooks: versions, data: court, period: "2022-08" });
    expect(versionAt(versions, "2022-08")?.version).toBe("2022.2");
    expect(r.units.map((u) => [u.unit, u.rank])).toEqual(want.units.map((u) => [u.unit, u.rank]));
  });
});
