/**
 * The rulebook studio's API (issue 11): the demo's 2023.1 draft beside the active
 * 2022.1, saving a draft with optimistic concurrency, removing one, activating from a chosen
 * month (never in or before a published one, never two versions from one month; published
 * months keep their scores), and the data the browser replays a year with.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_RULEBOOK, defaultDraftRulebook, type Rulebook } from "@scorecard/rules";
import { describeResult, createHarness, testDatabaseKinds, withoutSessionTables, type TestClient, type Harness } from "../test/harness";

interface Version {
  id: string;
  family: string;
  version: string;
  status: "draft" | "active";
  effectiveFrom: string;
  updatedAt: string;
  updatedBy: string | null;
}
interface Audit {
  action: string;
  user: string | null;
  target: string;
  before: unknown;
  after: unknown;
}
interface Ranking {
  units: Array<{ unit: string; rank: number | null; total: number }>;
}
interface WhatIf {
  year: number;
  rulebooks: Rulebook[];
  facts: Array<{ period: string; unit: string; values: Record<string, number> }>;
  adjustments: Array<{ period: string; unit: string; item: string; count: number }>;
  manual: unknown[];
  units: Array<{ key: string; name: string }>;
  periods: Array<{ period: string; status: string }>;
}

/** The draft with E4's points set, and anything else given. */
function variant(points: number, more: Partial<Rulebook> = {}): Rulebook {
  return {
    ...structuredClone(defaultDraftRulebook),
    ...more,
    sections: defaultDraftRulebook.sections.map((s) => ({ ...s, indicators: s.indicators.map((i) => (i.key === "E4" ? { ...i, points } : i)) })),
  };
}

