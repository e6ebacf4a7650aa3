/**
 * The annual evaluation as amended (rulebook.md §7): which months count, provisional years, vetoes
 * across revisions, the quota arithmetic and why each unit got its grade, and no talk block.
 */
import { describe, expect, it } from "vitest";
import type { AdjustmentRow, FactRow, RulebookInput } from "@scorecard/rules";
import { evaluateYear, gradeReasonText, overQuotaText, provisionalText, quotasAfterOverrides, quotaText, type AnnualResult } from "./annual";
import { scorePeriod } from "./score";
import { facts, fieldIndicator, rulebook } from "./test/fixtures";

const p = (year: number, m: number) => `${year}-${String(m).padStart(2, "0")}`;

function months(year: number, list: readonly number[], values: (m: number) => Record<string, number>): FactRow[] {
  return list.flatMap((m) => facts(p(year, m), values(m)));
}

const grades4 = [
  { key: "A", name: "优秀", minScore: 8, maxShare: 0.25 },
  { key: "B", name: "良好", minScore: 5 },
  { key: "C", name: "合格", minScore: 2 },
  { key: "D", name: "不合格" },
];

function annual(extra: Partial<RulebookInput["annual"]> = {}): RulebookInput["annual"] {
  return { basis: "ytd", grades: grades4, vetoCap: "C", rewards: [{ key: "adv", name: "先进", topRanks: 1 }], talk: { monthsLast: 3 }, ...extra };
}

const byUnit = (r: AnnualResult, unit: string) => r.units.find((u) => u.unit === unit)!;

