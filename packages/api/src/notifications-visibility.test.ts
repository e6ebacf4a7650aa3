/**
 * Notifications follow the same visibility as what they mention (issue 17, item 3): the test walks
 * every notification kind the procedures send — review.opened, objection.raised / .resolved,
 * notice / summary / annual .published and .corrected, publication.needsCorrection,
 * annual.override, supervision.issued / .answered / .returned / .closed / .overdue / .penalty —
 * on the demo court, with a marker in every text a user typed, and for every notification every
 * user of every role received checks that its title holds nothing that user could not read on a
 * page: each marker in it is in what that user's pages answer, an annual grade only to those who
 * may read the draft evaluation, a tribunal's objection or supervision only to those who see it
 * in their list, a publication only to those who may open it; no figure at all.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, describeResult, testDatabaseKinds, TEST_ACCOUNTS, type Harness, type TestClient } from "./test/harness";

/** 2023-04-10 10:00 Asia/Shanghai: 2023-02 and earlier published, 2023-03 in review, 2022's evaluation not yet published. */
let now = new Date("2023-04-10T02:00:00Z");
const clock = () => now;

interface Note {
  kind: string;
  title: string;
  link: string | null;
}

/** Every text typed in the walk carries one of these: none may reach a title its reader cannot read elsewhere. */
const M = {
  correctionReason: "更正原因甲七",
  objection: "异议内容乙七",
  reply: "处理意见丙七",
  commentary: "情况分析丁七",
  override: "调整理由戊七",
  override2: "再次调整理由己七",
  annualCorrection: "年度更正原因庚七",
  supervision: "督办内容辛七",
  answer: "整改措施壬七",
  returned: "退回理由癸七",
  closed: "办结意见子七",
  supervision2: "督办内容丑七",
  supervision3: "督办内容寅七",
  answer3: "整改措施卯七",
};
const MARKERS = Object.values(M);

