/**
 * Supervision (督办, product.md) on SQLite and PostgreSQL, with the server's clock
 * set by the test: a leader's instruction to a tribunal they oversee, the head's answer, sent
 * back and answered again, closed; refusals for a leader who does not oversee it and for the head
 * of another tribunal; overdue from 00:00 Asia/Shanghai of the day after the due date; the penalty
 * offered to stats in the first unpublished month, which changes nothing until stats accepts it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeResult, createHarness, testDatabaseKinds, type TestClient, type Harness } from "../test/harness";

interface Item {
  id: string;
  unit: string;
  unitName: string;
  indicator: string;
  indicatorName: string;
  period: string;
  due: string;
  status: string;
  overdue: boolean;
  missedDue: boolean;
  history: Array<{ kind: string; text: string; by: string; byName: string }>;
  suggestion: null | { state: string; period: string | null; item: string | null; itemName: string | null; points: number | null; reason: string | null; adjustmentId: string | null };
}
interface Ranking {
  units: Array<{ unit: string; rank: number; total: number; penalty: number }>;
}
interface Adjustment {
  id: string;
  unit: string;
  item: string;
  count: number;
  note: string | null;
}

/** The test's clock: 2023-02-20 09:00 Asia/Shanghai (February and earlier published, March in review); the test moves it. */
let now = new Date("2023-02-20T01:00:00Z");
const clock = () => now;