describe("which months count; a year without December figures is provisional", () => {
  // d is last every month; the rulebook's window is ytd, so April's window still holds figures
  const ind = fieldIndicator({ type: "ratioToBest" }, 10);
  const values = () => ({ a: 10, b: 8, c: 6, d: 2 });

  it("counts only the months with figures of their own: three, not twelve", () => {
    const rb = rulebook([ind], { window: "ytd", annual: annual() });
    const r = evaluateYear({ rulebooks: rb, data: { facts: months(2023, [1, 2, 3], values) }, year: 2023 });
    expect(r.provisional).toBe(true);
    expect(r.months).toEqual(["2023-01", "2023-02", "2023-03"]);
    expect(r.asOf).toBe("2023-03");
    const d = byUnit(r, "d");
    expect(d).toMatchObject({ monthsLast: 3, scoredMonths: 3, talk: true, talkReasons: ["lastInYear", "lastInMonths"] });
    expect(d.monthlyRanks.map((x) => x.rank)).toEqual([4, 4, 4, null, null, null, null, null, null, null, null, null]);
    expect(provisionalText(r)).toBe("预估:2023年12月尚无数据,按已有的 3 个月(2023年1月至2023年3月)计算,不能发布。");
  });

  it("a month missing in the middle is not a ranking of the year either", () => {
    const rb = rulebook([ind], { window: "ytd", annual: annual({ talk: { monthsLast: 2 } }) });
    const r = evaluateYear({ rulebooks: rb, data: { facts: months(2022, [1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12], values) }, year: 2022 });
    expect(r.provisional).toBe(false);
    expect(r.asOf).toBe("2022-12");
    expect(r.months).toHaveLength(11);
    expect(r.months).not.toContain("2022-03");
    expect(byUnit(r, "d")).toMatchObject({ monthsLast: 11, scoredMonths: 11 });
    expect(byUnit(r, "d").monthlyRanks[2]).toEqual({ period: "2022-03", rank: null, group: null });
    expect(provisionalText(r)).toBeNull();
  });

  it("a full year is final: December counts, the rules and the totals are December's", () => {
    const rb = rulebook([ind], { window: "month", annual: annual() });
    const r = evaluateYear({ rulebooks: rb, data: { facts: months(2022, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], values) }, year: 2022 });
    expect(r).toMatchObject({ provisional: false, asOf: "2022-12" });
    expect(r.months).toHaveLength(12);
  });

  it("ytd basis of a provisional year: the latest counted month scored with window year (its byMonth target), not December", () => {
    // 10 a month for three months: 30 in the year; March's target is 30 (full points), December's 100
    const target = fieldIndicator({ type: "target", target: 100, zeroAt: 0, byMonth: { "03": { target: 30, zeroAt: 0 } } }, 10);
    const rb = rulebook([target], { window: "ytd", annual: annual() });
    const data = { facts: months(2023, [1, 2, 3], () => ({ a: 10, b: 5 })) };
    const r = evaluateYear({ rulebooks: rb, data, year: 2023 });
    const march = scorePeriod({ rulebooks: rb, data, period: "2023-03", window: "year" });
    expect(r.units.map((u) => [u.unit, u.total])).toEqual(march.units.map((u) => [u.unit, u.total]));
    expect(r.units.map((u) => [u.unit, u.total])).toEqual([
      ["a", 10],
      ["b", 5],
    ]);
    // the same figures as ytd to March
    const ytd = scorePeriod({ rulebooks: rb, data, period: "2023-03", window: "ytd" });
    expect(ytd.units.map((u) => u.total)).toEqual([10, 5]);
  });

  it("takes its rules from the version in force at the latest counted month, not from a later one", () => {
    const v1 = rulebook([ind], { version: "1", window: "ytd", annual: annual({ rewards: [{ key: "adv", name: "先进", topRanks: 1 }] }) });
    const v2 = rulebook([ind], { version: "2", effectiveFrom: "2023-07", window: "ytd", annual: annual({ rewards: [{ key: "top3", name: "前三", topRanks: 3 }] }) });
    const r = evaluateYear({ rulebooks: [v2, v1], data: { facts: months(2023, [1, 2, 3], values) }, year: 2023 });
    expect(r.rulebook.version).toBe("1");
    expect(byUnit(r, "a").rewards).toEqual(["adv"]);
    expect(byUnit(r, "b").rewards).toEqual([]);
  });

  it("meanOfMonths of a provisional year: complete means ranked in every counted month", () => {
    const rb = rulebook([ind], { window: "month", annual: annual({ basis: "meanOfMonths" }) });
    const f = [...months(2023, [1, 2, 3], () => ({ a: 10, b: 5 })), ...months(2023, [2, 3], () => ({ c: 8 }))];
    const r = evaluateYear({ rulebooks: rb, data: { facts: f }, year: 2023 });
    expect(r.units.map((u) => [u.unit, u.rank, u.complete, u.scoredMonths, u.grade])).toEqual([
      ["a", 1, true, 3, "B"], // n = 2: quota of A is floor(0.5) = 0
      ["b", 2, true, 3, "B"],
      ["c", null, false, 2, null],
    ]);
    const c = byUnit(r, "c");
    expect(c.gradeReason).toEqual({ code: "incomplete", skipped: [] });
    expect(gradeReasonText(c, r, rb)).toBe("仅 2 个月有排名(共 3 个月),不参加排名和等次评定");
  });

  it("a year without any figures is provisional with no months and no units", () => {
    const rb = rulebook([ind], { window: "ytd", annual: annual() });
    const r = evaluateYear({ rulebooks: rb, data: { facts: months(2022, [1, 2], values) }, year: 2023 });
    expect(r).toMatchObject({ provisional: true, months: [], asOf: "2023-12", units: [] });
    expect(provisionalText(r)).toBe("预估:2023年尚无任何月份的数据,不能发布。");
  });
});