describe.each(testDatabaseKinds())("every notification kind, for every role (%s)", (backend) => {
  let t: Harness;
  const c: Record<string, TestClient> = {};
  const usernames = TEST_ACCOUNTS.map((a) => a.username);
  const roleOf = new Map(TEST_ACCOUNTS.map((a) => [a.username, a.role]));

  beforeAll(async () => {
    now = new Date("2023-04-10T02:00:00Z");
    t = await createHarness(backend, { clock });
    for (const u of usernames) c[u] = await t.as(u);
  }, 120_000);
  afterAll(() => t?.destroy());

  const ok = async <T>(p: Promise<{ ok: boolean; data: T } & Parameters<typeof describeResult>[0]>): Promise<T> => {
    const r = await p;
    expect(r.ok, describeResult(r)).toBe(true);
    return r.data;
  };

  it("walks each kind, and no title tells its reader what their pages would not", { timeout: 240_000 }, async () => {
    const { stats, hr } = c as Record<"stats" | "hr", TestClient>;
    const leader1 = c["leader1"]!;
    const head = c["head-dayushu"]!;

    const gradeNames = ["优秀", "良好", "称职", "合格", "基本合格", "不称职", "不合格", "较差"];
    const pages = new Map<string, string>();
    /** what the user's pages answer, as text: objections, supervision, the published documents, and (where allowed) the evaluation being drafted */
    const readable = async (u: string): Promise<string> => {
      if (pages.has(u)) return pages.get(u)!;
      const me = c[u]!;
      const answers = await Promise.all([
        me.query("objections.list", { period: "2023-01" }),
        me.query("objections.list", { period: "2023-03" }),
        me.query("supervision.list"),
        me.query("notices.get", { period: "2023-01" }),
        me.query("notices.get", { period: "2023-01", revision: 1 }),
        me.query("notices.get", { period: "2023-03" }),
        me.query("summaries.get", { quarter: "2023-Q1" }),
        me.query("annual.get", { year: 2022 }),
        me.query("annual.get", { year: 2022, revision: 1 }),
        me.query("annual.compute", { year: 2022 }),
        me.query("audit.list", {}),
      ]);
      const text = answers.filter((r) => r.ok).map((r) => JSON.stringify(r.data)).join("\n");
      pages.set(u, text);
      return text;
    };
    const judged = new Set<string>();
    /** judges the notifications not judged yet against what each reader's pages answer now */
    const judge = async (): Promise<string[]> => {
      const leaks: string[] = [];
      pages.clear();
      for (const u of usernames) {
        const notes = (await ok(c[u]!.query<{ items: Array<Note & { id: string }> }>("notifications.list"))).items.filter((n) => !judged.has(n.id));
        for (const n of notes) judged.add(n.id);
        const role = roleOf.get(u)!;
        const page = await readable(u);
        for (const n of notes) {
          const say = (why: string) => leaks.push(`${u} (${role}) ${n.kind} «${n.title}»: ${why}`);
          for (const m of MARKERS) if (n.title.includes(m) && !page.includes(m)) say(`"${m}" is on none of this user's pages`);
          if (/\d+\.\d+/.test(n.title)) say("a figure");
          if (n.kind === "annual.override") {
            // a grade named only to those who may read the evaluation before it is published
            const draftAllowed = (await c[u]!.query("annual.file", { year: 2022, format: "html", draft: true })).ok;
            if (gradeNames.some((g) => n.title.includes(g)) && !draftAllowed) say("names a grade this user cannot read");
          }
          if (n.kind.startsWith("objection.")) {
            const mine = await c[u]!.query<Array<{ unit: string; unitName: string }>>("objections.list", { period: "2023-01" });
            const named = mine.ok ? mine.data.filter((o) => n.title.includes(o.unitName)) : [];
            if (n.kind === "objection.raised" && !named.length) say("tells of an objection this user cannot see");
            if (n.kind === "objection.resolved" && !(mine.ok && mine.data.length)) say("answers an objection this user cannot see");
          }
          if (n.kind.startsWith("supervision.")) {
            const id = n.link?.split("/").pop();
            const mine = await c[u]!.query<Array<{ id: string }>>("supervision.list");
            if (!mine.ok || !mine.data.some((s) => s.id === id)) say("tells of an instruction this user cannot see");
          }
          const pub = /^\/(notices|summaries|annual)\/(.+)$/.exec(n.link ?? "");
          if (/\.(published|corrected)$|^publication\./.test(n.kind) && pub) {
            const [, what, subject] = pub;
            const r = what === "notices" ? await c[u]!.query("notices.get", { period: subject }) : what === "summaries" ? await c[u]!.query("summaries.get", { quarter: subject }) : await c[u]!.query("annual.get", { year: Number(subject) });
            if (!r.ok) say(`links to what this user cannot open (${describeResult(r)})`);
          }
        }
      }
      return leaks;
    };

    // March published with a commentary, then the first quarter's summary
    const draft = await ok(stats.query<{ commentary: string }>("notices.draft", { period: "2023-03" }));
    await ok(stats.mutate("notices.publish", { period: "2023-03", commentary: `${draft.commentary}${M.commentary}`, acknowledgeWarnings: true }));
    const sd = await ok(stats.query<{ commentary: string }>("summaries.draft", { quarter: "2023-Q1" }));
    await ok(stats.mutate("summaries.publish", { quarter: "2023-Q1", commentary: sd.commentary }));

    // then a correction of January: reopened, a figure changed, reviewed (review.opened), objected to and answered, published (notice.corrected; February, March and the summary 需更正)
    await ok(stats.mutate("notices.correct", { period: "2023-01", reason: M.correctionReason }));
    const jan = await ok(stats.query<{ rows: Array<{ unit: string; values: Record<string, number | null>; version: number }> }>("facts.get", { period: "2023-01" }));
    const row = jan.rows.find((r) => r.unit === "dayushu")!;
    const field = Object.keys(row.values).find((k) => typeof row.values[k] === "number" && row.values[k]! > 5)!;
    await ok(stats.mutate("facts.save", { period: "2023-01", unit: "dayushu", values: { ...row.values, [field]: row.values[field]! - 3 }, version: row.version }));
    await ok(stats.mutate("periods.openReview", { period: "2023-01" }));
    const { id: objection } = await ok(head.mutate<{ id: string }>("objections.raise", { period: "2023-01", unit: "dayushu", text: M.objection }));
    await ok(stats.mutate("objections.resolve", { id: objection, decision: "rejected", reply: M.reply }));
    const janDraft = await ok(stats.query<{ commentary: string }>("notices.draft", { period: "2023-01" }));
    await ok(stats.mutate("notices.publish", { period: "2023-01", commentary: janDraft.commentary, acknowledgeWarnings: true }));

    // 2022's evaluation: an override before publication, published, corrected with another override
    const computed = await ok(hr.query<{ snapshot: { result: { units: Array<{ unit: string; rank: number | null; veto: boolean }> } } }>("annual.compute", { year: 2022 }));
    const first = computed.snapshot.result.units.find((u) => u.rank === 1)!.unit;
    const leaderOfFirst = TEST_ACCOUNTS.find((a) => a.role === "leader" && a.units?.includes(first))!.username;
    await ok(hr.mutate("annual.override", { year: 2022, unit: first, grade: "good", reason: M.override }));
    await ok(hr.mutate("annual.publish", { year: 2022 }));
    await ok(hr.mutate("annual.correct", { year: 2022, reason: M.annualCorrection }));
    await ok(hr.mutate("annual.override", { year: 2022, unit: first, grade: "excellent", reason: M.override2 }));
    await ok(hr.mutate("annual.publish", { year: 2022 }));

    // supervision: issued → answered → returned → answered → closed; another runs overdue and its penalty is accepted
    const { id: s1 } = await ok(leader1.mutate<{ id: string }>("supervision.issue", { unit: "dayushu", indicator: "E1", period: "2023-03", text: M.supervision, due: "2023-04-20" }));
    await ok(head.mutate("supervision.respond", { id: s1, text: M.answer }));
    await ok(leader1.mutate("supervision.return", { id: s1, reason: M.returned }));
    await ok(head.mutate("supervision.respond", { id: s1, text: M.answer }));
    await ok(leader1.mutate("supervision.close", { id: s1, note: M.closed }));
    const { id: s2 } = await ok(leader1.mutate<{ id: string }>("supervision.issue", { unit: "dayushu", indicator: "E1", period: "2023-03", text: M.supervision2, due: "2023-04-11" }));
    const leaks = await judge();
    // dayushu passes from leader1 to leader2 while two instructions leader1 issued are open: one is answered, the other runs overdue
    const { id: s3 } = await ok(leader1.mutate<{ id: string }>("supervision.issue", { unit: "dayushu", indicator: "E1", period: "2023-03", text: M.supervision3, due: "2023-04-30" }));
    await ok(c["admin"]!.mutate("assignments.set", { leader: "leader2", units: ["heilongba", "maixin", "dayushu"] }));
    await ok(c["admin"]!.mutate("assignments.set", { leader: "leader1", units: ["dongfeng"] }));
    await ok(head.mutate("supervision.respond", { id: s3, text: M.answer3 }));
    now = new Date("2023-04-13T02:00:00Z");
    await ok(c["leader2"]!.query("supervision.list"));
    const offered = (await ok(stats.query<Array<{ id: string; suggestion: { state: string } | null }>>("supervision.list"))).find((s) => s.id === s2);
    if (offered?.suggestion?.state === "pending") await ok(stats.mutate("supervision.acceptSuggestion", { id: s2 }));

    // every notification every user received, judged against what that user's own pages answer
    const received = new Map<string, Note[]>();
    for (const u of usernames) received.set(u, (await ok(c[u]!.query<{ items: Note[] }>("notifications.list"))).items);
    const kinds = new Set([...received.values()].flat().map((n) => n.kind));
    for (const k of ["review.opened", "objection.raised", "objection.resolved", "notice.published", "notice.corrected", "summary.published", "annual.published", "annual.corrected", "publication.needsCorrection", "annual.override", "supervision.issued", "supervision.answered", "supervision.returned", "supervision.closed", "supervision.overdue"])
      expect(kinds, `no ${k} was sent`).toContain(k);
    for (const role of ["admin", "hr", "stats", "leader", "head"]) expect([...received].some(([u, ns]) => roleOf.get(u) === role && ns.length > 0), `no ${role} was told anything`).toBe(true);

    leaks.push(...(await judge()));
    expect(leaks).toEqual([]);
    // the override before 2022 was published reached the overseeing leader and the tribunal's head, the head without grade or reason
    const headOfFirst = received.get(`head-${first}`)!.filter((n) => n.kind === "annual.override");
    expect(headOfFirst.length).toBeGreaterThan(0);
    for (const n of headOfFirst) expect(n.title).not.toMatch(/优秀|良好|理由/);
    // the instructions of a tribunal that changed hands are told to the leader who oversees it now
    expect(received.get("leader2")!.filter((n) => n.kind.startsWith("supervision.")).map((n) => n.kind).sort()).toEqual(expect.arrayContaining(["supervision.answered", "supervision.overdue"]));
    expect(received.get(leaderOfFirst)!.some((n) => n.kind === "annual.override" && n.title.includes(M.override))).toBe(true);
  });
});
