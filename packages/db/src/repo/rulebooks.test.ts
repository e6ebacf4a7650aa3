import { afterEach, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { DEFAULT_RULEBOOK, defaultDraftRulebook, type Rulebook } from "@scorecard/rules";
import { activateRulebook, deleteRulebookDraft, getRulebook, insertRulebook, listRulebooks, updateRulebookDraft } from "./data";
import { applyMigrations } from "../migrate";
import { migrationsFor } from "../migrations";
import { createTestDatabase, dumpTables, testDatabaseKinds, type TestDatabase } from "../testing";

const open: TestDatabase[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.destroy();
});

async function fresh(kind: Parameters<typeof createTestDatabase>[0]): Promise<TestDatabase> {
  const db = await createTestDatabase(kind);
  open.push(db);
  await insertRulebook(db.kysely, { id: "a", rulebook: DEFAULT_RULEBOOK, status: "active", by: null, at: "2022-01-01T00:00:00.000Z" });
  await insertRulebook(db.kysely, { id: "d", rulebook: defaultDraftRulebook, status: "draft", by: "hr", at: "2023-03-01T00:00:00.000Z" });
  return db;
}

const edited = (points: number): Rulebook => ({
  ...defaultDraftRulebook,
  title: "2023年修订(第二稿)",
  sections: defaultDraftRulebook.sections.map((s) => ({ ...s, indicators: s.indicators.map((i) => (i.key === "E4" ? { ...i, points } : i)) })),
});

describe.each(testDatabaseKinds())("rulebook drafts on %s", (kind) => {
  it("saves a draft edited from its current updatedAt, giving it a new one, and refuses a save from a stale one, writing nothing", async () => {
    const db = await fresh(kind);
    const loaded = (await getRulebook(db.kysely, "d"))!;
    expect(loaded.meta).toMatchObject({ status: "draft", updatedAt: "2023-03-01T00:00:00.000Z", updatedBy: "hr" });

    const first = await updateRulebookDraft(db.kysely, { id: "d", rulebook: edited(10), expectedAt: loaded.meta.updatedAt, by: "hr2", at: "2023-03-02T00:00:00.000Z" });
    expect(first).toMatchObject({ saved: true, savedAt: "2023-03-02T00:00:00.000Z" });
    if (!first.saved) throw new Error("not saved");
    expect(first.before.rulebook).toEqual(defaultDraftRulebook);
    const after = (await getRulebook(db.kysely, "d"))!;
    expect(after.meta).toMatchObject({ title: "2023年修订(第二稿)", updatedAt: "2023-03-02T00:00:00.000Z", updatedBy: "hr2" });
    expect(after.rulebook.sections[1]!.indicators.find((i) => i.key === "E4")!.points).toBe(10);

    // a second editor still holding the first load is refused, and nothing changes
    const before = await dumpTables(db);
    expect(await updateRulebookDraft(db.kysely, { id: "d", rulebook: edited(12), expectedAt: loaded.meta.updatedAt, by: "hr3", at: "2023-03-03T00:00:00.000Z" })).toEqual({
      saved: false,
      reason: "stale",
      updatedAt: "2023-03-02T00:00:00.000Z",
      updatedBy: "hr2",
    });
    expect(await dumpTables(db)).toEqual(before);
  });

  it("gives two saves within one millisecond different updatedAt, so the second editor's stale view is still caught", async () => {
    const db = await fresh(kind);
    const at = "2023-03-01T00:00:00.000Z"; // the draft's own creation time
    const a = await updateRulebookDraft(db.kysely, { id: "d", rulebook: edited(9), expectedAt: at, by: "hr", at });
    expect(a).toMatchObject({ saved: true, savedAt: "2023-03-01T00:00:00.001Z" });
    expect(await updateRulebookDraft(db.kysely, { id: "d", rulebook: edited(11), expectedAt: at, by: "hr", at })).toMatchObject({ saved: false, reason: "stale" });
  });

  it("never saves over or deletes an active version, and says when a draft is gone", async () => {
    const db = await fresh(kind);
    const active = (await getRulebook(db.kysely, "a"))!;
    expect(await updateRulebookDraft(db.kysely, { id: "a", rulebook: edited(10), expectedAt: active.meta.updatedAt, by: "hr", at: "2023-03-02T00:00:00.000Z" })).toEqual({ saved: false, reason: "active" });
    expect(await deleteRulebookDraft(db.kysely, "a")).toBe(false);
    expect(await getRulebook(db.kysely, "a")).toEqual(active);

    expect(await deleteRulebookDraft(db.kysely, "d")).toBe(true);
    expect((await listRulebooks(db.kysely)).map((r) => r.id)).toEqual(["a"]);
    expect(await updateRulebookDraft(db.kysely, { id: "d", rulebook: edited(10), expectedAt: "2023-03-01T00:00:00.000Z", by: "hr", at: "2023-03-02T00:00:00.000Z" })).toEqual({ saved: false, reason: "missing" });
    expect(await deleteRulebookDraft(db.kysely, "d")).toBe(false);
  });

  it("activates from a chosen month: the listing and the stored body both carry it", async () => {
    const db = await fresh(kind);
    await activateRulebook(db.kysely, "d", "2023-03-05T00:00:00.000Z", "2023-04", "hr");
    const r = (await getRulebook(db.kysely, "d"))!;
    expect(r.meta).toMatchObject({ status: "active", effectiveFrom: "2023-04", activatedAt: "2023-03-05T00:00:00.000Z", updatedAt: "2023-03-05T00:00:00.000Z", updatedBy: "hr" });
    expect(r.rulebook).toEqual({ ...defaultDraftRulebook, effectiveFrom: "2023-04" });
  });
});

describe.each(testDatabaseKinds())("the updated_at migration on %s", (kind) => {
  it("gives every stored version its activation time, else its creation time, and its creator", async () => {
    const db = await createTestDatabase(kind, { migrate: false });
    open.push(db);
    const all = migrationsFor(db.dialect);
    const upTo6 = Object.fromEntries(Object.entries(all).filter(([name]) => name < "0007"));
    await applyMigrations(db, upTo6);
    await sql`insert into rulebooks (id, family, version, title, status, effective_from, body, created_by, created_at, activated_at) values
      ('a', 'kailu-tribunals', '2022.1', 't', 'active', '2022-01', ${JSON.stringify(DEFAULT_RULEBOOK)}, null, '2022-01-01T00:00:00.000Z', '2022-01-02T00:00:00.000Z'),
      ('d', 'kailu-tribunals', '2023.1', 't', 'draft', '2023-01', ${JSON.stringify(defaultDraftRulebook)}, 'hr', '2023-03-01T00:00:00.000Z', null)`.execute(db.kysely);
    expect(await applyMigrations(db, all)).toEqual({ applied: Object.keys(all).filter((name) => name >= "0007") });
    const rows = await listRulebooks(db.kysely);
    expect(rows.map((r) => [r.id, r.updatedAt, r.updatedBy])).toEqual([
      ["a", "2022-01-02T00:00:00.000Z", null],
      ["d", "2023-03-01T00:00:00.000Z", "hr"],
    ]);
  });
});