describe("a veto across a revision (rulebook.md §7)", () => {
  const ind = fieldIndicator({ type: "ratioToBest" }, 10);
  const v1 = rulebook([ind], {
    version: "2022.1",
    window: "month",
    adjustments: [
      { key: "V1", name: "发生违法违纪问题被追责", kind: "veto" },
      { key: "P1", name: "有效投诉", kind: "penalty", points: 1 },
    ],
    annual: annual(),
  });
  const f = months(2022, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], () => ({ a: 10, b: 9, c: 5, d: 1 }));

  it("a later version that drops the veto item does not erase a veto incurred before it", () => {
    const v2 = rulebook([ind], { version: "2022.2", effectiveFrom: "2022-07", window: "month", adjustments: [{ key: "P1", name: "有效投诉", kind: "penalty", points: 1 }], annual: annual() });
    const adj: AdjustmentRow[] = [
      { period: "2022-03", unit: "a", item: "V1", count: 1, note: "三月被追责" },
      { period: "2022-09", unit: "b", item: "V1", count: 1 }, // under 2022.2, which has no V1: not a veto
    ];
    const r = evaluateYear({ rulebooks: [v1, v2], data: { facts: f, adjustments: adj }, year: 2022 });
    expect(r.rulebook.version).toBe("2022.2");
    const a = byUnit(r, "a");
    expect(a).toMatchObject({ rank: 1, veto: true, grade: "C", rewards: [] });
    expect(a.vetoes).toEqual([{ period: "2022-03", item: "V1", name: "发生违法违纪问题被追责", version: "2022.1", count: 1, note: "三月被追责" }]);
    expect(a.gradeReason.code).toBe("vetoCap");
    expect(gradeReasonText(a, r, v2)).toBe("有一票否决事项,等次不高于合格,评为合格");
    expect(byUnit(r, "b")).toMatchObject({ veto: false, vetoes: [], grade: "A", rewards: [] });
    expect(byUnit(r, "a").rewards).toEqual([]); // the reward of rank 1 goes to nobody: a has a veto
  });

  it("a later version that turns the item into a penalty keeps the earlier veto, and counts later ones as penalties", () => {
    const v2 = rulebook([ind], {
      version: "2022.2",
      effectiveFrom: "2022-07",
      window: "month",
      adjustments: [{ key: "V1", name: "违纪(改为扣分)", kind: "penalty", points: 1 }],
      annual: annual(),
    });
    const adj: AdjustmentRow[] = [
      { period: "2022-02", unit: "c", item: "V1", count: 1 },
      { period: "2022-11", unit: "b", item: "V1", count: 1 },
    ];
    const r = evaluateYear({ rulebooks: [v1, v2], data: { facts: f, adjustments: adj }, year: 2022 });
    expect(byUnit(r, "c")).toMatchObject({ veto: true, grade: "C" });
    expect(byUnit(r, "b")).toMatchObject({ veto: false, total: 8 }); // 9 − 1 in the December year window
  });

  it("a veto item a later version introduces counts only from its month on", () => {
    const v0 = rulebook([ind], { version: "2022.1", window: "month", adjustments: [{ key: "V1", name: "旧:扣分", kind: "penalty", points: 1 }], annual: annual() });
    const v2 = rulebook([ind], { version: "2022.2", effectiveFrom: "2022-07", window: "month", adjustments: [{ key: "V1", name: "违纪", kind: "veto" }], annual: annual() });
    const adj: AdjustmentRow[] = [
      { period: "2022-05", unit: "a", item: "V1", count: 1 },
      { period: "2022-08", unit: "c", item: "V1", count: 1 },
    ];
    const r = evaluateYear({ rulebooks: [v0, v2], data: { facts: f, adjustments: adj }, year: 2022 });
    expect(byUnit(r, "a").veto).toBe(false);
    expect(byUnit(r, "c").vetoes).toEqual([{ period: "2022-08", item: "V1", name: "违纪", version: "2022.2", count: 1 }]);
  });
});

