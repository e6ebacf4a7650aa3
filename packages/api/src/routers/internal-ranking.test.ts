/**
 * Ranking kept internal (不通报排名, rulebook.md §9; product.md "Under a rulebook whose ranking is
 * internal"), on SQLite and PostgreSQL, on the §9 court with `"ranking": "internal"`
 * (SCORECARD_DEMO=internal): a head and a leader get no rank, rank change, first or last place
 * from any procedure, the tribunals in court order, `ranksHidden: true`; totals, scores and marks
 * stay. HR and stats get everything, `ranksHidden: false`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeResult, createHarness, testDatabaseKinds, type TestClient, type Harness } from "../test/harness";

let now = new Date("2023-04-03T02:00:00Z");
const clock = () => now;

/** Every place in a JSON value that tells a rank: a non-null rank or rank change, a highlight, a mover, a last-place warning, a rank in words. */
function rankLeaks(value: unknown, path = "$"): string[] {
  const out: string[] = [];
  if (Array.isArray(value)) {
    value.forEach((v, i) => out.push(...rankLeaks(v, `${path}[${i}]`)));
    return out;
  }
  if (typeof value === "string") {
    if (/第\s*\d+\s*名|排名第|名列/.test(value)) out.push(`${path}: “${value.slice(0, 80)}”`);
    return out;
  }
  if (typeof value !== "object" || value === null) return out;
  const o = value as Record<string, unknown>;
  if (o.kind === "last") out.push(`${path}: a last-place warning`);
  for (const [k, v] of Object.entries(o)) {
    const at = `${path}.${k}`;
    if (k === "rulebook") continue;
    if (k === "rank" && v !== null) out.push(`${at} = ${JSON.stringify(v)}`);
    else if (k === "change" && v !== null && (typeof v !== "object" || Object.values(v as object).some((x) => x !== null))) out.push(`${at} = ${JSON.stringify(v).slice(0, 80)}`);
    else if (k === "rankPaths" && Object.values(v as object).some((p) => (p as unknown[]).some((x) => x !== null))) out.push(`${at} has ranks`);
    else if (k === "highlights" && v !== null && names(v as Highlights)) out.push(`${at} names first place or the biggest climb`);
    else if (k === "movers" && v !== null) out.push(`${at} names movers`);
    else if ((k === "talkReasons" || k === "reasons") && Array.isArray(v) && v.some((r) => r === "lastInYear" || r === "lastInMonths")) out.push(`${at} says a talk is for last place`);
    else if (k === "monthsLast" && v !== null && !(Array.isArray(v) && v.length === 0)) out.push(`${at} = ${JSON.stringify(v)}`);
    else out.push(...rankLeaks(v, at));
  }
  return out;
}

interface Highlights {
  first: unknown[];
  biggestClimb: unknown;
  groups?: Highlights[];
}
/** Whether highlights (the whole court's, or a group's) name first place or the biggest climb. */
const names = (h: Highlights): boolean => h.first.length > 0 || h.biggestClimb !== null || (h.groups ?? []).some(names);

/** How many non-null ranks a JSON value carries. */
function rankCount(value: unknown): number {
  if (Array.isArray(value)) return value.reduce<number>((n, v) => n + rankCount(v), 0);
  if (typeof value !== "object" || value === null) return 0;
  return Object.entries(value).reduce((n, [k, v]) => n + (k === "rank" && typeof v === "number" ? 1 : rankCount(v)), 0);
}