describe.each(testDatabaseKinds())("supervision (%s)", (backend) => {
  let t: Harness;
  let leader1: TestClient, leader2: TestClient, headDayushu: TestClient, headDongfeng: TestClient, stats: TestClient, hr: TestClient;
  beforeAll(async () => {
    now = new Date("2023-02-20T01:00:00Z");
    t = await createHarness(backend, { clock });
    [leader1, leader2, headDayushu, headDongfeng, stats, hr] = await Promise.all([t.as("leader1"), t.as("leader2"), t.as("head-dayushu"), t.as("head-dongfeng"), t.as("stats"), t.as("hr")]);
  }, 120_000);
  afterAll(() => t?.destroy());

  const list = async (c: TestClient, status?: string) => {
    const r = await c.query<Item[]>("supervision.list", status ? { status } : undefined);
    expect(r.ok, describeResult(r)).toBe(true);
    return r.data;
  };
  const one = async (c: TestClient, id: string) => (await list(c)).find((s) => s.id === id)!;
  const issue = async (c: TestClient, input: { unit: string; indicator?: string; period?: string; text?: string; due: string }) =>
    c.mutate<{ id: string }>("supervision.issue", { indicator: "E1", period: "2023-01", text: "执结率连续偏低,请说明原因并提出整改措施", ...input });
  const ok = <T>(r: { ok: boolean; data: T }) => {
    expect(r.ok, describeResult(r as never)).toBe(true);
    return r.data;
  };
  const notifications = async (c: TestClient) => ok(await c.query<{ items: Array<{ kind: string; title: string; link: string | null }> }>("notifications.list")).items;
  const ranking = async () => ok(await stats.query<Ranking>("scores.ranking", { period: "2023-03" })).units.map((u) => ({ unit: u.unit, rank: u.rank, total: u.total, penalty: u.penalty }));
  const adjustments = async () => ok(await stats.query<Adjustment[]>("adjustments.list", { period: "2023-03" }));

  it("runs the loop: issued → answered → returned → answered → closed, each step notified and audited", async () => {
    const { id } = ok(await issue(leader1, { unit: "dayushu", due: "2023-02-28" }));
    expect((await notifications(headDayushu)).find((n) => n.kind === "supervision.issued")).toMatchObject({ link: `/supervision/${id}` });
    expect((await notifications(headDayushu)).find((n) => n.kind === "supervision.issued")!.title).toContain("2023年2月28日");
    // one sentence ends where the leader's text ends, then the due date: never "。;请于"
    expect((await notifications(headDayushu)).find((n) => n.kind === "supervision.issued")!.title).toMatch(/[^。;]。请于2023年2月28日前答复整改措施。$/);

    let s = await one(headDayushu, id);
    expect(s).toMatchObject({ unit: "dayushu", unitName: "大榆树人民法庭", indicatorName: "执结率", status: "issued", overdue: false, missedDue: false, suggestion: null });

    // a leader who does not oversee 大榆树 may not close or send it back; the head of another tribunal may not answer
    expect((await headDongfeng.mutate("supervision.respond", { id, text: "越权答复" })).code).toBe("FORBIDDEN");
    // closing before the head has answered is refused with what to wait for
    const early = await leader1.mutate("supervision.close", { id, note: "提前办结" });
    expect(early.code).toBe("BAD_REQUEST");
    expect(early.message).toMatch(/请待庭长答复整改措施后再办结/);

    ok(await headDayushu.mutate("supervision.respond", { id, text: "一、每周清理积案;二、专人督促执行" }));
    expect((await notifications(leader1)).some((n) => n.kind === "supervision.answered" && n.title.includes("大榆树人民法庭"))).toBe(true);
    expect((await leader2.mutate("supervision.return", { id, reason: "越权退回" })).code).toBe("FORBIDDEN");
    expect((await leader2.mutate("supervision.close", { id, note: "越权办结" })).code).toBe("FORBIDDEN");
    // answering twice in a row is refused: it waits for the leader
    expect((await headDayushu.mutate("supervision.respond", { id, text: "再答一次" })).code).toBe("BAD_REQUEST");

    ok(await leader1.mutate("supervision.return", { id, reason: "措施不具体,请写明时间节点" }));
    expect((await one(leader1, id)).status).toBe("returned");
    expect((await notifications(headDayushu)).some((n) => n.kind === "supervision.returned" && n.title.includes("措施不具体"))).toBe(true);

    ok(await headDayushu.mutate("supervision.respond", { id, text: "3月10日前清理完毕超期案件" }));
    ok(await leader1.mutate("supervision.close", { id, note: "整改措施可行,予以办结" }));
    s = await one(hr, id);
    expect(s.status).toBe("closed");
    expect(s.history.map((h) => [h.kind, h.text, h.by])).toEqual([
      ["issued", "执结率连续偏低,请说明原因并提出整改措施", "leader1"],
      ["answered", "一、每周清理积案;二、专人督促执行", "head-dayushu"],
      ["returned", "措施不具体,请写明时间节点", "leader1"],
      ["answered", "3月10日前清理完毕超期案件", "head-dayushu"],
      ["closed", "整改措施可行,予以办结", "leader1"],
    ]);
    expect(s.history[0]!.byName).toBe("王振国");
    expect((await notifications(headDayushu)).some((n) => n.kind === "supervision.closed")).toBe(true);
    expect((await headDayushu.mutate("supervision.respond", { id, text: "办结后再答" })).code).toBe("BAD_REQUEST");

    // closed before its due date: never overdue, however late it is read
    now = new Date("2023-03-20T01:00:00Z");
    expect(await one(leader1, id)).toMatchObject({ overdue: false, missedDue: false, suggestion: null });
    now = new Date("2023-02-20T01:00:00Z");

    const audit = ok(await hr.query<Array<{ action: string; after: { id?: string } | null }>>("audit.list", { limit: 50 }));
    expect(audit.filter((a) => a.after?.id === id).map((a) => a.action).reverse()).toEqual([
      "supervision.issue", "supervision.respond", "supervision.return", "supervision.respond", "supervision.close",
    ]);
  });

  it("lets each see only their own: a leader their tribunals', a head their tribunal's, stats and hr all", async () => {
    ok(await issue(leader1, { unit: "dongfeng", due: "2023-03-31" }));
    expect((await list(leader2)).filter((s) => ["dayushu", "dongfeng"].includes(s.unit))).toEqual([]);
    expect(new Set((await list(headDongfeng)).map((s) => s.unit))).toEqual(new Set(["dongfeng"]));
    expect(new Set((await list(stats)).map((s) => s.unit))).toEqual(new Set(["dayushu", "dongfeng"]));
    expect((await list(leader1, "open")).every((s) => s.status !== "closed")).toBe(true);
  });

  it("refuses what the rules forbid, in Chinese, writing nothing", async () => {
    const before = (await list(stats)).length;
    const notOverseen = await issue(leader2, { unit: "dayushu", due: "2023-03-01" });
    expect(notOverseen.code).toBe("FORBIDDEN");
    expect(notOverseen.message).toMatch(/您不分管大榆树人民法庭/);
    expect((await issue(headDayushu, { unit: "dayushu", due: "2023-03-01" })).code).toBe("FORBIDDEN");
    const past = await issue(leader1, { unit: "dayushu", due: "2023-02-19" });
    expect(past.code).toBe("BAD_REQUEST");
    expect(past.message).toMatch(/2023年2月19日.*早于今天\(2023年2月20日\)/);
    expect((await issue(leader1, { unit: "dayushu", due: "2023-02-30" })).code).toBe("BAD_REQUEST");
    const unknown = await issue(leader1, { unit: "dayushu", indicator: "Z9", due: "2023-03-01" });
    expect(unknown.code).toBe("BAD_REQUEST");
    expect(unknown.message).toMatch(/没有指标 Z9/);
    expect((await issue(leader1, { unit: "dayushu", text: "  ", due: "2023-03-01" })).code).toBe("BAD_REQUEST");
    expect((await list(stats)).length).toBe(before);
    // today itself is a valid due date
    ok(await issue(leader1, { unit: "dayushu", due: "2023-02-20" }));
  });

  it("runs overdue at 00:00 Asia/Shanghai of the day after the due date; the P2 is offered and nothing changes until stats accepts it", async () => {
    now = new Date("2023-02-20T01:00:00Z");
    const late = ok(await issue(leader1, { unit: "dongfeng", indicator: "E2", due: "2023-02-25" })).id;
    const dismissed = ok(await issue(leader1, { unit: "dayushu", indicator: "E3", due: "2023-02-25" })).id;
    // answered in time, then sent back and not answered again by the due date: overdue as well
    const returned = ok(await issue(leader1, { unit: "dayushu", indicator: "E4", due: "2023-02-25" })).id;
    ok(await headDayushu.mutate("supervision.respond", { id: returned, text: "按期整改" }));
    ok(await leader1.mutate("supervision.return", { id: returned, reason: "请补充数据" }));
    // answered in time and waiting for the leader: not overdue
    const answered = ok(await issue(leader1, { unit: "dongfeng", indicator: "E5", due: "2023-02-25" })).id;
    ok(await headDongfeng.mutate("supervision.respond", { id: answered, text: "按期整改" }));

    const rankingBefore = await ranking();
    const adjustmentsBefore = await adjustments();

    now = new Date("2023-02-25T15:59:59Z"); // 23:59:59 on the due day in Shanghai
    expect(await one(stats, late)).toMatchObject({ overdue: false, missedDue: false, suggestion: null });
    expect((await stats.mutate("supervision.acceptSuggestion", { id: late })).code).toBe("BAD_REQUEST");
    expect((await notifications(headDongfeng)).some((n) => n.kind === "supervision.overdue")).toBe(false);

    now = new Date("2023-02-25T16:00:00Z"); // 00:00 the next day
    const s = await one(stats, late);
    expect(s).toMatchObject({ status: "issued", overdue: true, missedDue: true });
    // February is published: the first unpublished month on or after the due date is March
    expect(s.suggestion).toMatchObject({ state: "pending", period: "2023-03", item: "P2", itemName: "督办事项逾期未办结", points: 0.5 });
    expect(await one(stats, returned)).toMatchObject({ status: "returned", overdue: true });
    expect(await one(stats, answered)).toMatchObject({ status: "answered", overdue: false, missedDue: false, suggestion: null });
    const overdueIds = (await list(leader1, "overdue")).map((x) => x.id);
    expect(overdueIds).toEqual(expect.arrayContaining([late, dismissed, returned]));
    expect(overdueIds).not.toContain(answered);

    // the overdue notification, once, to the head, the issuing leader and stats
    await list(leader1);
    const overdueOf = async (c: TestClient) => (await notifications(c)).filter((n) => n.kind === "supervision.overdue" && n.link === `/supervision/${late}`);
    expect(await overdueOf(headDongfeng)).toHaveLength(1);
    expect(await overdueOf(leader1)).toHaveLength(1);
    const forStats = await overdueOf(stats);
    expect(forStats).toHaveLength(1);
    expect(forStats[0]!.title).toMatch(/东风人民法庭.*已逾期.*2023年3月.*督办事项逾期未办结/);

    // nothing applied: the same ranking, the same adjustments
    expect(await ranking()).toEqual(rankingBefore);
    expect(await adjustments()).toEqual(adjustmentsBefore);

    // answered late: no longer overdue, but the missed deadline and its offer stay
    ok(await headDongfeng.mutate("supervision.respond", { id: late, text: "逾期答复:已整改" }));
    expect(await one(stats, late)).toMatchObject({ status: "answered", overdue: false, missedDue: true, suggestion: { state: "pending", period: "2023-03" } });

    // only stats decides
    expect((await leader1.mutate("supervision.acceptSuggestion", { id: late })).code).toBe("FORBIDDEN");
    expect((await stats.mutate("supervision.dismissSuggestion", { id: dismissed, reason: "  " })).code).toBe("BAD_REQUEST");
    ok(await stats.mutate("supervision.dismissSuggestion", { id: dismissed, reason: "因系统故障未能按期答复,经核实不予扣分" }));
    expect((await one(stats, dismissed)).suggestion).toMatchObject({ state: "dismissed", reason: "因系统故障未能按期答复,经核实不予扣分" });
    expect(await ranking()).toEqual(rankingBefore);
    expect(await adjustments()).toEqual(adjustmentsBefore);
    expect((await stats.mutate("supervision.acceptSuggestion", { id: dismissed })).code).toBe("BAD_REQUEST");

    const accepted = ok(await stats.mutate<{ adjustment: string; period: string; item: string }>("supervision.acceptSuggestion", { id: late }));
    expect(accepted).toMatchObject({ period: "2023-03", item: "P2" });
    const added = (await adjustments()).filter((a) => !adjustmentsBefore.some((b) => b.id === a.id));
    expect(added).toEqual([expect.objectContaining({ id: accepted.adjustment, unit: "dongfeng", item: "P2", count: 1 })]);
    expect(added[0]!.note).toMatch(/督办逾期:有财产可供执行案件法定期限内执结率/);
    expect((await one(headDongfeng, late)).suggestion).toMatchObject({ state: "accepted", period: "2023-03", adjustmentId: accepted.adjustment });

    const after = await ranking();
    const was = rankingBefore.find((u) => u.unit === "dongfeng")!;
    const is = after.find((u) => u.unit === "dongfeng")!;
    expect(is.penalty).toBeCloseTo(was.penalty + 0.5, 9);
    expect(is.total).toBeCloseTo(was.total - 0.5, 9);
    for (const u of after.filter((x) => x.unit !== "dongfeng")) expect(u.total).toBe(rankingBefore.find((b) => b.unit === u.unit)!.total);

    // decided once; the audit log links the adjustment to the instruction
    expect((await stats.mutate("supervision.acceptSuggestion", { id: late })).code).toBe("BAD_REQUEST");
    expect((await stats.mutate("supervision.dismissSuggestion", { id: late, reason: "改主意" })).code).toBe("BAD_REQUEST");
    const audit = ok(await hr.query<Array<{ action: string; after: Record<string, unknown> | null }>>("audit.list", { limit: 20 }));
    expect(audit.find((a) => a.action === "adjustments.add" && a.after?.id === accepted.adjustment)?.after).toMatchObject({ supervision: late, item: "P2" });
    expect(audit.find((a) => a.action === "supervision.acceptSuggestion")?.after).toMatchObject({ id: late, adjustment: accepted.adjustment });
    expect(audit.find((a) => a.action === "supervision.dismissSuggestion")?.after).toMatchObject({ id: dismissed });
  });
});
