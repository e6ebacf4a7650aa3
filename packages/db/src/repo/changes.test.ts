import { join } from "node:path";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { afterEach, describe, expect, it } from "vitest";
import { backupDatabase, restoreDatabase } from "../backup";
import { openDatabase, type Db } from "../connect";
import { appendAudit, changesSince, dataRevision, latestChange, recordChange } from "./audit";
import { setPeriod, untouchedPeriod, insertUnit } from "./court";
import { activateRulebook, deleteAdjustment, insertAdjustment, writeFacts } from "./data";
import { writeManualScore } from "./manual";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../testing";

const open: TestDatabase[] = [];
const others: Db[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const db of others.splice(0)) await db.close();
  for (const db of open.splice(0)) await db.destroy();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function fresh(kind: Parameters<typeof createTestDatabase>[0]): Promise<TestDatabase> {
  const db = await createTestDatabase(kind);
  open.push(db);
  for (const [key, name] of [["dayushu", "大榆树人民法庭"], ["maixin", "麦新人民法庭"], ["dongfeng", "东风人民法庭"]])
    await insertUnit(db.kysely, { key: key!, name: name!, active: true }, "2023-01-01T00:00:00.000Z");
  return db;
}

const AT = "2023-04-01T08:00:00.000Z";

describe.each(testDatabaseKinds())("the log of changes on %s", (kind) => {
  it("records each write of scored data with the revision it moved to, in order, and an audit entry moves nothing", async () => {
    const db = await fresh(kind);
    const start = await latestChange(db.kysely);
    expect(start.revision).toBe(await dataRevision(db.kysely));
    expect(await changesSince(db.kysely, start.seq)).toEqual({ seq: start.seq, revision: start.revision, changes: [], complete: true });

    await appendAudit(db.kysely, { username: "stats", action: "noop", target: "x" }, AT);
    expect(await dataRevision(db.kysely)).toBe(start.revision);

    await writeFacts(db.kysely, { period: "2023-03", unit: "dayushu", values: { trial_closed: 27 }, expected: 0, by: "stats", at: AT });
    await insertAdjustment(db.kysely, { id: "a1", period: "2023-02", unit: "dayushu", item: "X1", count: 1, note: null, evidence: null, createdBy: "stats", createdAt: AT });
    await deleteAdjustment(db.kysely, "a1", AT);
    await deleteAdjustment(db.kysely, "a1", AT); // gone already: nothing changes
    await writeManualScore(db.kysely, { row: { period: "2023-01", unit: "dayushu", indicator: "M1", score: 6, reason: "好" }, by: "hr", at: AT });
    await setPeriod(db.kysely, { ...untouchedPeriod("2023-03"), status: "review" }, "stats", AT);
    await activateRulebook(db.kysely, "missing", AT); // no such version: nothing changes

    const after = await changesSince(db.kysely, start.seq);
    expect(after.changes).toEqual([
      { scope: "facts", period: "2023-03" },
      { scope: "adjustments", period: "2023-02" },
      { scope: "adjustments", period: "2023-02" },
      { scope: "manual", period: "2023-01" },
      { scope: "periods", period: "2023-03" },
    ]);
    expect(after.revision).toBe(await dataRevision(db.kysely));
    expect(after.revision).not.toBe(start.revision);
    expect(after.complete).toBe(true);
    expect(after.seq).toBe((await latestChange(db.kysely)).seq);

    // asked again from where the last answer ended: nothing new
    expect(await changesSince(db.kysely, after.seq)).toEqual({ seq: after.seq, revision: after.revision, changes: [], complete: true });
    // from the middle: only what came after
    const mid = await changesSince(db.kysely, after.seq - 2);
    expect(mid.changes).toEqual([
      { scope: "manual", period: "2023-01" },
      { scope: "periods", period: "2023-03" },
    ]);
  });

  it("logs a month once per transaction, commits the change with the data or not at all, and is seen by another connection", async () => {
    const db = await fresh(kind);
    const second = await openDatabase(db.url);
    others.push(second);
    const start = await latestChange(db.kysely);

    await db.kysely.transaction().execute(async (trx) => {
      for (const unit of ["dayushu", "maixin", "dongfeng"])
        await writeFacts(trx, { period: "2023-03", unit, values: { trial_closed: 1 }, expected: 0, by: "stats", at: AT });
      await writeFacts(trx, { period: "2023-04", unit: "dayushu", values: { trial_closed: 1 }, expected: 0, by: "stats", at: AT });
    });
    const seen = await changesSince(second.kysely, start.seq);
    expect(seen.changes).toEqual([
      { scope: "facts", period: "2023-03" },
      { scope: "facts", period: "2023-04" },
    ]);
    expect(seen.revision).toBe(await dataRevision(db.kysely));

    // a transaction that fails leaves neither the data nor the change nor a new revision
    await expect(
      db.kysely.transaction().execute(async (trx) => {
        await recordChange(trx, { scope: "facts", period: "2023-05" }, AT);
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    const later = await changesSince(second.kysely, seen.seq);
    expect(later).toEqual({ seq: seen.seq, revision: seen.revision, changes: [], complete: true });

    // a change logged after one rolled back is seen (a number skipped by the rollback is no gap)
    await recordChange(db.kysely, { scope: "units" }, AT);
    const next = await changesSince(second.kysely, seen.seq);
    expect(next.changes).toEqual([{ scope: "units" }]);
    expect(next.complete).toBe(true);
  });

  it("says it cannot tell when the revision moved without a change logged", async () => {
    const db = await fresh(kind);
    const start = await latestChange(db.kysely);
    await db.kysely.updateTable("data_revision").set({ revision: "written-by-hand" }).where("id", "=", 1).execute();
    expect(await changesSince(db.kysely, start.seq)).toMatchObject({ revision: "written-by-hand", changes: [], complete: false });
    // nor when the change asked from is no longer in the log
    await recordChange(db.kysely, { scope: "units" }, AT);
    const now = await latestChange(db.kysely);
    await db.kysely.deleteFrom("data_changes").where("seq", "<", now.seq).execute();
    expect(await changesSince(db.kysely, start.seq)).toMatchObject({ changes: [{ scope: "units" }], complete: false });
    expect(await changesSince(db.kysely, now.seq)).toMatchObject({ changes: [], complete: true });
  });

  it("a restore logs one change of everything, after the changes before it", async () => {
    const db = await fresh(kind);
    await writeFacts(db.kysely, { period: "2023-03", unit: "dayushu", values: { trial_closed: 27 }, expected: 0, by: "stats", at: AT });
    const dir = mkdtempSync(join(tmpdir(), "scorecard-changes-"));
    dirs.push(dir);
    const file = join(dir, "backup.json");
    await backupDatabase(db, file);
    const before = await latestChange(db.kysely);
    await restoreDatabase(db, file, "2023-05-01T00:00:00.000Z");
    const after = await changesSince(db.kysely, before.seq);
    expect(after.changes).toEqual([{ scope: "all" }]);
    expect(after.complete).toBe(true);
    expect(after.revision).not.toBe(before.revision);
    const row = await db.kysely.selectFrom("data_changes").selectAll().where("seq", "=", after.seq).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ scope: "all", period: null, at: "2023-05-01T00:00:00.000Z", revision: after.revision });
  });
});
