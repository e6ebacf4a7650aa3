/**
 * A full disk (issue 17, item 5): the SQLite database on a small tmpfs the test mounts (as root;
 * where it may not mount, the test is skipped by name with the reason). With the filesystem full,
 * a save answers 503 SERVICE_UNAVAILABLE with 磁盘已满 on /trpc and 507 on /files — never a bare
 * 500 or "cannot rollback" — the database stays intact (`PRAGMA integrity_check`), reads go on,
 * and when space returns writes resume without a restart.
 */
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, rmdirSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "./start";
import { ApiClient, describeResult } from "./test-server";

/** Mounts a 64 MB tmpfs; null and the reason when it cannot. */
function mountSmallDisk(): { dir: string; reason: null } | { dir: null; reason: string } {
  if (process.getuid?.() !== 0) return { dir: null, reason: "不是 root,不能挂载 tmpfs;.ci/run 以 root 运行它" };
  const dir = mkdtempSync(join(tmpdir(), "scorecard-full-disk-"));
  const r = spawnSync("mount", ["-t", "tmpfs", "-o", "size=64m", "tmpfs", dir], { encoding: "utf8" });
  if (r.status !== 0) {
    rmdirSync(dir);
    return { dir: null, reason: `不能挂载 tmpfs:${(r.stderr || r.error?.message || "").trim()}` };
  }
  return { dir, reason: null };
}

const disk = mountSmallDisk();

/** Fills the filesystem at `dir` to the last byte; returns the filler's path. */
function fill(dir: string): string {
  const path = join(dir, "filler");
  const fd = openSync(path, "w");
  for (const size of [1 << 20, 1 << 12, 1 << 9, 1]) {
    const chunk = Buffer.alloc(size, 1);
    try {
      for (;;) writeSync(fd, chunk);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOSPC") throw e;
    }
  }
  closeSync(fd);
  return path;
}

type FactsGet = { rows: Array<{ unit: string; values: Record<string, number>; version: number }> };

describe.skipIf(disk.dir === null)(`the SQLite file on a full filesystem${disk.reason ? `(跳过:${disk.reason})` : ""}`, () => {
  const dir = disk.dir!;
  const file = join(dir ?? "", "scorecard.db");
  let server: RunningServer;
  let stats: ApiClient;

  beforeAll(async () => {
    server = await startServer({ databaseUrl: file, demo: true, host: "127.0.0.1", port: 0, logger: false });
    stats = new ApiClient(server.url);
    expect((await stats.login("stats", "kailu-demo")).ok).toBe(true);
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    if (dir) {
      spawnSync("umount", [dir]);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a save answers 磁盘已满 (503 on /trpc, 507 on /files), nothing is corrupt, and writes resume when space returns", { timeout: 120_000 }, async () => {
    const periods = (await stats.query<Array<{ period: string; status: string }>>("periods.list")).data;
    const open = periods.find((p) => p.status === "collecting")?.period ?? periods[0]!.period;
    const template = await stats.fetch(`/files/facts-template?period=${open}`);
    expect(template.status).toBe(200);
    const workbook = Buffer.from(await template.arrayBuffer());
    const save = async (n: number) => {
      const row = (await stats.query<FactsGet>("facts.get", { period: open })).data.rows.find((r) => r.unit === "dayushu")!;
      return stats.mutate("facts.save", { period: open, unit: "dayushu", values: { ...row.values, trial_received: n }, version: row.version });
    };
    expect((await save(101)).ok).toBe(true);

    // the write-ahead log emptied (so that the next write must grow a file), then the disk filled
    const side = new BetterSqlite3(file);
    side.pragma("wal_checkpoint(TRUNCATE)");
    side.close();
    const filler = fill(dir);

    const refusals = [];
    for (let i = 0; i < 3; i++) {
      const r = await save(200 + i);
      refusals.push(r);
      expect(r.ok, "a save on a full disk is refused").toBe(false);
      expect(r.status, describeResult(r)).toBe(503);
      expect(r.code).toBe("SERVICE_UNAVAILABLE");
      expect(r.message).toContain("磁盘已满");
      expect(r.headers.get("retry-after")).toBeTruthy();
    }
    const upload = await stats.files(`/files/facts-import?period=${open}&name=${encodeURIComponent("考核数据.xlsx")}`, {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: workbook,
    });
    expect(upload.status, describeResult(upload)).toBe(507);
    expect(upload.message).toContain("磁盘已满");
    // reads go on
    const read = await stats.query<FactsGet>("facts.get", { period: open });
    expect(read.ok, describeResult(read)).toBe(true);
    expect(read.data.rows.find((r) => r.unit === "dayushu")!.values.trial_received).toBe(101);

    // space returns: the next save succeeds, same server
    rmSync(filler);
    const again = await save(300);
    expect(again.ok, describeResult(again)).toBe(true);
    const after = await stats.query<FactsGet>("facts.get", { period: open });
    expect(after.data.rows.find((r) => r.unit === "dayushu")!.values.trial_received).toBe(300);

    const check = new BetterSqlite3(file, { readonly: true });
    expect(check.pragma("integrity_check", { simple: true })).toBe("ok");
    check.close();
    console.log(`full disk: ${refusals.length} saves and an upload refused — “${refusals[0]!.message}” (503, /files 507); integrity_check ok; the next save after space returned succeeded`);
  });
});
