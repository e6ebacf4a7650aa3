/** `replayYear` (interfaces.md `replay`): a year under the versions in force and under a draft, side by side. */
import { describe, expect, it } from "vitest";
import { demoCourt } from "./index";
import { parseRulebook, periodsOfYear, type Rulebook } from "@scorecard/rules";
import { evaluateYear, replayYear, scorePeriod } from "@scorecard/scoring";

const court = demoCourt();
const current = court.rulebook;

/** The shipped rulebook with one change: 首执完毕率 (E4) by 功效系数法 and worth 10 points, as a 2023.1 draft. */
function draftOf(rb: Rulebook): Rulebook {
  const raw = structuredClone(rb) as Rulebook;
  raw.version = "2023.1-草案";
  raw.effectiveFrom = "2023-04";
  for (const s of raw.sections) for (const i of s.indicators) if (i.key === "E4") Object.assign(i, { points: 10, method: { type: "efficacy", floor: 0.6 } });
  return parseRulebook(raw);
}

describe("replaying a year under a draft", () => {
  const draft = draftOf(current);
  const r = replayYear({ rulebooks: current, draft, data: court, year: 2022 });

  it("gives each side exactly what scoring each month and the year with that side's rules gives", () => {
    const asDraft = { ...draft, effectiveFrom: "2022-01" };
    const annualCurrent = evaluateYear({ rulebooks: current, data: court, year: 2022 });
    const annualDraft = evaluateYear({ rulebooks: asDraft, data: court, year: 2022 });
    for (const u of r.units) {
      const c = annualCurrent.units.find((x) => x.unit === u.unit)!;
      const d = annualDraft.units.find((x) => x.unit === u.unit)!;
      expect(u.current).toEqual({ rank: c.rank, total: c.total, grade: c.grade, group: c.group });
      expect(u.draft).toEqual({ rank: d.rank, total: d.total, grade: d.grade, group: d.group });
    }
    for (const period of periodsOfYear(2022)) {
      const cur = scorePeriod({ rulebooks: current, data: court, period, explain: false });
      const dft = scorePeriod({ rulebooks: asDraft, data: court, period, explain: false });
      for (const u of r.units) {
        const m = u.months.find((x) => x.period === period)!;
        expect(m.current).toBe(cur.units.find((x) => x.unit === u.unit)!.rank);
        expect(m.draft).toBe(dft.units.find((x) => x.unit === u.unit)!.rank);
      }
    }
    expect(r.units.map((u) => u.unit)).toEqual(annualCurrent.units.map((u) => u.unit));
    expect(r.units[0]!.months).toHaveLength(12);
    expect(r.current).toEqual([{ id: current.id, version: current.version }]);
    expect(r.draft).toEqual({ id: current.id, version: "2023.1-草案" });
  });

  it("shows the draft's effect: a heavier 首执完毕率 moves totals, the current rules' side is untouched", () => {
    expect(r.units.some((u) => u.draft.total !== u.current.total)).toBe(true);
    const same = replayYear({ rulebooks: current, draft: current, data: court, year: 2022 });
    for (const u of same.units) {
      expect(u.draft).toEqual(u.current);
      for (const m of u.months) expect(m.draft).toBe(m.current);
    }
  });

  it("replaces every month of the year by the draft, whatever its effectiveFrom", () => {
    const late = replayYear({ rulebooks: current, draft: { ...draft, effectiveFrom: "2022-11" }, data: court, year: 2022 });
    expect(late.units).toEqual(r.units);
  });

  it("replays the §9 example court under its internal-ranking twin: the same arithmetic, so the same ranks", () => {
    const grouped = demoCourt("grouped");
    const twin = demoCourt("internal").rulebook;
    const g = replayYear({ rulebooks: grouped.rulebook, draft: twin, data: grouped, year: 2022 });
    for (const u of g.units) {
      expect(u.draft).toEqual(u.current);
      expect(u.current.group).not.toBe("other");
    }
  });
});
