/**
 * The monthly cycle through the procedures (product.md, "States, and what each role sees"), on
 * SQLite and PostgreSQL, with the clock set by the test: the demo's published history, review with
 * its deadline, objections, publication (number, hash, frozen scores), writes refused in a
 * published month, a correction with what changed, and the 需更正 mark on later months. (The
 * notice's files, the CLI's and two servers racing: apps/server/src/cycle.test.ts.)
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalJson } from "@scorecard/documents";
import { describeResult, createHarness, testDatabaseKinds, type Harness, type TestClient } from "./test/harness";

interface NoticeRow {
  period: string;
  revision: number;
  number: string;
  hash: string;
  publishedAt: string;
  latest: boolean;
  /** null, or the published corrections that caused the mark (需更正) */
  needsCorrection: null | { because: Array<{ kind: string; subject: string; revision: number; number: string }> };
}
interface Notice extends NoticeRow {
  ranking: Array<{ unit: string; rank: number; total: number }>;
  commentary: string;
  correction: { reason: string; of: number; changes: Array<{ unit: string; what: string; label: string; before: number | null; after: number | null }> } | null;
  snapshot: unknown;
  correcting: boolean;
}
interface Ranking {
  frozen: { revision: number; number: string } | null;
  units: Array<{ unit: string; total?: number; rank?: number; hidden: boolean }>;
}
interface Facts {
  rows: Array<{ unit: string; values: Record<string, number>; version: number }>;
}

/** The test's clock: starts on 2023-04-03 09:00 Asia/Shanghai; the test moves it. */
let now = new Date("2023-04-03T01:00:00Z");
const clock = () => now;

