/**
 * No draft figure leaves through any window (product.md, "What everyone sees of a month"): a
 * score whose window holds an unpublished month with data is a draft, whatever the month asked
 * for. The demo court: 2022-01 … 2023-02 published, 2023-03 in review. Every role × month ×
 * window, through the procedures, for scores.ranking, scores.unit, scores.trend and adjustments.list.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { windowMonths, type WindowKind } from "@scorecard/rules";
import { describeResult, createHarness, testDatabaseKinds, type TestClient, type Harness } from "../test/harness";

interface Row {
  unit: string;
  hidden: boolean;
  [k: string]: unknown;
}
interface Ranking {
  draft: boolean;
  units: Row[];
  warnings: unknown[];
}
interface Trend {
  months: Array<{ period: string; draft: boolean; units: Array<{ unit: string }> }>;
}

const OWN = "dayushu";
const OTHER = "maixin";
const WINDOWS: WindowKind[] = ["month", "ytd", "quarter", "year"];
const PERIODS = ["2022-06", "2022-12", "2023-01", "2023-02", "2023-03"];
/** the demo's one unpublished month with figures */
const DRAFT = "2023-03";

/** What a head may see of a score of `period` in `window` while 2023-03 is in review. */
function holdsDraft(period: string, window: WindowKind): boolean {
  return windowMonths(period, window).includes(DRAFT);
}

