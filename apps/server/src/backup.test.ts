/**
 * Backup while the server runs, and restore bringing every table back exactly (product.md "Data
 * that must never be lost"), through the server's own database connection.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backupDatabase, readBackupFile, restoreDatabase } from "@scorecard/db";
import { describeResult, startTestServer, testBackends, type ApiClient, type TestServer } from "./test-server";

interface Facts {
  rows: Array<{ unit: string; values: Record<string, number>; version: number }>;
}

describe.each(testBackends())("backup and restore on a running server (%s)", (backend) => {
  let t: TestServer;
  let dir: string;
  let stats: ApiClient;
  let admin: ApiClient;

  beforeAll(async () => {
    t = await startTestServer(backend);
    dir = mkdtempSync(join(tmpdir(), "scorecard-server-backup-"));
    [stats, admin] = await Promise.all([t.login("stats"), t.login("admin")]);
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const dayushu = async () => (await stats.query<Facts>("facts.get", { period: "2023-03" })).data.rows.find((r) => r.unit === "dayushu")!;
  const total = async () =>
    (await stats.query<{ units: Array<{ unit: string; total: number }> }>("scores.ranking", { period: "2023-03" })).data.units.find((u) => u.unit === "dayushu")!.total;

  it("backs up a consistent copy while requests run, and restore brings back every table exactly", { timeout: 60_000 }, async () => {
    // some history of our own first: a save, an adjustment, an account
    const row = await dayushu();
    expect((await stats.mutate("facts.save", { period: "2023-03", unit: "dayushu", values: { ...row.values, trial_closed: row.values.trial_closed! + 40 }, version: row.version })).ok).toBe(true);
    expect((await stats.mutate("adjustments.add", { period: "2023-03", unit: "maixin", item: "P1", count: 1, note: "备份前" })).ok).toBe(true);
    expect((await admin.mutate("users.create", { username: "before-backup", name: "备份前", role: "hr", password: "before-backup-1" })).ok).toBe(true);

    const original = await t.dump();
    const totalBefore = await total();
    const file = join(dir, "backup.json");

    // readers keep the server busy while the copy is taken
    const busy = Promise.all(Array.from({ length: 20 }, (_, i) => stats.query("scores.ranking", { period: `2022-${String((i % 12) + 1).padStart(2, "0")}`, window: i % 2 ? "month" : "ytd" })));
    const result = await backupDatabase(t.server.db, file);
    expect((await busy).every((r) => r.ok)).toBe(true);
    expect(result.tables.facts).toBe(original.facts.length);
    expect(result.tables.audit_log).toBe(original.audit_log.length);
    expect(readBackupFile(file).tables).toEqual(original);

    // then life goes on: more figures, adjustments, accounts, a review ended, a new session
    const saved = await stats.mutate("facts.save", { period: "2023-03", unit: "dayushu", values: { ...row.values, trial_closed: row.values.trial_closed! + 10 }, version: row.version + 1 });
    expect(saved.ok, describeResult(saved)).toBe(true);
    const adj = await stats.mutate<{ id: string }>("adjustments.add", { period: "2023-03", unit: "dayushu", item: "B1", count: 2, note: "备份后" });
    expect(adj.ok).toBe(true);
    expect((await admin.mutate("users.create", { username: "after-backup", name: "备份后", role: "stats", password: "after-backup-1" })).ok).toBe(true);
    expect((await stats.mutate("periods.reopen", { period: "2023-03" })).ok).toBe(true);
    const late = await t.login("after-backup", "after-backup-1");
    expect(await total()).not.toBe(totalBefore);
    expect(await t.dump()).not.toEqual(original);

    const restored = await restoreDatabase(t.server.db, file);
    expect(restored.tables.users).toBe(original.users.length);
    // every table as it was, except that a restore ends every session (none signed out since the copy comes back)
    expect(await t.dump()).toEqual({ ...original, sessions: [] });

    // the running server serves the restored data: every session ends, those from before the
    // backup too, and the scores are those of the restored figures
    expect((await late.query("auth.me")).code).toBe("UNAUTHORIZED");
    expect((await stats.query("auth.me")).code).toBe("UNAUTHORIZED");
    [stats, admin] = await Promise.all([t.login("stats"), t.login("admin")]);
    expect((await dayushu()).values.trial_closed).toBe(row.values.trial_closed! + 40);
    expect(await total()).toBe(totalBefore);
    expect((await admin.query<Array<{ username: string }>>("users.list")).data.map((u) => u.username)).not.toContain("after-backup");

    // and new audit entries continue after the restored ones
    const lastId = Math.max(...original.audit_log.map((e) => Number(e.id)));
    expect((await stats.mutate("adjustments.remove", { id: adj.data.id })).code).toBe("NOT_FOUND");
    expect((await stats.mutate("adjustments.add", { period: "2023-03", unit: "jianhua", item: "B2", count: 1 })).ok).toBe(true);
    const audit = await admin.query<Array<{ id: number; action: string }>>("audit.list", { limit: 1 });
    expect(audit.data[0]).toMatchObject({ id: lastId + 1, action: "adjustments.add" });
  });

  it("backs up the same data twice to identical tables", { timeout: 30_000 }, async () => {
    const a = join(dir, "a.json");
    const b = join(dir, "b.json");
    await backupDatabase(t.server.db, a);
    await backupDatabase(t.server.db, b);
    expect(readBackupFile(b).tables).toEqual(readBackupFile(a).tables);
  });
});