describe.each(testDatabaseKinds())("ranking kept internal (%s)", (backend) => {
  let t: Harness;
  let hr: TestClient, stats: TestClient, leader: TestClient, head: TestClient;
  let courtOrder: string[];

  beforeAll(async () => {
    now = new Date("2023-04-03T02:00:00Z");
    t = await createHarness(backend, { court: "internal", clock });
    [hr, stats, leader, head] = (await Promise.all(["hr", "stats", "leader1", "head-maixin"].map((u) => t.as(u)))) as [TestClient, TestClient, TestClient, TestClient];
    courtOrder = (await hr.query<Array<{ key: string }>>("units.list")).data.map((u) => u.key);
    // a published summary and evaluation to read, a supervision instruction and its notification
    const sd = await stats.query<{ commentary: string }>("summaries.draft", { quarter: "2022-Q4" });
    expect((await stats.mutate("summaries.publish", { quarter: "2022-Q4", commentary: sd.data.commentary })).ok).toBe(true);
    expect((await hr.mutate("annual.publish", { year: 2022 })).ok).toBe(true);
    const leaderOfMaixin = (await hr.query<Array<{ key: string; leaders: string[] }>>("units.list")).data.find((u) => u.key === "maixin")!.leaders[0]!;
    const l = await t.as(leaderOfMaixin);
    const s = await l.mutate("supervision.issue", { unit: "maixin", indicator: "E1", period: "2023-03", text: "执结率偏低,请提出整改措施", due: "2023-04-20" });
    expect(s.ok, describeResult(s)).toBe(true);
  }, 180_000);
  afterAll(() => t?.destroy());

  /** Every procedure that carries ranks (and a few that might), as a user calls it. */
  const calls = (who: "leader" | "head"): Array<[string, unknown]> => [
    ["scores.ranking", { period: "2023-02" }],
    ["scores.ranking", { period: "2023-03" }],
    ["scores.ranking", { period: "2023-02", window: "month" }],
    ["scores.unit", { unit: "maixin", period: "2023-02" }],
    ["scores.unit", { unit: "maixin", period: "2023-03" }],
    ["scores.trend", { year: 2022 }],
    ["scores.trend", { year: 2023 }],
    ...(who === "leader" ? ([["scores.annual", { year: 2022 }]] as Array<[string, unknown]>) : []),
    ["notices.get", { period: "2023-02" }],
    ["notices.list", {}],
    ["summaries.get", { quarter: "2022-Q4" }],
    ["summaries.list", {}],
    ["annual.get", { year: 2022 }],
    ["manual.get", { period: "2023-03" }],
    ["supervision.list", undefined],
    ["notifications.list", undefined],
    ["units.list", undefined],
    ["facts.get", { period: "2023-02" }],
  ];

  for (const who of ["leader", "head"] as const)
    it(`gives a ${who} no rank anywhere, the tribunals in court order, ranksHidden: true`, { timeout: 60_000 }, async () => {
      const client = who === "leader" ? leader : head;
      const leaks: string[] = [];
      for (const [proc, input] of calls(who)) {
        const r = await client.query(proc, input);
        expect(r.ok, `${proc} ${describeResult(r)}`).toBe(true);
        leaks.push(...rankLeaks(r.data).map((l) => `${proc} ${JSON.stringify(input ?? {})} ${l}`));
        const d = r.data as Record<string, unknown> & Array<Record<string, unknown>>;
        if (["scores.ranking", "scores.unit", "scores.trend", "scores.annual", "notices.get", "summaries.get", "annual.get"].includes(proc)) expect(d.ranksHidden, proc).toBe(true);
        if (proc === "notices.list") expect(d.every((n) => n.ranksHidden === true)).toBe(true);
      }
      expect(leaks).toEqual([]);

      // totals and scores stay; the rows come in court order
      const ranking = (await client.query<{ units: Array<{ unit: string; total?: number; hidden: boolean }>; warnings: Array<{ kind: string }> }>("scores.ranking", { period: "2023-02" })).data;
      expect(ranking.units.map((u) => u.unit)).toEqual(courtOrder);
      expect(ranking.units.every((u) => typeof u.total === "number")).toBe(true);
      const notice = (await client.query<{ ranking: Array<{ unit: string; total: number }>; snapshot: { result: { units: Array<{ unit: string }> } } }>("notices.get", { period: "2023-02" })).data;
      expect(notice.ranking.map((u) => u.unit)).toEqual(courtOrder);
      expect(notice.snapshot.result.units.map((u) => u.unit)).toEqual(courtOrder);
      const annual = (await client.query<{ snapshot: { result: { units: Array<{ unit: string; grade: string | null; total: number }> }; rewards: Array<{ units: string[] }> } }>("annual.get", { year: 2022 })).data;
      expect(annual.snapshot.result.units.map((u) => u.unit)).toEqual(courtOrder);
      expect(annual.snapshot.result.units.every((u) => u.grade !== null && typeof u.total === "number")).toBe(true);
      for (const r of annual.snapshot.rewards) expect(r.units).toEqual(courtOrder.filter((u) => r.units.includes(u)));
    });

  it("keeps every rank for HR and stats, with ranksHidden: false", { timeout: 60_000 }, async () => {
    for (const client of [hr, stats]) {
      const ranking = await client.query<{ ranksHidden: boolean; units: Array<{ rank: number }> }>("scores.ranking", { period: "2023-02" });
      expect(ranking.data.ranksHidden).toBe(false);
      expect(ranking.data.units.every((u) => typeof u.rank === "number")).toBe(true);
      const notice = await client.query<{ ranksHidden: boolean }>("notices.get", { period: "2023-02" });
      expect(notice.data.ranksHidden).toBe(false);
      expect(rankCount(notice.data)).toBeGreaterThan(8);
      expect((await client.query<{ ranksHidden: boolean }>("annual.get", { year: 2022 })).data.ranksHidden).toBe(false);
      expect(rankCount((await client.query("summaries.get", { quarter: "2022-Q4" })).data)).toBeGreaterThan(8);
    }
    expect(rankCount((await hr.query("scores.annual", { year: 2022 })).data)).toBeGreaterThan(8);
    expect(rankCount((await hr.query("scores.unit", { unit: "maixin", period: "2023-02" })).data)).toBeGreaterThan(0);
  });
});

