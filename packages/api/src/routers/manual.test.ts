/**
 * Committee scores (评议打分, rulebook.md §9) through the procedures, on SQLite and PostgreSQL, on
 * the §9 example court (the `grouped` demo): HR enters a score with its reason and every score
 * shows it in its explanation; no other role may write; a published month refuses and keeps its
 * scores. (The template and the import, xlsx or CSV, go through /files: apps/server/src/manual.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeResult, createHarness, testDatabaseKinds, withoutSessionTables, type TestClient, type Harness } from "../test/harness";

interface ManualGet {
  period: string;
  status: string;
  editable: boolean;
  indicators: Array<{ key: string; name: string; points: number; section: string; aggregate: string; groups?: string[] }>;
  units: Array<{ key: string; name: string; group: string; groupName: string }>;
  rows: Array<{ unit: string; indicator: string; score: number; reason: string; enteredBy: string; enteredAt: string }>;
}
interface Explanation {
  formula: { type: string; entries?: Array<{ period: string; score: number; reason: string }> };
  score: number;
  text: string;
}
interface UnitScore {
  unit: { total: number; indicators: Record<string, { score: number; explanation: Explanation }> };
}

const M1 = "庭务管理与作风建设评议";

describe.each(testDatabaseKinds())("committee scores (%s)", (backend) => {
  let t: Harness;
  let hr: TestClient, stats: TestClient, admin: TestClient, leader: TestClient, head: TestClient, headOther: TestClient;

  beforeAll(async () => {
    t = await createHarness(backend, { court: "grouped" });
    [hr, stats, admin, leader, head, headOther] = (await Promise.all(["hr", "stats", "admin", "leader1", "head-maixin", "head-dayushu"].map((u) => t.as(u)))) as [TestClient, TestClient, TestClient, TestClient, TestClient, TestClient];
  }, 120_000);
  afterAll(() => t?.destroy());

  const unitScore = async (unit: string, period = "2023-03", client = hr) => {
    const r = await client.query<UnitScore>("scores.unit", { unit, period });
    expect(r.ok, describeResult(r)).toBe(true);
    return r.data.unit;
  };
  /** the entries of a manual indicator's explanation in the month itself (the window, 全年, holds the earlier months too) */
  const march = (e: Explanation) => (e.formula.entries ?? []).filter((x) => x.period === "2023-03");
  const save = (input: Record<string, unknown>, client = hr) => client.mutate("manual.save", { period: "2023-03", unit: "maixin", indicator: "M1", score: 4.25, reason: "调解工作扎实", ...input });
  const lastAudit = async () => (await admin.query<Array<{ action: string; target: string; before: unknown; after: unknown; user: string }>>("audit.list", { limit: 1 })).data[0];

  it("lists the month's manual indicators, tribunals with their groups and the entries (the demo leaves 麦新 and 吉日嘎郎吐 to enter)", async () => {
    const r = await hr.query<ManualGet>("manual.get", { period: "2023-03" });
    expect(r.ok, describeResult(r)).toBe(true);
    expect(r.data).toMatchObject({ period: "2023-03", status: "review", editable: true });
    expect(r.data.indicators).toEqual([{ key: "M1", name: M1, points: 5, section: "evaluation", aggregate: "last" }]);
    expect(r.data.units.map((u) => [u.key, u.groupName])).toContainEqual(["maixin", "二类法庭"]);
    expect(r.data.rows.map((x) => x.unit).sort()).toEqual(["dayushu", "dongfeng", "heilongba", "jianhua", "xiaojieji", "yihetala"]);
    // a head sees their own tribunal's entries of the month in review; nobody but HR may edit
    const own = await head.query<ManualGet>("manual.get", { period: "2023-03" });
    expect(own.data.units.map((u) => u.key)).toEqual(["maixin"]);
    expect(own.data.editable).toBe(false);
    const other = await headOther.query<ManualGet>("manual.get", { period: "2023-03" });
    expect(other.data.rows.map((x) => x.unit)).toEqual(["dayushu"]);
    expect((await stats.query<ManualGet>("manual.get", { period: "2023-03" })).data.editable).toBe(false);
  });

  it("scores an entry at once: its score and reason in the explanation, replaced by a new entry, each audited with before and after", async () => {
    const before = await unitScore("maixin");
    expect(march(before.indicators.M1!.explanation)).toEqual([]);
    expect(before.indicators.M1!.explanation.formula.entries!.map((e) => e.period)).toEqual(["2023-01", "2023-02"]);

    const r = await save({});
    expect(r.ok, describeResult(r)).toBe(true);
    const after = await unitScore("maixin");
    const m1 = after.indicators.M1!;
    expect(m1.score).toBe(4.25);
    expect(m1.explanation.formula).toMatchObject({ type: "manual", aggregate: "last" });
    // the latest entry of the window counts: this month's
    expect(m1.explanation.formula.entries!.at(-1)).toEqual({ period: "2023-03", score: 4.25, reason: "调解工作扎实" });
    expect(m1.explanation.text).toContain("考评委员会评议");
    expect(m1.explanation.text).toContain("调解工作扎实");
    expect(after.total).toBeCloseTo(before.total + 4.25 - before.indicators.M1!.score, 2);
    expect(await lastAudit()).toMatchObject({ action: "manual.save", target: "2023-03/maixin/M1", user: "hr", before: null, after: { score: 4.25, reason: "调解工作扎实" } });
    // the head reads it in their own draft
    expect(march((await unitScore("maixin", "2023-03", head)).indicators.M1!.explanation)).toHaveLength(1);

    expect((await save({ score: 3.5, reason: "复议后改为 3.5 分:卷宗归档不及时" })).ok).toBe(true);
    expect(march((await unitScore("maixin")).indicators.M1!.explanation)).toEqual([{ period: "2023-03", score: 3.5, reason: "复议后改为 3.5 分:卷宗归档不及时" }]);
    expect(await lastAudit()).toMatchObject({ action: "manual.save", before: { score: 4.25, reason: "调解工作扎实" }, after: { score: 3.5, reason: "复议后改为 3.5 分:卷宗归档不及时" } });
    const listed = (await hr.query<ManualGet>("manual.get", { period: "2023-03" })).data.rows.filter((x) => x.unit === "maixin");
    expect(listed).toEqual([expect.objectContaining({ indicator: "M1", score: 3.5, enteredBy: "hr" })]);

    // removed: February's entry is the latest again
    expect((await hr.mutate("manual.remove", { period: "2023-03", unit: "maixin", indicator: "M1" })).data).toEqual({ ok: true, removed: true });
    expect(await unitScore("maixin")).toEqual(before);
    expect(await lastAudit()).toMatchObject({ action: "manual.remove", before: { score: 3.5 }, after: null });
  });

  it("lets no one but HR write, and refuses bad entries naming the tribunal, the indicator and the month; nothing changes", async () => {
    const dump = withoutSessionTables(await t.dump());
    for (const c of [stats, admin, leader, head]) {
      const r = await save({}, c);
      expect(r.code, describeResult(r)).toBe("FORBIDDEN");
      expect(r.message).toContain("政治处");
      expect((await c.mutate("manual.remove", { period: "2023-03", unit: "dayushu", indicator: "M1" })).code).toBe("FORBIDDEN");
    }
    const refused: Array<[Record<string, unknown>, string]> = [
      [{ score: 5.5 }, "麦新人民法庭 2023年3月:“庭务管理与作风建设评议”的评议分数 5.5 超过该指标的分值 5 分。请填写 0 到 5 之间的分数。"],
      [{ score: -0.5 }, "是负数"],
      [{ reason: "   " }, "没有写理由"],
      [{ indicator: "T1" }, "不是评议打分指标"],
      [{ indicator: "Q9" }, "没有指标“Q9”"],
    ];
    for (const [input, text] of refused) {
      const r = await save(input);
      expect(r.code, JSON.stringify(input)).toBe("BAD_REQUEST");
      expect(r.message).toContain(text);
      expect(r.message).toContain("麦新人民法庭");
      expect(r.message).toContain("2023年3月");
    }
    const unknown = await save({ unit: "nowhere" });
    expect(unknown.code).toBe("BAD_REQUEST");
    expect(unknown.message).toContain("没有代码为 nowhere 的法庭");
    expect(withoutSessionTables(await t.dump())).toEqual(dump);
  });

  it("tells the second of two HR editors that the first saved in between, and keeps the first's score", async () => {
    const hr2 = await t.as("hr");
    const key = { period: "2023-03", unit: "jirigalangtu", indicator: "M1" };
    const seen = (await hr.query<ManualGet>("manual.get", { period: "2023-03" })).data.rows.find((r) => r.unit === key.unit && r.indicator === "M1");
    expect(seen).toBeUndefined(); // the demo leaves it to enter: both editors start from nothing
    const first = await hr.mutate("manual.save", { ...key, score: 4.5, reason: "调解工作扎实", expectedAt: null });
    expect(first.ok, describeResult(first)).toBe(true);
    const second = await hr2.mutate("manual.save", { ...key, score: 3, reason: "卷宗归档不及时", expectedAt: null });
    expect(second.code, describeResult(second)).toBe("CONFLICT");
    expect(second.message).toContain("吉日嘎郎吐人民法庭2023年3月");
    expect(second.message).toContain("修改为 4.5 分");
    const removeStale = await hr2.mutate("manual.remove", { ...key, expectedAt: null });
    expect(removeStale.code).toBe("CONFLICT");
    const now = (await hr.query<ManualGet>("manual.get", { period: "2023-03" })).data.rows.find((r) => r.unit === key.unit && r.indicator === "M1");
    expect(now).toMatchObject({ score: 4.5, reason: "调解工作扎实" });
    // having read what is stored now, the second editor may replace it
    const again = await hr2.mutate("manual.save", { ...key, score: 3, reason: "卷宗归档不及时", expectedAt: now!.enteredAt });
    expect(again.ok, describeResult(again)).toBe(true);
  });

  it("refuses a published month: its committee scores are frozen with its notice", async () => {
    const dump = withoutSessionTables(await t.dump());
    const frozen = await unitScore("dayushu", "2023-02");
    const r = await save({ period: "2023-02", unit: "dayushu", score: 1 });
    expect(r.code).toBe("BAD_REQUEST");
    expect(r.message).toBe("大榆树人民法庭2023年2月“庭务管理与作风建设评议”的评议分数不能修改:2023年2月已发布(第 1 版),评议分数随通报一并固定;如需改正,请统计员发起更正后再录入。");
    expect((await hr.mutate("manual.remove", { period: "2023-02", unit: "dayushu", indicator: "M1" })).message).toContain("已发布");
    // (the import of a published month is refused too: apps/server/src/manual.test.ts, through /files)
    expect(withoutSessionTables(await t.dump())).toEqual(dump);
    expect(await unitScore("dayushu", "2023-02")).toEqual(frozen);
    expect((await hr.query<ManualGet>("manual.get", { period: "2023-02" })).data.editable).toBe(false);
  });

  it("keeps a published month's committee scores as its notice froze them, in the annual evaluation too, while it is corrected", { timeout: 60_000 }, async () => {
    const year = async () => (await hr.query<{ snapshot: { result: { units: Array<{ unit: string; total: number }> } } }>("annual.compute", { year: 2022 })).data.snapshot.result.units;
    const totals = await year();
    expect((await stats.mutate("notices.correct", { period: "2022-12", reason: "测试:评议分数复核" })).ok).toBe(true);
    // in correction the month is open again: HR may change its committee scores, and stats sees the draft
    expect((await save({ period: "2022-12", unit: "maixin", score: 0, reason: "复核:当月卷宗严重超期" })).ok).toBe(true);
    expect((await stats.query<UnitScore>("scores.unit", { unit: "maixin", period: "2022-12" })).data.unit.indicators.M1!.score).toBe(0);
    // …while everyone else, and the evaluation, read December as published
    const published = (await leader.query<UnitScore>("scores.unit", { unit: "maixin", period: "2022-12" })).data.unit.indicators.M1!;
    expect(published.score).toBeGreaterThan(0);
    expect(await year()).toEqual(totals);
  });
});