describe.each(testDatabaseKinds())("the rulebook studio's API (%s)", (backend) => {
  let t: Harness;
  let hr: TestClient;
  let stats: TestClient;
  const list = async () => (await hr.query<Version[]>("rulebooks.list")).data;
  const audit = async () => (await (await t.as("admin")).query<Audit[]>("audit.list", { limit: 20 })).data;
  const draft = async (rb: Rulebook) => {
    const r = await hr.mutate<{ id: string }>("rulebooks.createDraft", { rulebook: rb });
    expect(r.ok, describeResult(r)).toBe(true);
    return r.data.id;
  };

  beforeAll(async () => {
    t = await createHarness(backend);
    [hr, stats] = await Promise.all([t.as("hr"), t.as("stats")]);
  }, 120_000);
  afterAll(() => t?.destroy());

  it("ships the 2023.1 revision as a draft beside the active 2022.1", async () => {
    const versions = await list();
    expect(versions.map((v) => [v.version, v.status, v.effectiveFrom])).toEqual([
      ["2022.1", "active", "2022-01"],
      ["2023.1", "draft", "2023-01"],
    ]);
    const got = await hr.query<{ meta: Version; rulebook: Rulebook }>("rulebooks.get", { id: versions[1]!.id });
    expect(got.data.rulebook).toEqual(defaultDraftRulebook);
    expect(got.data.meta.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("refuses every write and the what-if data to everyone but HR, in Chinese", async () => {
    const id = (await list()).find((v) => v.status === "draft")!.id;
    const meta = (await hr.query<{ meta: Version }>("rulebooks.get", { id })).data.meta;
    const before = withoutSessionTables(await t.dump());
    for (const username of ["admin", "stats", "leader1", "head-maixin"]) {
      const c = await t.as(username);
      for (const [proc, input, kind] of [
        ["rulebooks.saveDraft", { id, rulebook: variant(10), expectedAt: meta.updatedAt }, "mutate"],
        ["rulebooks.removeDraft", { id }, "mutate"],
        ["rulebooks.activate", { id, effectiveFrom: "2023-06" }, "mutate"],
        ["rulebooks.whatIfData", { year: 2022 }, "query"],
      ] as const) {
        const r = kind === "mutate" ? await c.mutate(proc, input) : await c.query(proc, input);
        expect(r.code, `${username} ${proc}`).toBe("FORBIDDEN");
        expect(r.message).toContain("仅限政治处");
      }
    }
    expect(await t.anonymous().query("rulebooks.whatIfData", { year: 2022 })).toMatchObject({ code: "UNAUTHORIZED" });
    expect(withoutSessionTables(await t.dump())).toEqual(before);
  });

  it("saves a draft, which get then returns with a new updatedAt, and audits the save", async () => {
    const id = await draft(variant(8, { version: "2023.2", effectiveFrom: "2023-07" }));
    const loaded = (await hr.query<{ meta: Version }>("rulebooks.get", { id })).data.meta;
    const edited = variant(10, { version: "2023.2", effectiveFrom: "2023-07", title: "开鲁县人民法院人民法庭审判执行工作目标绩效考核办法(2023年修订第二稿)" });
    const saved = await hr.mutate<{ savedAt: string }>("rulebooks.saveDraft", { id, rulebook: edited, expectedAt: loaded.updatedAt });
    expect(saved.ok, describeResult(saved)).toBe(true);
    const got = (await hr.query<{ meta: Version; rulebook: Rulebook }>("rulebooks.get", { id })).data;
    expect(got.rulebook).toEqual(edited);
    expect(got.meta).toMatchObject({ status: "draft", title: edited.title, updatedAt: saved.data.savedAt, updatedBy: "hr" });
    expect(got.meta.updatedAt > loaded.updatedAt).toBe(true);

    const entry = (await audit()).find((a) => a.action === "rulebooks.saveDraft")!;
    expect(entry).toMatchObject({ user: "hr", target: "kailu-tribunals 2023.2", before: { id, title: defaultDraftRulebook.title }, after: { id, title: edited.title, effectiveFrom: "2023-07", changes: [`基本信息:名称 ${defaultDraftRulebook.title} → ${edited.title}`, "E4 首执完毕率:分值 8 → 10"] } });
  });

  it("refuses a save from a stale view (CONFLICT, saying who saved when) and writes nothing", async () => {
    const id = await draft(variant(8, { version: "2023.3", effectiveFrom: "2023-08" }));
    const loaded = (await hr.query<{ meta: Version }>("rulebooks.get", { id })).data.meta;
    const first = await hr.mutate("rulebooks.saveDraft", { id, rulebook: variant(9, { version: "2023.3", effectiveFrom: "2023-08" }), expectedAt: loaded.updatedAt });
    expect(first.ok, describeResult(first)).toBe(true);
    const before = withoutSessionTables(await t.dump());
    const stale = await hr.mutate("rulebooks.saveDraft", { id, rulebook: variant(12, { version: "2023.3", effectiveFrom: "2023-08" }), expectedAt: loaded.updatedAt });
    expect(stale.code).toBe("CONFLICT");
    expect(stale.message).toContain("已被他人修改");
    expect(stale.message).toContain("政治处");
    expect(stale.message).toMatch(/\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d/);
    expect(withoutSessionTables(await t.dump())).toEqual(before);
  });

  it("lists every problem of an invalid rulebook with its JSON path, as createDraft does, and writes nothing", async () => {
    const id = (await list()).find((v) => v.version === "2023.1")!.id;
    const loaded = (await hr.query<{ meta: Version }>("rulebooks.get", { id })).data.meta;
    const bad = structuredClone(defaultDraftRulebook) as unknown as { bonusCap: number; sections: Array<{ indicators: Array<{ points: number }> }> };
    bad.bonusCap = -1;
    bad.sections[0]!.indicators[0]!.points = 0;
    const before = withoutSessionTables(await t.dump());
    const save = await hr.mutate("rulebooks.saveDraft", { id, rulebook: bad, expectedAt: loaded.updatedAt });
    const create = await hr.mutate("rulebooks.createDraft", { rulebook: bad });
    for (const r of [save, create]) {
      expect(r.code).toBe("BAD_REQUEST");
      const problems = (r.body as { error: { data: { problems: Array<{ path: string; zh: string }> } } }).error.data.problems;
      expect(problems.map((p) => p.path).sort()).toEqual(["$.bonusCap", "$.sections[0].indicators[0].points"]);
      expect(problems.every((p) => /[\u4e00-\u9fff]/.test(p.zh))).toBe(true);
    }
    expect((save.body as { error: { data: unknown } }).error.data).toMatchObject({ problems: (create.body as { error: { data: { problems: unknown } } }).error.data.problems });
    expect(withoutSessionTables(await t.dump())).toEqual(before);
  });

  it("refuses activation in or before the last published month, naming it, and writes nothing", async () => {
    const id = await draft(variant(10, { version: "2023.4", effectiveFrom: "2023-09" }));
    const before = withoutSessionTables(await t.dump());
    for (const effectiveFrom of ["2023-02", "2022-06"]) {
      const r = await hr.mutate("rulebooks.activate", { id, effectiveFrom });
      expect(r.code, effectiveFrom).toBe("BAD_REQUEST");
      expect(r.message).toContain("2023年2月及以前的考核通报已发布");
      expect(r.message).toContain("最早只能从2023年3月起生效");
    }
    expect(withoutSessionTables(await t.dump())).toEqual(before);
  });

  it("activates from a later month: published months keep their scores, the body carries the month, the audit records it; a second version from that month is refused", async () => {
    const ranking = async (period: string) => (await hr.query<Ranking>("scores.ranking", { period })).data.units.map((u) => [u.unit, u.rank, u.total]);
    const [feb, march] = [await ranking("2023-02"), await ranking("2023-03")];
    const id = await draft(variant(16, { version: "2023.5", effectiveFrom: "2023-01" }));

    const r = await hr.mutate("rulebooks.activate", { id, effectiveFrom: "2023-04" });
    expect(r.ok, describeResult(r)).toBe(true);
    const got = (await hr.query<{ meta: Version; rulebook: Rulebook }>("rulebooks.get", { id })).data;
    expect(got.meta).toMatchObject({ status: "active", effectiveFrom: "2023-04", updatedBy: "hr" });
    expect(got.rulebook.effectiveFrom).toBe("2023-04");
    expect(await ranking("2023-02")).toEqual(feb);
    expect(await ranking("2023-03")).toEqual(march);
    expect((await hr.query<{ rulebook: Rulebook }>("rulebooks.inForce", { period: "2023-04" })).data.rulebook.version).toBe("2023.5");
    expect((await hr.query<{ rulebook: Rulebook }>("rulebooks.inForce", { period: "2023-03" })).data.rulebook.version).toBe("2022.1");
    expect((await audit()).find((a) => a.action === "rulebooks.activate")).toMatchObject({
      user: "hr",
      target: "kailu-tribunals 2023.5",
      before: { id, status: "draft", effectiveFrom: "2023-01" },
      after: { id, status: "active", effectiveFrom: "2023-04" },
    });

    const second = await draft(variant(12, { version: "2023.6", effectiveFrom: "2023-04" }));
    const before = withoutSessionTables(await t.dump());
    const clash = await hr.mutate("rulebooks.activate", { id: second, effectiveFrom: "2023-04" });
    expect(clash.code).toBe("BAD_REQUEST");
    expect(clash.message).toContain("已有自2023年4月起生效的版本 2023.5");
    expect(await hr.mutate("rulebooks.activate", { id })).toMatchObject({ code: "BAD_REQUEST", message: "这个版本已经启用。" });
    expect(withoutSessionTables(await t.dump())).toEqual(before);
  });

  it("refuses a second version with a label the family already has, on create and on save, and writes nothing", async () => {
    const before = withoutSessionTables(await t.dump());
    for (const version of ["2022.1", "2023.1"]) {
      const r = await hr.mutate("rulebooks.createDraft", { rulebook: variant(10, { version }) });
      expect(r.code).toBe("BAD_REQUEST");
      expect(r.message).toContain(`已有版本号为 ${version} 的`);
    }
    expect(withoutSessionTables(await t.dump())).toEqual(before);
    const id = await draft(variant(10, { version: "2023.8", effectiveFrom: "2023-11" }));
    const meta = (await hr.query<{ meta: Version }>("rulebooks.get", { id })).data.meta;
    const renamed = await hr.mutate("rulebooks.saveDraft", { id, rulebook: variant(10, { version: "2022.1", effectiveFrom: "2023-11" }), expectedAt: meta.updatedAt });
    expect(renamed.code).toBe("BAD_REQUEST");
    expect(renamed.message).toContain("请换一个版本号");
    // its own label is its own
    const kept = await hr.mutate("rulebooks.saveDraft", { id, rulebook: variant(9, { version: "2023.8", effectiveFrom: "2023-11" }), expectedAt: meta.updatedAt });
    expect(kept.ok, describeResult(kept)).toBe(true);
    expect((await hr.mutate("rulebooks.removeDraft", { id })).ok).toBe(true);
  });

  it("removes a draft (audited), never an active version", async () => {
    const versions = await list();
    const active = versions.find((v) => v.version === "2022.1")!;
    const before = withoutSessionTables(await t.dump());
    const refused = await hr.mutate("rulebooks.removeDraft", { id: active.id });
    expect(refused.code).toBe("BAD_REQUEST");
    expect(refused.message).toContain("已经启用");
    const meta = (await hr.query<{ meta: Version }>("rulebooks.get", { id: active.id })).data.meta;
    expect((await hr.mutate("rulebooks.saveDraft", { id: active.id, rulebook: DEFAULT_RULEBOOK, expectedAt: meta.updatedAt })).code).toBe("BAD_REQUEST");
    expect(withoutSessionTables(await t.dump())).toEqual(before);

    const id = await draft(variant(10, { version: "2023.7", effectiveFrom: "2023-10" }));
    const removed = await hr.mutate("rulebooks.removeDraft", { id });
    expect(removed.ok, describeResult(removed)).toBe(true);
    expect((await list()).some((v) => v.id === id)).toBe(false);
    expect((await hr.query("rulebooks.get", { id })).code).toBe("NOT_FOUND");
    expect((await hr.mutate("rulebooks.removeDraft", { id })).code).toBe("NOT_FOUND");
    expect((await audit()).find((a) => a.action === "rulebooks.removeDraft")).toMatchObject({ user: "hr", target: "kailu-tribunals 2023.7", before: { id, version: "2023.7" }, after: null });
  });

  it("gives the browser a year's data: the active versions, the units, and each published month's figures as published, not as since corrected", { timeout: 60_000 }, async () => {
    const y2022 = (await hr.query<WhatIf>("rulebooks.whatIfData", { year: 2022 })).data;
    expect(y2022.year).toBe(2022);
    expect(y2022.rulebooks.map((r) => r.version)).toEqual(["2022.1", "2023.5"]);
    expect(y2022.units).toHaveLength(8);
    expect(y2022.units.find((u) => u.key === "maixin")).toEqual({ key: "maixin", name: "麦新人民法庭" });
    expect(y2022.periods).toEqual(Array.from({ length: 12 }, (_, i) => ({ period: `2022-${String(i + 1).padStart(2, "0")}`, status: "published" })));
    expect(y2022.facts).toHaveLength(96);
    expect(y2022.adjustments.every((a) => a.period.startsWith("2022-"))).toBe(true);

    // a correction of February: the stored figure changes, the published one stays until it is republished
    expect((await stats.mutate("notices.correct", { period: "2023-02", reason: "核对执行结案数" })).ok).toBe(true);
    const feb = (await stats.query<{ rows: Array<{ unit: string; values: Record<string, number>; version: number }> }>("facts.get", { period: "2023-02" })).data.rows.find((r) => r.unit === "maixin")!;
    const saved = await stats.mutate("facts.save", { period: "2023-02", unit: "maixin", values: { ...feb.values, enf_closed: feb.values.enf_closed! + 5 }, version: feb.version });
    expect(saved.ok, describeResult(saved)).toBe(true);
    const march = (await stats.query<{ rows: Array<{ unit: string; values: Record<string, number> }> }>("facts.get", { period: "2023-03" })).data.rows;

    const y2023 = (await hr.query<WhatIf>("rulebooks.whatIfData", { year: 2023 })).data;
    expect(y2023.periods.filter((p) => p.period.startsWith("2023-"))).toEqual([
      { period: "2023-01", status: "published" },
      { period: "2023-02", status: "correcting" },
      { period: "2023-03", status: "review" },
    ]);
    expect(y2023.periods.filter((p) => p.period.startsWith("2022-"))).toHaveLength(12);
    expect(y2023.facts).toHaveLength(8 * 15);
    expect(y2023.facts.find((f) => f.period === "2023-02" && f.unit === "maixin")!.values).toEqual(feb.values);
    for (const row of march) expect(y2023.facts.find((f) => f.period === "2023-03" && f.unit === row.unit)!.values).toEqual(row.values);

    // a month being corrected still counts as published for activation
    const id = await draft(variant(10, { version: "2023.8", effectiveFrom: "2023-11" }));
    expect((await hr.mutate("rulebooks.activate", { id, effectiveFrom: "2023-03" })).ok).toBe(true);
    const id2 = await draft(variant(10, { version: "2023.9", effectiveFrom: "2023-11" }));
    expect((await hr.mutate("rulebooks.activate", { id: id2, effectiveFrom: "2023-02" })).message).toContain("2023年2月及以前的考核通报已发布");
  });
});
