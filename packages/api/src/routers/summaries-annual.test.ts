/**
 * 季总结 and 年奖惩 through the procedures, on SQLite and PostgreSQL (product.md "Quarterly and annual"):
 * a quarterly summary waits for its months, then is numbered in the shared series; the annual
 * evaluation of 2022 with an override (its reason required, never above the veto cap), published
 * once December is, read by a head only then; a provisional 2023 is never published. (Their files,
 * and the CLI's, through /files: apps/server/src/quarterly-annual.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeResult, createHarness, testDatabaseKinds, type TestClient, type Harness } from "../test/harness";

interface AnnualUnit {
  unit: string;
  rank: number | null;
  grade: string | null;
  veto: boolean;
  rewards: string[];
  talk: boolean;
}
interface Computed {
  provisional: boolean;
  notReady: string | null;
  snapshot: { result: { units: AnnualUnit[]; months: string[] }; grades: Record<string, string | null>; overrides: Array<{ unit: string; from: string | null; to: string; reason: string }> };
}

let now = new Date("2023-04-10T02:00:00Z");
const clock = () => now;

describe.each(testDatabaseKinds())("quarterly summaries and the annual evaluation (%s)", (backend) => {
  let t: Harness;
  let stats: TestClient, hr: TestClient, head: TestClient, leader: TestClient;
  beforeAll(async () => {
    now = new Date("2023-04-10T02:00:00Z");
    t = await createHarness(backend, { clock });
    [stats, hr, head, leader] = [await t.as("stats"), await t.as("hr"), await t.as("head-heilongba"), await t.as("leader1")];
  }, 120_000);
  afterAll(() => t?.destroy());

  it("publishes the 2023 Q1 summary only once March is published, in the year's one series of numbers", { timeout: 60_000 }, async () => {
    const early = await stats.mutate("summaries.publish", { quarter: "2023-Q1", commentary: "一季度" });
    expect(early.code).toBe("BAD_REQUEST");
    expect(early.message).toContain("2023年3月的考核通报尚未发布");
    const draft = await stats.query<{ commentary: string }>("notices.draft", { period: "2023-03" });
    expect((await stats.mutate("notices.publish", { period: "2023-03", commentary: draft.data.commentary, acknowledgeWarnings: true })).ok).toBe(true);

    const sd = await stats.query<{ notReady: string | null; commentary: string; snapshot: { months: string[]; rankPaths: Record<string, Array<number | null>> } }>("summaries.draft", { quarter: "2023-Q1" });
    expect(sd.ok, describeResult(sd)).toBe(true);
    expect(sd.data.notReady).toBeNull();
    expect(sd.data.snapshot.months).toEqual(["2023-01", "2023-02", "2023-03"]);
    // each tribunal's path is each month's own published rank
    const feb = await leader.query<{ units: Array<{ unit: string; rank: number }> }>("scores.ranking", { period: "2023-02" });
    for (const u of feb.data.units) expect(sd.data.snapshot.rankPaths[u.unit]![1]).toBe(u.rank);

    const pub = await stats.mutate<{ number: string; revision: number }>("summaries.publish", { quarter: "2023-Q1", commentary: sd.data.commentary });
    expect(pub.ok, describeResult(pub)).toBe(true);
    expect(pub.data).toMatchObject({ number: "开法考〔2023〕5号", revision: 1 }); // after the notices 〔2023〕1–4号
    const read = await head.query<{ number: string; commentary: string }>("summaries.get", { quarter: "2023-Q1" });
    expect(read.data).toMatchObject({ number: "开法考〔2023〕5号", commentary: sd.data.commentary });
  });

  it("evaluates 2022 with an override that needs a reason, publishes it once, and a head reads it then", { timeout: 60_000 }, async () => {
    expect((await head.query("annual.get", { year: 2022 })).code).toBe("NOT_FOUND");
    const c = await hr.query<Computed>("annual.compute", { year: 2022 });
    expect(c.ok, describeResult(c)).toBe(true);
    expect(c.data.provisional).toBe(false);
    expect(c.data.notReady).toBeNull();
    expect(c.data.snapshot.result.months).toHaveLength(12);
    const vetoed = c.data.snapshot.result.units.find((u) => u.veto)!;
    expect(vetoed.unit).toBe("heilongba");
    const first = c.data.snapshot.result.units.find((u) => u.rank === 1)!;

    expect((await hr.mutate("annual.override", { year: 2022, unit: first.unit, grade: "good", reason: "" })).code).toBe("BAD_REQUEST");
    const above = await hr.mutate("annual.override", { year: 2022, unit: vetoed.unit, grade: "excellent", reason: "成绩突出" });
    expect(above.code).toBe("BAD_REQUEST"); // never above the veto cap
    expect(above.message).toMatch(/[\u4e00-\u9fff]/);
    expect((await stats.mutate("annual.override", { year: 2022, unit: first.unit, grade: "good", reason: "x" })).code).toBe("FORBIDDEN");
    // raising a 良好 tribunal to 优秀 puts 优秀 beyond its quota: allowed with its reason, and the audit entry and the leaders' notification say so
    const third = c.data.snapshot.result.units.find((u) => u.grade === "good")!;
    const beyond = await hr.mutate("annual.override", { year: 2022, unit: third.unit, grade: "excellent", reason: "审判质效突出,经党组研究评为优秀" });
    expect(beyond.ok, describeResult(beyond)).toBe(true);
    const audit = await hr.query<Array<{ action: string; target: string; after: { grade: string; overQuota?: string } }>>("audit.list", { limit: 5 });
    const entry = audit.data.find((e) => e.action === "annual.override" && e.target === `2022/${third.unit}`)!;
    expect(entry.after.overQuota).toBe("优秀名额 2 个,调整后评定 3 个,超出名额 1 个");
    const told = await leader.query<{ items: Array<{ kind: string; title: string }> }>("notifications.list");
    expect(told.data.items.find((i) => i.kind === "annual.override")!.title).toContain("(优秀名额 2 个,调整后评定 3 个,超出名额 1 个)");

    const ok = await hr.mutate("annual.override", { year: 2022, unit: first.unit, grade: "good", reason: "年内发生重大舆情,经党组研究调整" });
    expect(ok.ok, describeResult(ok)).toBe(true);
    const after = await hr.query<Computed>("annual.compute", { year: 2022 });
    expect(after.data.snapshot.grades[first.unit]).toBe("good");
    expect(after.data.snapshot.overrides).toEqual([
      expect.objectContaining({ unit: first.unit, to: "good", reason: "年内发生重大舆情,经党组研究调整" }),
      expect.objectContaining({ unit: third.unit, to: "excellent" }),
    ]);
    const inbox = await leader.query<{ items: Array<{ kind: string }> }>("notifications.list");
    expect(inbox.data.items.some((i) => i.kind === "annual.override")).toBe(true);

    const pub = await hr.mutate<{ number: string }>("annual.publish", { year: 2022 });
    expect(pub.ok, describeResult(pub)).toBe(true);
    expect(pub.data.number).toBe("开法考〔2023〕6号");
    expect((await hr.mutate("annual.publish", { year: 2022 })).code).toBe("BAD_REQUEST");
    expect((await hr.mutate("annual.override", { year: 2022, unit: first.unit, grade: "pass", reason: "再调" })).code).toBe("BAD_REQUEST");

    const read = await head.query<{ number: string; snapshot: { grades: Record<string, string | null> } }>("annual.get", { year: 2022 });
    expect(read.ok, describeResult(read)).toBe(true);
    expect(read.data.snapshot.grades[first.unit]).toBe("good");
  });

  it("keeps 2023 provisional: three counted months, shown as 预估, never published", async () => {
    const c = await hr.query<Computed>("annual.compute", { year: 2023 });
    expect(c.data.provisional).toBe(true);
    expect(c.data.snapshot.result.months).toEqual(["2023-01", "2023-02", "2023-03"]);
    const pub = await hr.mutate("annual.publish", { year: 2023 });
    expect(pub.code).toBe("BAD_REQUEST");
    expect(pub.message).toContain("2023年12月");
  });
});
