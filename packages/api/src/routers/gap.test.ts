/**
 * 差距测算 (interfaces.md `scores.gap`), on SQLite and PostgreSQL: who may ask for
 * which tribunal and month, the refusal under a ranking kept internal, the figures it is computed
 * from (a published month's frozen notice, else the stored draft), and that an option, saved as the
 * month's figure, gives the tribunal that rank.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoCourt } from "@scorecard/demo";
import { gapToRank } from "@scorecard/scoring";
import { describeResult, createHarness, testDatabaseKinds, type TestClient, type Harness } from "../test/harness";

interface Option {
  indicator: string;
  indicators: string[];
  field: string;
  from: number;
  to: number;
  delta: number;
  lowers: Array<{ indicator: string; fromValue: number | null; toValue: number | null; fromScore: number; toScore: number }>;
  label: string;
  fieldUnit: string | null;
  indicatorNames: string[];
  text: string;
}
interface Gap {
  period: string;
  unit: string;
  name: string;
  group: string;
  groupName: string;
  rank: number;
  frozen: { revision: number; number: string | null } | null;
  draft: boolean;
  targets: Array<{ rank: number; title: string; options: Option[]; unreachable: string[]; unreachableNames: string[]; unreachableText: string }>;
}

/** The engine's part of an answer (interfaces.md's `gap --format json`), without the names. */
function core(g: Gap) {
  return {
    period: g.period,
    unit: g.unit,
    group: g.group,
    rank: g.rank,
    targets: g.targets.map((t) => ({ rank: t.rank, options: t.options.map((o) => ({ indicator: o.indicator, indicators: o.indicators, field: o.field, from: o.from, to: o.to, delta: o.delta, lowers: o.lowers })), unreachable: t.unreachable })),
  };
}

