/**
 * The hostile corpus (issue 17, items 2, 3 and 9), table-driven over real HTTP: each input is
 * refused with a clear Chinese sentence and the database unchanged, or stored inert (normalised);
 * a head's notification never says what the head could not read on a page; the server is healthy after.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, testBackends, withoutSessionTables, type ApiClient, type TestServer } from "./test-server";

const CJK = /[\u4e00-\u9fff]/;
type Who = "stats" | "hr" | "admin" | "head";
interface Refused {
  name: string;
  who: Who;
  proc: string;
  input: unknown;
  says?: RegExp;
}

const invisible = ["\u200B", "\u200B\u200C\u200D", "\uFEFF", "\u2060 \u200B", "\u202E", "\u202A\u202C", " \u200F ", "\uFFFE", "\u0000\u0001"];
const cases: Refused[] = [
  ...["9999-12", "1999-12", "2100-01", "0000-01"].flatMap((period): Refused[] => [
    { name: `facts.save of ${period}`, who: "stats", proc: "facts.save", input: { period, unit: "dayushu", values: {}, version: 0 }, says: /超出了可录入的范围\(2000-01 至/ },
    { name: `adjustments.add of ${period}`, who: "stats", proc: "adjustments.add", input: { period, unit: "dayushu", item: "B1", count: 1 }, says: /超出了可录入的范围/ },
    { name: `manual.save of ${period}`, who: "hr", proc: "manual.save", input: { period, unit: "dayushu", indicator: "M1", score: 1, reason: "理由" }, says: /超出了可录入的范围/ },
  ]),
  ...[1e308, 1e12, 2 ** 53 - 1].map((v): Refused => ({ name: `facts.save value ${v}`, who: "stats", proc: "facts.save", input: { period: "2023-03", unit: "dayushu", values: { trial_closed: v }, version: 0 }, says: /超出了合理范围/ })),
  ...[2 ** 53 - 1, 1001, 0, 0.5, -1].map((count): Refused => ({ name: `adjustments.add count ${count}`, who: "stats", proc: "adjustments.add", input: { period: "2023-03", unit: "dayushu", item: "B1", count } })),
  ...["a".repeat(65), "a".repeat(200_000).slice(0, 900_000), "__proto__", "constructor", "1abc", "a b", "中文"].map((key): Refused => ({ name: `units.save key ${key.slice(0, 12)}…`, who: "admin", proc: "units.save", input: { key, name: "新法庭" } })),
  ...invisible.map((name): Refused => ({ name: `units.save name ${JSON.stringify(name)}`, who: "admin", proc: "units.save", input: { key: "newunit", name }, says: /请填写法庭名称/ })),
  ...["system", "root", "cli", "anonymous"].map((username): Refused => ({ name: `users.create ${username}`, who: "admin", proc: "users.create", input: { username, name: "某人", role: "stats", password: "Abcdefgh12345!" }, says: /留给系统自身使用/ })),
  ...invisible.map((text): Refused => ({ name: `objections.raise text ${JSON.stringify(text)}`, who: "head", proc: "objections.raise", input: { period: "2023-03", unit: "dayushu", text }, says: /请写明异议的内容/ })),
  { name: "objections.raise text of 1001 characters", who: "head", proc: "objections.raise", input: { period: "2023-03", unit: "dayushu", text: "异".repeat(1001) }, says: /不能超过 1000 字/ },
  ...invisible.map((reason): Refused => ({ name: `annual.override reason ${JSON.stringify(reason)}`, who: "hr", proc: "annual.override", input: { year: 2023, unit: "dayushu", grade: "good", reason }, says: /调整等次必须写明理由/ })),
  ...invisible.map((reason): Refused => ({ name: `notices.correct reason ${JSON.stringify(reason)}`, who: "stats", proc: "notices.correct", input: { period: "2023-01", reason }, says: /请写明更正的原因/ })),
  { name: "manual.save reason of 2001 characters", who: "hr", proc: "manual.save", input: { period: "2023-03", unit: "dayushu", indicator: "M1", score: 1, reason: "理".repeat(2001) }, says: /不能超过 2000 字/ },
];


describe.each(testBackends())(`the hostile corpus (%s)`, (backend) => {
  let t: TestServer;
  const c = {} as Record<Who | "leader", ApiClient>;
  beforeAll(async () => {
    t = await startTestServer(backend);
    const who = { stats: "stats", hr: "hr", admin: "admin", head: "head-dayushu", leader: "leader1" } as const;
    for (const [k, u] of Object.entries(who)) c[k as keyof typeof who] = await t.login(u);
  }, 60_000);
  afterAll(() => t?.stop());

  it(`refuses ${cases.length} hostile inputs, each in Chinese, and changes nothing`, { timeout: 120_000 }, async () => {
    const before = withoutSessionTables(await t.dump());
    const wrong: string[] = [];
    for (const k of cases) {
      const r = await c[k.who].mutate(k.proc, k.input);
      if (r.ok || r.status !== 400 || !CJK.test(r.message ?? "") || (k.says && !k.says.test(r.message ?? ""))) wrong.push(`${k.name}: ${r.status} ${r.message}`);
    }
    expect(wrong).toEqual([]);
    expect(withoutSessionTables(await t.dump())).toEqual(before);
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  });

  it("says what was typed and names no [object Object]", async () => {
    const proto = await c.stats.query("__proto__");
    expect(proto.message).not.toContain("[object Object]");
    expect(proto.message).toMatch(CJK);
    const abc = await c.hr.files("/files/annual?year=abc&format=docx");
    expect(abc.status).toBe(400);
    expect(abc.message).toContain("abc");
    expect(abc.message).not.toContain("NaN");
  });

  it("stores hostile text inert: characters XML cannot hold and bidi controls removed", async () => {
    const r = await c.head.mutate("objections.raise", { period: "2023-03", unit: "dayushu", text: "数据\uFFFE有误\u202E请核\u0007对\uFFFF" });
    expect(r.ok, r.message).toBe(true);
    const list = await c.stats.query<Array<{ text: string }>>("objections.list", { period: "2023-03" });
    expect(list.data.map((o) => o.text)).toContain("数据有误请核对");
  });

  it("tells a head that an unpublished grade changed, never to what or why; the leaders are told both", async () => {
    const r = await c.hr.mutate("annual.override", { year: 2023, unit: "dayushu", grade: "excellent", reason: "年内成绩突出,经党组研究调整" });
    expect(r.ok, r.message).toBe(true);
    type N = { items: Array<{ kind: string; title: string }> };
    const head = (await c.head.query<N>("notifications.list")).data.items.filter((n) => n.kind === "annual.override");
    expect(head).toHaveLength(1);
    expect(head[0]!.title).not.toMatch(/优秀|经党组研究|理由/);
    expect((await c.head.query("annual.get", { year: 2023 })).ok).toBe(false);
    const leader = (await c.leader.query<N>("notifications.list")).data.items.filter((n) => n.kind === "annual.override");
    expect(leader[0]!.title).toContain("经党组研究调整");
  });
});