describe.each(testDatabaseKinds())("the monthly cycle (%s)", (backend) => {
  let t: Harness;
  let stats: TestClient, head: TestClient, otherHead: TestClient, leader: TestClient;
  beforeAll(async () => {
    now = new Date("2023-04-03T01:00:00Z");
    t = await createHarness(backend, { clock });
    [stats, head, otherHead, leader] = [await t.as("stats"), await t.as("head-maixin"), await t.as("head-dayushu"), await t.as("leader1")];
  }, 120_000);
  afterAll(() => t?.destroy());

  it("has published the demo's history through the cycle: one number each, in the series of the year of publication", async () => {
    const list = await leader.query<NoticeRow[]>("notices.list");
    expect(list.ok, describeResult(list)).toBe(true);
    expect(list.data.map((n) => n.period)).toEqual(
      ["2023-02", "2023-01", ...Array.from({ length: 12 }, (_, i) => `2022-${String(12 - i).padStart(2, "0")}`)],
    );
    const by = new Map(list.data.map((n) => [n.period, n]));
    // January 2022 was published on 2022-02-05: the first of 2022; December 2022 on 2023-01-05: the first of 2023
    expect(by.get("2022-01")!.number).toBe("开法考〔2022〕1号");
    expect(by.get("2022-11")!.number).toBe("开法考〔2022〕11号");
    expect(by.get("2022-12")!.number).toBe("开法考〔2023〕1号");
    expect(by.get("2023-02")!.number).toBe("开法考〔2023〕3号");
    expect(by.get("2023-02")!.publishedAt).toBe("2023-03-05T02:00:00.000Z");
    const periods = await stats.query<Array<{ period: string; status: string; reviewUntil: string | null }>>("periods.list");
    const march = periods.data.find((p) => p.period === "2023-03")!;
    expect(march.status).toBe("review");
    expect(march.reviewUntil).toBe("2023-04-06T01:00:00.000Z"); // three days after the demo was loaded, by the server's clock
  });

  it("answers a published month from its notice, hashed as RFC 8785 JSON, and the same for every role", async () => {
    const n = await head.query<Notice>("notices.get", { period: "2023-02" });
    expect(n.ok, describeResult(n)).toBe(true);
    expect(createHash("sha256").update(canonicalJson(n.data.snapshot)).digest("hex")).toBe(n.data.hash);
    for (const c of [head, leader, stats]) {
      const r = await c.query<Ranking>("scores.ranking", { period: "2023-02" });
      expect(r.data.frozen).toEqual({ revision: 1, number: "开法考〔2023〕3号" });
      expect(r.data.units.map((u) => [u.unit, u.rank, u.total])).toEqual(n.data.ranking.map((u) => [u.unit, u.rank, u.total]));
    }
    // another window of a published month is computed live, and says so
    expect((await leader.query<Ranking>("scores.ranking", { period: "2023-02", window: "month" })).data.frozen).toBeNull();
  });

  it("takes objections from a head on their own tribunal until the deadline, and publishes only once every one is resolved", { timeout: 60_000 }, async () => {
    expect((await otherHead.mutate("objections.raise", { period: "2023-03", unit: "maixin", text: "不是本庭" })).code).toBe("FORBIDDEN");
    const raised = await head.mutate<{ id: string }>("objections.raise", { period: "2023-03", unit: "maixin", indicator: "E1", text: "执行结案数少统计了 3 件" });
    expect(raised.ok, describeResult(raised)).toBe(true);
    const mine = await head.query<Array<{ id: string; status: string }>>("objections.list", { period: "2023-03" });
    expect(mine.data.map((o) => o.status)).toEqual(["open"]);
    expect((await otherHead.query<unknown[]>("objections.list", { period: "2023-03" })).data).toEqual([]);

    const refused = await stats.mutate("notices.publish", { period: "2023-03", commentary: "情况分析" });
    expect(refused.code).toBe("BAD_REQUEST");
    expect(refused.message).toContain("异议未处理");

    const rejected = await stats.mutate("objections.resolve", { id: raised.data.id, decision: "rejected", reply: "经核对,执行结案数无误" });
    expect(rejected.ok, describeResult(rejected)).toBe(true);
    const read = await head.query<Array<{ status: string; reply: string }>>("objections.list", { period: "2023-03" });
    expect(read.data[0]).toMatchObject({ status: "rejected", reply: "经核对,执行结案数无误" });
    const inbox = await head.query<{ items: Array<{ kind: string; title: string }>; unread: number }>("notifications.list");
    expect(inbox.data.items.some((i) => i.kind === "objection.resolved" && i.title.includes("已驳回"))).toBe(true);

    // an accepted objection: stats corrects the figure, and the log links the save to the objection
    const second = await head.mutate<{ id: string }>("objections.raise", { period: "2023-03", unit: "maixin", field: "enf_closed", text: "执行结案数应为多 1 件" });
    expect((await stats.mutate("objections.resolve", { id: second.data.id, decision: "accepted", reply: "已核实,予以更正" })).ok).toBe(true);
    const facts = await stats.query<Facts>("facts.get", { period: "2023-03" });
    const row = facts.data.rows.find((r) => r.unit === "maixin")!;
    const values = { ...row.values, enf_closed: row.values.enf_closed! + 1 };
    const dongfeng = facts.data.rows.find((r) => r.unit === "dongfeng")!;
    const wrong = await stats.mutate("facts.save", { period: "2023-03", unit: "dongfeng", values: dongfeng.values, version: dongfeng.version, objection: second.data.id });
    expect(wrong.code).toBe("BAD_REQUEST");
    expect(wrong.message).toContain("异议");
    const fixed = await stats.mutate("facts.save", { period: "2023-03", unit: "maixin", values, version: row.version, objection: second.data.id });
    expect(fixed.ok, describeResult(fixed)).toBe(true);
    const log = await (await t.as("admin")).query<Array<{ action: string; after: { objection?: string } }>>("audit.list", { limit: 10 });
    expect(log.data.find((e) => e.action === "objections.applied")?.after.objection).toBe(second.data.id);

    now = new Date("2023-04-06T01:00:01Z"); // one second past the deadline
    const late = await head.mutate("objections.raise", { period: "2023-03", unit: "maixin", text: "晚了" });
    expect(late.code).toBe("BAD_REQUEST");
    expect(late.message).toContain("异议期已于2023年4月6日 09:00截止");
  });

  it("publishes the month: the next number, the drafted analysis as edited, frozen scores, and no write afterwards", { timeout: 60_000 }, async () => {
    now = new Date("2023-04-06T02:00:00Z");
    const draft = await stats.query<{ commentary: string; revision: number; nextNumber: string }>("notices.draft", { period: "2023-03" });
    expect(draft.ok, describeResult(draft)).toBe(true);
    expect(draft.data.revision).toBe(1);
    expect(draft.data.commentary.length).toBeGreaterThan(20);
    // the number it will take, confirmed by the statistician before publishing
    expect(draft.data.nextNumber).toBe("开法考〔2023〕4号");
    expect((await head.query("notices.draft", { period: "2023-03" })).code).toBe("FORBIDDEN");

    const commentary = `${draft.data.commentary}\n(统计员补充:3月各庭数据已核对。)`;
    // a number confirmed that another publication took meanwhile: refused, naming the next, nothing issued
    const stale = await stats.mutate("notices.publish", { period: "2023-03", commentary, acknowledgeWarnings: true, expectedNumber: "开法考〔2023〕3号" });
    expect(stale.code).toBe("CONFLICT");
    expect(stale.message).toContain("开法考〔2023〕4号");
    expect((await stats.query<NoticeRow[]>("notices.list")).data.some((n) => n.period === "2023-03")).toBe(false);
    const pub = await stats.mutate<{ number: string; revision: number; hash: string }>("notices.publish", { period: "2023-03", commentary, acknowledgeWarnings: true, expectedNumber: draft.data.nextNumber });
    expect(pub.ok, describeResult(pub)).toBe(true);
    expect(pub.data).toMatchObject({ number: "开法考〔2023〕4号", revision: 1 });
    expect(pub.data.hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await stats.mutate("notices.publish", { period: "2023-03", commentary })).code).toBe("BAD_REQUEST");

    const n = await head.query<Notice>("notices.get", { period: "2023-03" });
    expect(n.data.commentary).toBe(commentary);
    const ranking = await otherHead.query<Ranking>("scores.ranking", { period: "2023-03" });
    expect(ranking.data.units.filter((u) => !u.hidden)).toHaveLength(8); // published: every head sees every tribunal
    expect(ranking.data.frozen?.number).toBe("开法考〔2023〕4号");

    const facts = await stats.query<Facts>("facts.get", { period: "2023-03" });
    const row = facts.data.rows.find((r) => r.unit === "maixin")!;
    const save = await stats.mutate("facts.save", { period: "2023-03", unit: "maixin", values: { ...row.values, enf_closed: row.values.enf_closed! + 3 }, version: row.version });
    expect(save.code).toBe("BAD_REQUEST");
    expect(save.message).toContain("已发布");
    expect((await stats.mutate("adjustments.add", { period: "2023-03", unit: "maixin", item: "B1", count: 1 })).code).toBe("BAD_REQUEST");
    expect((await stats.query<Facts>("facts.get", { period: "2023-03" })).data.rows.find((r) => r.unit === "maixin")!.version).toBe(row.version);
  });

  it("corrects a month: others keep reading revision 1 (更正中) while stats edits; revision 2 says what changed", { timeout: 90_000 }, async () => {
    expect((await stats.mutate("notices.correct", { period: "2023-03", reason: "" })).code).toBe("BAD_REQUEST");
    expect((await stats.mutate("notices.correct", { period: "2023-03", reason: "麦新人民法庭执行结案数漏报 6 件" })).ok).toBe(true);
    const facts = await stats.query<Facts>("facts.get", { period: "2023-03" });
    const row = facts.data.rows.find((r) => r.unit === "maixin")!;
    const save = await stats.mutate("facts.save", { period: "2023-03", unit: "maixin", values: { ...row.values, enf_closed: row.values.enf_closed! + 6 }, version: row.version });
    expect(save.ok, describeResult(save)).toBe(true);

    const seen = await leader.query<Ranking>("scores.ranking", { period: "2023-03" });
    expect(seen.data.frozen?.revision).toBe(1); // 更正中: the last published revision
    const mid = await leader.query<Notice>("notices.get", { period: "2023-03" });
    expect(mid.data.correcting).toBe(true);
    expect((await stats.query<Ranking>("scores.ranking", { period: "2023-03" })).data.frozen).toBeNull(); // stats works on the draft

    now = new Date("2023-04-10T02:00:00Z");
    const pub = await stats.mutate<{ number: string; revision: number }>("notices.publish", { period: "2023-03", commentary: "更正后的情况分析", acknowledgeWarnings: true });
    expect(pub.ok, describeResult(pub)).toBe(true);
    expect(pub.data).toEqual(expect.objectContaining({ revision: 2, number: "开法考〔2023〕5号" }));

    const n2 = await head.query<Notice>("notices.get", { period: "2023-03" });
    expect(n2.data.revision).toBe(2);
    expect(n2.data.correction?.reason).toBe("麦新人民法庭执行结案数漏报 6 件");
    expect(n2.data.correction?.changes.some((c) => c.unit === "maixin" && c.what === "figure" && c.after === c.before! + 6)).toBe(true);
    const r1 = await head.query<Notice>("notices.get", { period: "2023-03", revision: 1 });
    expect(r1.data.number).toBe("开法考〔2023〕4号");
  });

  it("marks the later published months whose year-to-date scores a correction of an earlier month changed (需更正)", { timeout: 90_000 }, async () => {
    expect((await stats.mutate("notices.correct", { period: "2023-01", reason: "大榆树人民法庭执行收案数录入有误" })).ok).toBe(true);
    const facts = await stats.query<Facts>("facts.get", { period: "2023-01" });
    const row = facts.data.rows.find((r) => r.unit === "dayushu")!;
    const values = { ...row.values, enf_received: row.values.enf_received! * 3 };
    expect((await stats.mutate("facts.save", { period: "2023-01", unit: "dayushu", values, version: row.version })).ok).toBe(true);
    expect((await stats.mutate("notices.publish", { period: "2023-01", commentary: "更正", acknowledgeWarnings: true })).ok).toBe(true);
    const list = await stats.query<NoticeRow[]>("notices.list", { year: 2023 });
    const marked = list.data.filter((n) => n.latest && n.needsCorrection).map((n) => n.period).sort();
    expect(marked).toEqual(["2023-02", "2023-03"]);
    // each mark names the correction that caused it: January's revision 2
    for (const n of list.data.filter((x) => x.latest && x.needsCorrection))
      expect(n.needsCorrection!.because, n.period).toEqual([expect.objectContaining({ kind: "notice", subject: "2023-01", revision: 2 })]);
    expect(list.data.find((n) => n.period === "2023-01" && n.latest)!.needsCorrection).toBeNull();
  });
});