describe("grades with a quota tie and a veto in the tie (hand-worked)", () => {
  // 8 units, each month the same figures, so each total is its value (ratioToBest over 10 points,
  // best 10). Quotas with n = 8: A floor(0.25·8) = 2, B floor(0.25·8) = 2, C and D unlimited.
  // vetoCap B. d has a veto and ties b and c at rank 2.
  //   a 10  → A (A: 1 left)
  //   rank 2, others first {b, c}: A has 1 left for 2 → neither gets A; B has 2 → both B (B: 0 left)
  //   rank 2, then the vetoed {d}: A is above the cap; B is used up → C
  //     (graded together, all three would have had C; d first would have taken B and left b, c with C)
  //   e 8.5 → A: the grade stayed open, one place left (A: 0 left)
  //   f 6   → below A's 8; B used up → C
  //   g 3   → C;  h 1 → D
  const grades = [
    { key: "A", name: "优秀", minScore: 8, maxShare: 0.25 },
    { key: "B", name: "良好", minScore: 5, maxShare: 0.25 },
    { key: "C", name: "合格", minScore: 2 },
    { key: "D", name: "不合格" },
  ];
  const values = { a: 10, b: 9, c: 9, d: 9, e: 8.5, f: 6, g: 3, h: 1 };
  const rb = rulebook([fieldIndicator({ type: "ratioToBest" }, 10)], {
    window: "month",
    adjustments: [{ key: "V1", name: "违纪", kind: "veto" }],
    annual: { basis: "ytd", grades, vetoCap: "B", rewards: [{ key: "adv", name: "先进法庭", topRanks: 2 }], talk: { monthsLast: 3 } },
  });
  const data = { facts: months(2022, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], () => values), adjustments: [{ period: "2022-06", unit: "d", item: "V1", count: 1 }] };
  const r = evaluateYear({ rulebooks: rb, data, year: 2022 });

  it("ranks, grades, rewards and talks", () => {
    expect(r.units.map((u) => [u.unit, u.rank, u.total, u.grade, u.rewards, u.veto, u.talk])).toEqual([
      ["a", 1, 10, "A", ["adv"], false, false],
      ["b", 2, 9, "B", ["adv"], false, false],
      ["c", 2, 9, "B", ["adv"], false, false],
      ["d", 2, 9, "C", [], true, false],
      ["e", 5, 8.5, "A", [], false, false],
      ["f", 6, 6, "C", [], false, false],
      ["g", 7, 3, "C", [], false, false],
      ["h", 8, 1, "D", [], false, true],
    ]);
  });

  it("the quota arithmetic", () => {
    expect(r.quotas).toEqual([
      { group: "other", grade: "A", maxShare: 0.25, n: 8, quota: 2, given: 2 },
      { group: "other", grade: "B", maxShare: 0.25, n: 8, quota: 2, given: 2 },
      { group: "other", grade: "C", maxShare: null, n: 8, quota: null, given: 3 },
      { group: "other", grade: "D", maxShare: null, n: 8, quota: null, given: 1 },
    ]);
    expect(r.quotas.map((q) => quotaText(q, rb))).toEqual(["优秀:名额 8 × 25% = 2 个,评定 2 个", "良好:名额 8 × 25% = 2 个,评定 2 个", "合格:不限名额,评定 3 个", "不合格:不限名额,评定 1 个"]);
    const seven = { group: "other", grade: "A", maxShare: 0.25, n: 7, quota: 1, given: 1 };
    expect(quotaText(seven, rb)).toBe("优秀:名额 7 × 25% = 1.75,向下取整为 1 个,评定 1 个");
  });

  it("the quota arithmetic after HR's overrides counts the grades given, and says which override put a grade beyond its quota", () => {
    // f (合格) raised to 优秀: 优秀 holds 3 of a quota of 2; b (良好) lowered to 合格
    const overrides = [
      { unit: "f", from: "C", to: "A" },
      { unit: "b", from: "B", to: "C" },
    ];
    const after = quotasAfterOverrides(r, overrides);
    expect(after.map((q) => quotaText(q, rb))).toEqual([
      "优秀:名额 8 × 25% = 2 个,评定 3 个(其中调整 1 个,超出名额 1 个)",
      "良好:名额 8 × 25% = 2 个,评定 1 个(调整调出 1 个)",
      "合格:不限名额,评定 3 个(其中调整 1 个,调整调出 1 个)",
      "不合格:不限名额,评定 1 个",
    ]);
    expect(overQuotaText(after, rb)).toBe("优秀名额 2 个,调整后评定 3 个,超出名额 1 个");
    // within the quotas: nothing to warn of, and without overrides the text is the engine's
    expect(overQuotaText(quotasAfterOverrides(r, [{ unit: "b", from: "B", to: "C" }]), rb)).toBeNull();
    expect(quotasAfterOverrides(r, []).map((q) => quotaText(q, rb))).toEqual(r.quotas.map((q) => quotaText(q, rb)));
  });

  it("why each unit got its grade", () => {
    const reason = (u: string) => byUnit(r, u).gradeReason;
    expect(reason("a")).toEqual({ code: "first", skipped: [] });
    expect(reason("b")).toEqual({ code: "quotaTie", skipped: [{ grade: "A", why: "quotaTie", left: 1, tied: 2 }] });
    expect(reason("c")).toEqual(reason("b"));
    expect(reason("d")).toEqual({ code: "quotaFull", skipped: [{ grade: "A", why: "vetoCap" }, { grade: "B", why: "quotaFull", left: 0, tied: 1 }] });
    expect(reason("e")).toEqual({ code: "first", skipped: [] });
    expect(reason("f")).toEqual({ code: "quotaFull", skipped: [{ grade: "A", why: "minScore" }, { grade: "B", why: "quotaFull", left: 0, tied: 1 }] });
    expect(reason("g")).toEqual({ code: "minScore", skipped: [{ grade: "A", why: "minScore" }, { grade: "B", why: "minScore" }] });
    expect(reason("h").code).toBe("minScore");
    const text = (u: string) => gradeReasonText(byUnit(r, u), r, rb);
    expect(text("a")).toBe("总分达到优秀的最低分 8 分且在名额之内,评为优秀");
    expect(text("b")).toBe("并列第 2 名的 2 个法庭,优秀仅剩 1 个名额,不能都评为优秀,评为良好");
    expect(text("d")).toBe("有一票否决事项,等次不高于良好,良好名额(2 个)已用完,评为合格");
    expect(text("f")).toBe("总分未达到优秀的最低分 8 分,良好名额(2 个)已用完,评为合格");
    expect(text("h")).toBe("总分未达到合格的最低分 2 分,评为不合格");
  });
});

