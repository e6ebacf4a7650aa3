/**
 * One record kept true (product.md, "States, and what each role sees"): a published correction of
 * a month reaches every document that read it — later notices, quarterly summaries, the annual
 * evaluation — marking 需更正 where the figures differ, naming the correction, telling stats (and
 * hr); a correction starts from the published 情况分析; every revision's files are stored at its
 * publication. Real SQLite (and PostgreSQL with TEST_DATABASE_URL), the demo court.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, describeResult, testDatabaseKinds, type Harness } from "../test/harness";

let now = new Date("2023-04-03T01:00:00Z");
const clock = () => now;

type Ranked = { snapshot: { result: { units: Array<{ unit: string; total: number; rank: number }> }; ytd?: { units: Array<{ unit: string; total: number; rank: number }> } } };

describe.each(testDatabaseKinds())("publication (%s)", (kind) => {
  let h: Harness;
  beforeAll(async () => {
    now = new Date("2023-04-03T01:00:00Z");
    h = await createHarness(kind, { clock });
  }, 120_000);
  afterAll(() => h?.destroy());

  it("a correction of March marks the published Q1 summary 需更正, names it, tells stats, and the summary's correction matches the corrected month; the correction started from the edited 情况分析", async () => {
    const stats = await h.as("stats");
    const draft = await stats.query<{ commentary: string }>("notices.draft", { period: "2023-03" });
    expect(draft.ok, describeResult(draft)).toBe(true);
    const edited = `${draft.data.commentary}\n统计员补充:三月份各庭普遍加快了结案进度。`;
    const p1 = await stats.mutate<{ number: string; revision: number }>("notices.publish", { period: "2023-03", commentary: edited, acknowledgeWarnings: true });
    expect(p1.ok, describeResult(p1)).toBe(true);

    // the files of the revision are stored with it, at its publication
    const files = await h.db.kysely.selectFrom("notice_files").innerJoin("notices", "notices.id", "notice_files.notice_id").select(["notice_files.format"]).where("notices.kind", "=", "notice").where("notices.subject", "=", "2023-03").execute();
    expect(files.map((f) => f.format).sort()).toEqual(["docx", "html", "xlsx"]);

    const sDraft = await stats.query<{ commentary: string }>("summaries.draft", { quarter: "2023-Q1" });
    expect(sDraft.ok, describeResult(sDraft)).toBe(true);
    const q1 = await stats.mutate<{ number: string }>("summaries.publish", { quarter: "2023-Q1", commentary: sDraft.data.commentary });
    expect(q1.ok, describeResult(q1)).toBe(true);
    expect((await stats.query<{ needsCorrection: unknown }>("summaries.get", { quarter: "2023-Q1" })).data.needsCorrection).toBeNull();

    // correct March: 东风 调解撤诉结案数 41 → 43
    now = new Date("2023-04-20T02:00:00Z");
    const c = await stats.mutate("notices.correct", { period: "2023-03", reason: "东风法庭调解撤诉结案数漏报 2 件" });
    expect(c.ok, describeResult(c)).toBe(true);
    const twice = await stats.mutate("notices.correct", { period: "2023-03", reason: "again" });
    expect(twice.ok).toBe(false);
    expect(twice.message).toContain("已在更正中");
    const facts = await stats.query<{ rows: Array<{ unit: string; values: Record<string, number>; version: number }> }>("facts.get", { period: "2023-03" });
    const dongfeng = facts.data.rows.find((r) => r.unit === "dongfeng")!;
    const saved = await stats.mutate("facts.save", { period: "2023-03", unit: "dongfeng", values: { ...dongfeng.values, trial_mediated: dongfeng.values.trial_mediated! + 2 }, version: dongfeng.version });
    expect(saved.ok, describeResult(saved)).toBe(true);

    // revision 2 starts from revision 1's edited 情况分析; the fresh draft is beside it, what changed marked
    const d2 = await stats.query<{ revision: number; commentary: string; drafted: { text: string; sentences: Array<{ text: string; changed: boolean }> } }>("notices.draft", { period: "2023-03" });
    expect(d2.ok, describeResult(d2)).toBe(true);
    expect(d2.data.revision).toBe(2);
    expect(d2.data.commentary).toBe(edited);
    expect(d2.data.drafted.sentences.map((s) => s.text).join("")).toBe(d2.data.drafted.text);
    expect(d2.data.drafted.sentences.some((s) => s.changed)).toBe(true);
    expect(d2.data.drafted.sentences.some((s) => !s.changed)).toBe(true);

    const p2 = await stats.mutate<{ number: string; revision: number }>("notices.publish", { period: "2023-03", commentary: d2.data.commentary, acknowledgeWarnings: true });
    expect(p2.ok, describeResult(p2)).toBe(true);
    expect(p2.data.revision).toBe(2);

    // the summary is marked, naming the correction; its list says so too
    const marked = await stats.query<{ needsCorrection: { because: Array<{ kind: string; subject: string; revision: number; number: string }> } | null }>("summaries.get", { quarter: "2023-Q1" });
    expect(marked.data.needsCorrection).toEqual({ because: [{ kind: "notice", subject: "2023-03", revision: 2, number: p2.data.number }] });
    const list = await (await h.as("leader1")).query<Array<{ quarter: string; needsCorrection: unknown }>>("summaries.list", {});
    expect(list.data.find((s) => s.quarter === "2023-Q1")!.needsCorrection).toEqual(marked.data.needsCorrection);
    // stats is told, in words naming both documents
    const bell = await stats.query<{ items: Array<{ kind: string; title: string }> }>("notifications.list", {});
    const told = bell.data.items.find((n) => n.kind === "publication.needsCorrection");
    expect(told?.title).toContain("2023年第一季度总结需更正");
    expect(told?.title).toContain(`2023年3月考核通报已更正(第 2 版,${p2.data.number})`);
    // a head is not told (stats corrects summaries)
    const headBell = await (await h.as("head-dongfeng")).query<{ items: Array<{ kind: string }> }>("notifications.list", {});
    expect(headBell.data.items.some((n) => n.kind === "publication.needsCorrection")).toBe(false);

    // correcting the summary issues a revision whose figures equal the corrected month's
    expect((await stats.mutate("summaries.correct", { quarter: "2023-Q1", reason: "随3月通报更正" })).ok).toBe(true);
    const sd2 = await stats.query<{ commentary: string; drafted: { sentences: Array<{ changed: boolean }> } }>("summaries.draft", { quarter: "2023-Q1" });
    expect(sd2.data.commentary).toBe(sDraft.data.commentary);
    const q2 = await stats.mutate<{ revision: number }>("summaries.publish", { quarter: "2023-Q1", commentary: sd2.data.commentary });
    expect(q2.ok, describeResult(q2)).toBe(true);
    const summary = await stats.query<Ranked & { needsCorrection: unknown; revision: number }>("summaries.get", { quarter: "2023-Q1" });
    expect(summary.data.revision).toBe(2);
    expect(summary.data.needsCorrection).toBeNull();
    const march = await stats.query<Ranked>("notices.get", { period: "2023-03" });
    const byUnit = (units: Array<{ unit: string; total: number; rank: number }>) => Object.fromEntries(units.map((u) => [u.unit, [u.total, u.rank]]));
    // the demo's window is the year to date: March's notice and the summary's year to date agree
    expect(byUnit(summary.data.snapshot.ytd!.units)).toEqual(byUnit(march.data.snapshot.result.units));
  });

  it("a correction of a 2022 month marks the later months whose figures differ and the published annual evaluation, tells stats and hr, and clears the marks once they match again", async () => {
    now = new Date("2023-04-21T02:00:00Z");
    const hr = await h.as("hr");
    const stats = await h.as("stats");
    const annual = await hr.mutate("annual.publish", { year: 2022 });
    expect(annual.ok, describeResult(annual)).toBe(true);

    expect((await stats.mutate("notices.correct", { period: "2022-06", reason: "大榆树审判结案数录入错误" })).ok).toBe(true);
    const facts = await stats.query<{ rows: Array<{ unit: string; values: Record<string, number>; version: number }> }>("facts.get", { period: "2022-06" });
    const row = facts.data.rows.find((r) => r.unit === "dayushu")!;
    const wrong = { ...row.values, trial_closed: row.values.trial_closed! + 60, trial_closed_in_limit: row.values.trial_closed_in_limit! + 60 };
    const s1 = await stats.mutate<{ version: number }>("facts.save", { period: "2022-06", unit: "dayushu", values: wrong, version: row.version });
    expect(s1.ok, describeResult(s1)).toBe(true);
    const p = await stats.mutate<{ number: string }>("notices.publish", { period: "2022-06", commentary: "更正后的情况分析", acknowledgeWarnings: true });
    expect(p.ok, describeResult(p)).toBe(true);

    const a = await hr.query<{ needsCorrection: { because: Array<{ subject: string; revision: number }> } | null }>("annual.get", { year: 2022 });
    expect(a.data.needsCorrection?.because).toEqual([{ kind: "notice", subject: "2022-06", revision: 2, number: p.data.number }]);
    const notices = await stats.query<Array<{ period: string; latest: boolean; needsCorrection: unknown }>>("notices.list", { year: 2022 });
    const july = notices.data.find((n) => n.period === "2022-07" && n.latest)!;
    expect(july.needsCorrection).toEqual({ because: [{ kind: "notice", subject: "2022-06", revision: 2, number: p.data.number }] });
    const hrBell = await hr.query<{ items: Array<{ kind: string; title: string }> }>("notifications.list", {});
    expect(hrBell.data.items.some((n) => n.kind === "publication.needsCorrection" && n.title.startsWith("2022年度考核结果需更正"))).toBe(true);
    // a marked month stops the evaluation's correction from being published
    expect((await hr.mutate("annual.correct", { year: 2022, reason: "随6月通报更正" })).ok).toBe(true);
    const refused = await hr.mutate("annual.publish", { year: 2022 });
    expect(refused.ok).toBe(false);
    expect(refused.message).toContain("需更正");

    // the mistake undone by a second correction of June: the figures match again, the marks go
    expect((await stats.mutate("notices.correct", { period: "2022-06", reason: "恢复原数" })).ok).toBe(true);
    const again = await stats.query<{ rows: Array<{ unit: string; version: number }> }>("facts.get", { period: "2022-06" });
    const s2 = await stats.mutate("facts.save", { period: "2022-06", unit: "dayushu", values: row.values, version: again.data.rows.find((r) => r.unit === "dayushu")!.version });
    expect(s2.ok, describeResult(s2)).toBe(true);
    expect((await stats.mutate("notices.publish", { period: "2022-06", commentary: "恢复", acknowledgeWarnings: true })).ok).toBe(true);
    const after = await stats.query<Array<{ period: string; latest: boolean; needsCorrection: unknown }>>("notices.list", { year: 2022 });
    expect(after.data.filter((n) => n.latest && n.needsCorrection !== null)).toEqual([]);
    expect((await hr.query<{ needsCorrection: unknown }>("annual.get", { year: 2022 })).data.needsCorrection).toBeNull();
    const fixed = await hr.mutate("annual.publish", { year: 2022 });
    expect(fixed.ok, describeResult(fixed)).toBe(true);
  });
});