describe.each(testDatabaseKinds())("switching a court to internal ranking by a new version (%s)", (backend) => {
  let t: Harness;

  beforeAll(async () => {
    now = new Date("2023-04-03T02:00:00Z");
    t = await createHarness(backend, { court: "grouped", clock });
  }, 180_000);
  afterAll(() => t?.destroy());

  it("hides the ranks of the months the new version scores from a head, and keeps those of the months published before", { timeout: 60_000 }, async () => {
    const [hr, head] = (await Promise.all(["hr", "head-maixin"].map((u) => t.as(u)))) as [TestClient, TestClient];
    const inForce = await hr.query<{ rulebook: Record<string, unknown> }>("rulebooks.inForce", { period: "2023-03" });
    const before = await head.query<{ ranksHidden: boolean }>("scores.unit", { unit: "maixin", period: "2023-03" });
    expect(before.data.ranksHidden).toBe(false);
    expect(rankCount(before.data)).toBeGreaterThan(0);

    const draft = await hr.mutate<{ id: string }>("rulebooks.createDraft", { rulebook: { ...inForce.data.rulebook, version: "2023.3", effectiveFrom: "2023-03", ranking: "internal" } });
    expect(draft.ok, describeResult(draft)).toBe(true);
    const activated = await hr.mutate("rulebooks.activate", { id: draft.data.id });
    expect(activated.ok, describeResult(activated)).toBe(true);

    for (const [proc, input] of [
      ["scores.unit", { unit: "maixin", period: "2023-03" }],
      ["scores.ranking", { period: "2023-03" }],
    ] as Array<[string, unknown]>) {
      const r = await head.query<{ ranksHidden: boolean }>(proc, input);
      expect(r.ok, describeResult(r)).toBe(true);
      expect(r.data.ranksHidden, proc).toBe(true);
      expect(rankLeaks(r.data), proc).toEqual([]);
    }
    // February was published under the version that publishes ranks: its notice keeps them
    const feb = await head.query<{ ranksHidden: boolean }>("scores.unit", { unit: "maixin", period: "2023-02" });
    expect(feb.data.ranksHidden).toBe(false);
    expect(rankCount(feb.data)).toBeGreaterThan(0);
    // HR still sees March's ranks
    expect(rankCount((await hr.query("scores.ranking", { period: "2023-03" })).data)).toBeGreaterThan(0);
  });
});