describe("talks (末位约谈)", () => {
  const ind = fieldIndicator({ type: "ratioToBest" }, 10);
  const f = months(2022, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], (m) => (m <= 4 ? { a: 10, b: 9, c: 1, d: 5 } : { a: 10, b: 9, c: 8, d: 1 }));

  it("no talk block: nobody is marked, not even the last of the year or of every month", () => {
    const rb = rulebook([ind], { window: "month", annual: { basis: "ytd", grades: grades4 } });
    const r = evaluateYear({ rulebooks: rb, data: { facts: f }, year: 2022 });
    expect(r.units.map((u) => [u.unit, u.talk, u.talkReasons])).toEqual([
      ["a", false, []],
      ["b", false, []],
      ["c", false, []],
      ["d", false, []],
    ]);
    // the counts are still there for the documents
    expect(byUnit(r, "c").monthsLast).toBe(4);
    expect(byUnit(r, "d").monthsLast).toBe(8);
  });

  it("with the block, the last of the year and the last of at least monthsLast months", () => {
    const rb = rulebook([ind], { window: "month", annual: annual({ talk: { monthsLast: 4 } }) });
    const r = evaluateYear({ rulebooks: rb, data: { facts: f }, year: 2022 });
    expect(byUnit(r, "c")).toMatchObject({ talk: true, talkReasons: ["lastInMonths"] });
    expect(byUnit(r, "d")).toMatchObject({ talk: true, talkReasons: ["lastInYear", "lastInMonths"] });
  });

  it("a ranking of a single unit has no last place", () => {
    const rb = rulebook([ind], { window: "month", annual: annual({ talk: { monthsLast: 1 } }) });
    const r = evaluateYear({ rulebooks: rb, data: { facts: months(2022, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], () => ({ a: 3 })) }, year: 2022 });
    expect(r.units.map((u) => [u.unit, u.rank, u.talk, u.monthsLast])).toEqual([["a", 1, false, 0]]);
  });
});