describe.each(testDatabaseKinds())("差距测算 (%s)", (backend) => {
  let t: Harness;
  const c = {} as Record<"admin" | "hr" | "stats" | "leaderOf" | "leaderNot" | "head" | "headOther", TestClient>;

  beforeAll(async () => {
    t = await createHarness(backend);
    const units = (await (await t.as("hr")).query<Array<{ key: string; leaders: string[] }>>("units.list")).data;
    const leaderOf = units.find((u) => u.key === "maixin")!.leaders[0]!;
    const leaderNot = ["leader1", "leader2", "leader3", "leader4", "leader5"].find((l) => !units.find((u) => u.key === "maixin")!.leaders.includes(l))!;
    const logins = { admin: "admin", hr: "hr", stats: "stats", leaderOf, leaderNot, head: "head-maixin", headOther: "head-dongfeng" };
    await Promise.all(Object.entries(logins).map(async ([k, u]) => (c[k as keyof typeof c] = await t.as(u))));
  }, 180_000);
  afterAll(() => t?.destroy());

  it("answers hr, stats, admin, the overseeing leader and the tribunal's own head; refuses other leaders and heads in Chinese", { timeout: 60_000 }, async () => {
    for (const period of ["2023-02", "2023-03"]) {
      for (const who of ["admin", "hr", "stats", "leaderOf", "head"] as const) {
        const r = await c[who].query<Gap>("scores.gap", { unit: "maixin", period });
        expect(r.ok, `${who} ${period} ${describeResult(r)}`).toBe(true);
        expect(r.data.name).toBe("麦新人民法庭");
        expect(r.data.rank).toBeGreaterThan(1);
      }
      const other = await c.leaderNot.query("scores.gap", { unit: "maixin", period });
      expect(other.code).toBe("FORBIDDEN");
      expect(other.message).toMatch(/您不分管麦新人民法庭/);
      const head = await c.headOther.query("scores.gap", { unit: "maixin", period });
      expect(head.code).toBe("FORBIDDEN");
      expect(head.message).toMatch(/庭长只能查看本庭的差距测算/);
    }
    expect((await t.anonymous().query("scores.gap", { unit: "maixin", period: "2023-03" })).code).toBe("UNAUTHORIZED");
    const unknown = await c.hr.query("scores.gap", { unit: "nowhere", period: "2023-03" });
    expect(unknown.code).toBe("NOT_FOUND");
    expect(unknown.message).toMatch(/没有代码为 nowhere 的法庭/);
    const empty = await c.hr.query("scores.gap", { unit: "maixin", period: "2023-05" });
    expect(empty.code).toBe("NOT_FOUND");
    expect(empty.message).toMatch(/2023年5月没有麦新人民法庭当月的数据/);
  });

  it("refuses a head a month they may not see yet, as the score views do, and answers again once it is in review", { timeout: 60_000 }, async () => {
    expect((await c.stats.mutate("periods.reopen", { period: "2023-03" })).ok).toBe(true);
    try {
      const head = await c.head.query("scores.gap", { unit: "maixin", period: "2023-03" });
      const unit = await c.head.query("scores.unit", { unit: "maixin", period: "2023-03" });
      expect(head.code).toBe("FORBIDDEN");
      expect(head.message).toBe(unit.message);
      expect((await c.leaderOf.query("scores.gap", { unit: "maixin", period: "2023-03" })).ok).toBe(true);
    } finally {
      expect((await c.stats.mutate("periods.openReview", { period: "2023-03" })).ok).toBe(true);
    }
    expect((await c.head.query("scores.gap", { unit: "maixin", period: "2023-03" })).ok).toBe(true);
  });

  it("computes a published month on its frozen figures and a draft month on the stored ones, with every name", { timeout: 60_000 }, async () => {
    const court = demoCourt();
    const published = (await c.head.query<Gap>("scores.gap", { unit: "maixin", period: "2023-02" })).data;
    expect(published.frozen).toMatchObject({ revision: 1 });
    expect(published.draft).toBe(false);
    expect(core(published)).toEqual(gapToRank({ rulebooks: court.rulebook, data: court, period: "2023-02", unit: "maixin" }));
    const draft = (await c.hr.query<Gap>("scores.gap", { unit: "maixin", period: "2023-03" })).data;
    expect(draft.frozen).toBeNull();
    expect(draft.draft).toBe(true);
    expect(core(draft)).toEqual(gapToRank({ rulebooks: court.rulebook, data: court, period: "2023-03", unit: "maixin" }));
    expect(draft.targets.map((x) => x.title)).toEqual(["要前进一名(第6名)", "要成为第一名"]);
    const enf = draft.targets[0]!.options.find((o) => o.field === "enf_closed")!;
    expect(enf).toMatchObject({ label: "执行结案数", fieldUnit: "件", indicatorNames: ["执结率", "人均执结数"] });
    expect(enf.text).toBe(`执行结案数 +${enf.delta} 件(影响 E1 执结率、E7 人均执结数)`);
    const t0 = draft.targets[0]!;
    expect(t0.unreachableNames).toHaveLength(t0.unreachable.length);
    expect(t0.unreachableText).toMatch(/^单项无法达到:.*T7 超12个月未结案件数/);
  });

  it("an option saved as the month's figure gives the tribunal that rank, and one less does not", { timeout: 60_000 }, async () => {
    const g = (await c.stats.query<Gap>("scores.gap", { unit: "maixin", period: "2023-03" })).data;
    const target = g.targets[0]!;
    const rankWith = async (field: string, value: number) => {
      const facts = (await c.stats.query<{ rows: Array<{ unit: string; values: Record<string, number>; version: number }> }>("facts.get", { period: "2023-03" })).data;
      const row = facts.rows.find((r) => r.unit === "maixin")!;
      const saved = await c.stats.mutate("facts.save", { period: "2023-03", unit: "maixin", values: { ...row.values, [field]: value }, version: row.version });
      expect(saved.ok, describeResult(saved)).toBe(true);
      return (await c.stats.query<{ unit: { rank: number } }>("scores.unit", { unit: "maixin", period: "2023-03" })).data.unit.rank;
    };
    for (const o of target.options.filter((x) => x.field === "enf_closed" || x.field === "trial_closed")) {
      const step = Math.sign(o.delta);
      expect(await rankWith(o.field, o.to)).toBeLessThanOrEqual(target.rank);
      expect(await rankWith(o.field, o.to - step)).toBeGreaterThan(target.rank);
      expect(await rankWith(o.field, o.from)).toBe(g.rank);
    }
  });
});

describe.each(testDatabaseKinds())("差距测算 under a ranking kept internal (%s)", (backend) => {
  let t: Harness;
  beforeAll(async () => {
    t = await createHarness(backend, { court: "internal" });
  }, 180_000);
  afterAll(() => t?.destroy());

  it("refuses leaders and heads (it is about ranks) and answers hr, stats and admin", { timeout: 60_000 }, async () => {
    const units = (await (await t.as("hr")).query<Array<{ key: string; leaders: string[] }>>("units.list")).data;
    const leader = await t.as(units.find((u) => u.key === "maixin")!.leaders[0]!);
    const head = await t.as("head-maixin");
    for (const client of [leader, head])
      for (const period of ["2023-02", "2023-03"]) {
        const r = await client.query("scores.gap", { unit: "maixin", period });
        expect(r.code, describeResult(r)).toBe("FORBIDDEN");
        expect(r.message).toMatch(/不通报排名/);
      }
    for (const who of ["hr", "stats", "admin"]) {
      const r = await (await t.as(who)).query<Gap>("scores.gap", { unit: "maixin", period: "2023-03" });
      expect(r.ok, describeResult(r)).toBe(true);
      expect(typeof r.data.rank).toBe("number");
      expect(r.data.groupName).toBe("二类法庭");
    }
  });
});
