import { describe, expect, it } from "vitest";
import type { AdjustmentRow, FactRow, RulebookInput } from "@scorecard/rules";
import { assignGrades, evaluateYear } from "./annual";
import { scorePeriod } from "./score";
import { facts, fieldIndicator, rulebook } from "./test/fixtures";

const grades = [
  { key: "A", name: "优秀", minScore: 8, maxShare: 0.25 },
  { key: "B", name: "良好", minScore: 5 },
  { key: "C", name: "合格", minScore: 2 },
  { key: "D", name: "不合格" },
];

describe("grades under quotas (rulebook §7)", () => {
  const u = (unit: string, rank: number, total: number, veto = false) => ({ unit, rank, total, veto });
  it("quota floor(maxShare·n); a tied group that does not fit loses the grade, which stays open below", () => {
    // n = 8: quota of A is 2. Rank 1 single takes A (1 left); ranks 2,2 cannot both fit → B; rank 4 takes the last A
    const g = assignGrades([u("a", 1, 10), u("b", 2, 9), u("c", 2, 9), u("d", 4, 8.5), u("e", 5, 8.2), u("f", 6, 6), u("g", 7, 3), u("h", 8, 1)], grades, "C");
    expect(Object.fromEntries(g)).toEqual({ a: "A", b: "B", c: "B", d: "A", e: "B", f: "B", g: "C", h: "D" });
  });
  it("minScore must be reached; vetoed units are capped and graded after the others of their tie", () => {
    const g = assignGrades([u("a", 1, 9, true), u("b", 2, 9, false), u("c", 2, 9, true), u("d", 4, 4), u("e", 5, 1), u("f", 6, 1), u("g", 7, 1), u("h", 8, 1)], grades, "C");
    expect(Object.fromEntries(g)).toMatchObject({ a: "C", b: "A", c: "C", d: "C", e: "D" });
  });
});

function yearOf(values: (month: number) => Record<string, number>, months = 12, year = 2022): FactRow[] {
  const out: FactRow[] = [];
  for (let m = 1; m <= months; m++) out.push(...facts(`${year}-${String(m).padStart(2, "0")}`, values(m)));
  return out;
}

describe("evaluateYear", () => {
  const annual = (extra: Partial<RulebookInput["annual"]> = {}): RulebookInput["annual"] => ({
    basis: "ytd",
    grades,
    vetoCap: "C",
    rewards: [{ key: "adv", name: "先进", topRanks: 2 }],
    talk: { monthsLast: 3 },
    ...extra,
  });
  const ind = fieldIndicator({ type: "ratioToBest" }, 10);
  const vetoItems = [{ key: "V1", name: "违纪", kind: "veto" as const }];

  it("ytd basis: the year window at December, rewards skip a vetoed unit, last place talks", () => {
    const rb = rulebook([ind], { window: "month", adjustments: vetoItems, annual: annual() });
    const f = yearOf(() => ({ a: 10, b: 9, c: 5, d: 1 }));
    const adj: AdjustmentRow[] = [{ period: "2022-05", unit: "a", item: "V1", count: 1 }];
    const r = evaluateYear({ rulebooks: rb, data: { facts: f, adjustments: adj }, year: 2022 });
    expect(r.basis).toBe("ytd");
    expect(r.units.map((u) => [u.unit, u.rank, u.total, u.grade, u.rewards, u.talk, u.veto])).toEqual([
      ["a", 1, 10, "C", [], false, true],
      ["b", 2, 9, "A", ["adv"], false, false],
      ["c", 3, 5, "B", [], false, false],
      ["d", 4, 1, "D", [], true, false],
    ]);
    expect(r.units.every((u) => u.complete)).toBe(true);
    expect(r.units[3]!.talkReasons).toEqual(["lastInYear", "lastInMonths"]);
  });

  it("talk for last place in at least monthsLast monthly rankings, even when not last in the year", () => {
    const rb = rulebook([ind], { window: "month", annual: annual() });
    // c is last in months 1–3 only; d is last the other nine months
    const f = yearOf((m) => (m <= 3 ? { a: 10, b: 9, c: 1, d: 5 } : { a: 10, b: 9, c: 8, d: 1 }));
    const r = evaluateYear({ rulebooks: rb, data: { facts: f }, year: 2022 });
    const c = r.units.find((u) => u.unit === "c")!;
    expect(c).toMatchObject({ talk: true, talkReasons: ["lastInMonths"], monthsLast: 3 });
    const januaryToApril = 4;
    expect(c.monthlyRanks.slice(0, januaryToApril).map((x) => x.rank)).toEqual([4, 4, 4, 3]);
  });

  it("meanOfMonths: mean of monthly totals; a unit with fewer than twelve months is listed without rank or grade", () => {
    const rb = rulebook([ind], { window: "month", annual: annual({ basis: "meanOfMonths" }) });
    const f = [...yearOf((m) => ({ a: 10, b: m % 2 ? 10 : 5 })), ...yearOf(() => ({ c: 2 }), 6)];
    const r = evaluateYear({ rulebooks: rb, data: { facts: f }, year: 2022 });
    // b: 10 in odd months, 5 in even → mean 7.5; c: 2 in six months → incomplete, mean 2
    expect(r.units.map((u) => [u.unit, u.rank, u.total, u.complete, u.grade])).toEqual([
      ["a", 1, 10, true, "B"], // quota of A with n = 2 is floor(0.5) = 0
      ["b", 2, 7.5, true, "B"],
      ["c", null, 2, false, null],
    ]);
    // c is never last in the annual ranking, but was last in all of its six months
    expect(r.units[2]).toMatchObject({ talk: true, talkReasons: ["lastInMonths"], scoredMonths: 6 });
  });

  it("gives the same evaluation when it reuses the caller's monthly rankings, and ignores ones of another window", () => {
    const rb = rulebook([ind], { window: "month", annual: annual() });
    const f = yearOf((m) => (m <= 3 ? { a: 10, b: 9, c: 1, d: 5 } : { a: 10, b: 9, c: 8, d: 1 }));
    const fresh = evaluateYear({ rulebooks: rb, data: { facts: f }, year: 2022 });
    const months = Array.from({ length: 12 }, (_, i) => scorePeriod({ rulebooks: rb, data: { facts: f }, period: `2022-${String(i + 1).padStart(2, "0")}` }));
    expect(evaluateYear({ rulebooks: rb, data: { facts: f }, year: 2022, monthly: months })).toEqual(fresh);
    const wrongWindow = months.map((m) => scorePeriod({ rulebooks: rb, data: { facts: f }, period: m.period, window: "year" }));
    expect(evaluateYear({ rulebooks: rb, data: { facts: f }, year: 2022, monthly: wrongWindow })).toEqual(fresh);
  });

  it("takes grades and rules from the version in force at December, monthly ranks from each month's own version", () => {
    const v1 = rulebook([ind], { version: "1", window: "month", annual: annual({ rewards: [] }) });
    const v2 = rulebook([fieldIndicator({ type: "ratioToBest" }, 20)], { version: "2", effectiveFrom: "2022-07", window: "ytd", annual: annual({ rewards: [{ key: "top", name: "第一", topRanks: 1 }] }) });
    const f = yearOf(() => ({ a: 10, b: 5 }));
    const r = evaluateYear({ rulebooks: [v1, v2], data: { facts: f }, year: 2022 });
    expect(r.rulebook.version).toBe("2");
    expect(r.units[0]).toMatchObject({ unit: "a", total: 20, rewards: ["top"] });
    expect(r.units[1]).toMatchObject({ unit: "b", total: 10 });
  });
});