describe.each(testDatabaseKinds())("drafts through every window (%s)", (backend) => {
  let t: Harness;
  let users: Record<"admin" | "hr" | "stats" | "leader" | "head", TestClient>;
  beforeAll(async () => {
    t = await createHarness(backend);
    users = {
      admin: await t.as("admin"),
      hr: await t.as("hr"),
      stats: await t.as("stats"),
      leader: await t.as("leader1"),
      head: await t.as(`head-${OWN}`),
    };
  }, 60_000);
  afterAll(() => t?.destroy());

  it("shows a head only their own tribunal of any score whose window holds the month in review, everyone else everything", { timeout: 120_000 }, async () => {
    const failures: string[] = [];
    for (const [who, client] of Object.entries(users)) {
      for (const period of PERIODS) {
        for (const window of WINDOWS) {
          const draft = holdsDraft(period, window);
          const r = await client.query<Ranking>("scores.ranking", { period, window });
          const at = `${who} ${period} ${window}`;
          if (!r.ok) {
            failures.push(`${at}: ranking ${describeResult(r)}`);
            continue;
          }
          if (r.data.draft !== draft) failures.push(`${at}: draft ${r.data.draft}, expected ${draft}`);
          const shown = r.data.units.filter((u) => !u.hidden).map((u) => u.unit);
          const headLimited = who === "head" && draft;
          if (headLimited ? shown.join() !== OWN : shown.length !== 8) failures.push(`${at}: shows ${shown.join()}`);
          for (const row of r.data.units.filter((u) => u.hidden))
            if (Object.keys(row).sort().join() !== "group,hidden,name,unit") failures.push(`${at}: a hidden row carries ${Object.keys(row).join()}`);
          if (headLimited && r.data.warnings.length) failures.push(`${at}: warnings of other tribunals`);

          const other = await client.query("scores.unit", { unit: OTHER, period, window });
          if (headLimited ? other.code !== "FORBIDDEN" : !other.ok) failures.push(`${at}: scores.unit of ${OTHER} ${describeResult(other)}`);
          const own = await client.query("scores.unit", { unit: OWN, period, window });
          if (!own.ok) failures.push(`${at}: scores.unit of ${OWN} ${describeResult(own)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it("keeps the draft out of a head's trend and adjustment lists, and says why in Chinese", async () => {
    const head = users.head;
    for (const window of WINDOWS) {
      const trend = await head.query<Trend>("scores.trend", { year: 2023, window });
      expect(trend.ok, describeResult(trend)).toBe(true);
      for (const m of trend.data.months) {
        const draft = holdsDraft(m.period, window);
        expect(m.draft, `${m.period} ${window}`).toBe(draft);
        expect(m.units.map((u) => u.unit), `${m.period} ${window}`).toEqual(draft ? [OWN] : expect.arrayContaining([OWN, OTHER]));
      }
      const y2022 = await head.query<Trend>("scores.trend", { year: 2022, window });
      expect(y2022.data.months.every((m) => m.units.length === 8 && !m.draft)).toBe(true);
    }
    const leaderTrend = await users.leader.query<Trend>("scores.trend", { year: 2023, window: "year" });
    expect(leaderTrend.data.months.every((m) => m.units.length === 8)).toBe(true);

    const adjMarch = await head.query<Array<{ unit: string }>>("adjustments.list", { period: DRAFT });
    expect(adjMarch.ok).toBe(true);
    expect(new Set(adjMarch.data.map((a) => a.unit))).toEqual(new Set(adjMarch.data.length ? [OWN] : []));
    const allMarch = await users.stats.query<Array<{ unit: string }>>("adjustments.list", { period: DRAFT });
    expect(allMarch.data.some((a) => a.unit !== OWN)).toBe(true);
    const published = await head.query<Array<{ unit: string }>>("adjustments.list", { period: "2023-02" });
    expect(published.data.length).toBe((await users.stats.query<unknown[]>("adjustments.list", { period: "2023-02" })).data.length);

    const refused = await head.query("scores.unit", { unit: OTHER, period: "2023-02", window: "year" });
    expect(refused.code).toBe("FORBIDDEN");
    expect(refused.message).toContain("2023年3月");
    expect(refused.message).not.toMatch(/\d{4}-\d{2}/);
  });

  it("treats a bonus entered for a month without figures yet as a draft too, and a month out of review as closed to heads", async () => {
    const stats = users.stats;
    const add = await stats.mutate<{ id: string }>("adjustments.add", { period: "2023-04", unit: OTHER, item: "B1", count: 1, note: "四月表扬" });
    expect(add.ok, describeResult(add)).toBe(true);
    try {
      // the year window of February holds April's bonus: April is collecting, so a head sees nothing of it
      const r = await users.head.query<Ranking>("scores.ranking", { period: "2023-02", window: "year" });
      expect(r.code).toBe("FORBIDDEN");
      expect((await users.head.query("scores.unit", { unit: OWN, period: "2023-02", window: "year" })).code).toBe("FORBIDDEN");
      expect((await users.head.query("scores.unit", { unit: OWN, period: "2023-02", window: "ytd" })).ok).toBe(true);
      const leader = await users.leader.query<Ranking>("scores.ranking", { period: "2023-02", window: "year" });
      expect(leader.data.draft).toBe(true);
      expect(leader.data.units.filter((u) => !u.hidden)).toHaveLength(8);
    } finally {
      expect((await stats.mutate("adjustments.remove", { id: add.data.id })).ok).toBe(true);
    }

    expect((await stats.mutate("periods.reopen", { period: DRAFT })).ok).toBe(true);
    try {
      for (const window of WINDOWS) {
        const r = await users.head.query("scores.ranking", { period: "2023-02", window });
        expect(r.ok ? "ok" : r.code, window).toBe(holdsDraft("2023-02", window) ? "FORBIDDEN" : "ok");
      }
      expect((await users.head.query("scores.unit", { unit: OWN, period: DRAFT })).code).toBe("FORBIDDEN");
    } finally {
      expect((await stats.mutate("periods.openReview", { period: DRAFT })).ok).toBe(true);
    }
  });

  it("opens review only for a month with figures, at most one month after the latest", async () => {
    const stats = users.stats;
    for (const period of ["9999-12", "2023-05", "2023-04"]) {
      const r = await stats.mutate("periods.openReview", { period });
      expect(r.code, period).toBe("BAD_REQUEST");
      expect(r.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect((await stats.mutate("periods.openReview", { period: "9999-12" })).message).toContain("晚于最近有数据的月份(2023年3月)");
    const list = await stats.query<Array<{ period: string }>>("periods.list");
    expect(list.data[0]!.period).toBe(DRAFT);
  });
});
