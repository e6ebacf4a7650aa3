/**
 * Files and sessions (issue 17, item 4): the SQLite database and its WAL/SHM are the owner's only
 * (0600), also after a restore; a restore ends every session; a session ends 12 hours after sign-in
 * however busy; API answers and documents are not cached; a request Node or the router refuses
 * itself (431, 414) is answered in Chinese with the security headers.
 */
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backupDatabase, openDatabase, restoreDatabase } from "@scorecard/db";
import { SECURITY_HEADERS } from "./security";
import { describeResult, startTestServer, type TestServer } from "./test-server";

const HOUR = 60 * 60 * 1000;
const modeOf = (f: string) => (statSync(f).mode & 0o777).toString(8);

describe("files and sessions (sqlite)", () => {
  let t: TestServer;
  let now = new Date("2023-04-03T02:00:00Z").getTime();
  let dir: string;

  beforeAll(async () => {
    t = await startTestServer("sqlite", { clock: () => new Date(now) });
    dir = mkdtempSync(join(tmpdir(), "scorecard-sessions-"));
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("the database file and its WAL and SHM are 0600, and an older 0644 file is made 0600 when opened", async () => {
    const file = t.databaseUrl;
    for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) expect(modeOf(f), f).toBe("600");
    expect(existsSync(`${file}-wal`)).toBe(true);

    const old = join(dir, "old.db");
    const db0 = await openDatabase(old);
    await db0.close();
    chmodSync(old, 0o644);
    const db1 = await openDatabase(old);
    for (const f of [old, `${old}-wal`, `${old}-shm`]) if (existsSync(f)) expect(modeOf(f), f).toBe("600");
    await db1.close();
  });

  it("a restore ends every session, and the restored database stays 0600", { timeout: 60_000 }, async () => {
    const stats = await t.login("stats");
    expect((await stats.query("periods.list")).ok).toBe(true);
    const backup = join(dir, "backup.json");
    await backupDatabase(t.server.db, backup);
    const later = await t.login("hr"); // signed in after the copy
    await restoreDatabase(t.server.db, backup);
    for (const c of [stats, later]) {
      const r = await c.query("periods.list");
      expect(r.code, describeResult(r)).toBe("UNAUTHORIZED");
    }
    for (const f of [t.databaseUrl, `${t.databaseUrl}-wal`, `${t.databaseUrl}-shm`]) if (existsSync(f)) expect(modeOf(f), f).toBe("600");
  });

  it("a session in use ends 12 hours after sign-in (the idle limit is 8 hours)", async () => {
    const head = await t.login("head-dayushu");
    for (let h = 1; h <= 11; h++) {
      now += HOUR;
      const r = await head.query("periods.list");
      expect(r.ok, `${h} h: ${describeResult(r)}`).toBe(true);
    }
    now += HOUR + 60_000;
    const r = await head.query("periods.list");
    expect(r.code, describeResult(r)).toBe("UNAUTHORIZED");
    expect((await head.login("head-dayushu", "kailu-demo")).ok).toBe(true);
    expect((await head.query("periods.list")).ok).toBe(true);
  });

  it("API answers and documents are not cached: Cache-Control no-store", async () => {
    const stats = await t.login("stats");
    const api = await stats.query("periods.list");
    expect(api.headers.get("cache-control")).toBe("no-store");
    const refused = await t.anonymous().query("periods.list");
    expect(refused.headers.get("cache-control")).toBe("no-store");
    const periods = (await stats.query<Array<{ period: string; status: string }>>("periods.list")).data;
    const published = periods.find((p) => p.status === "published")!.period;
    const doc = await stats.fetch(`/files/notice?period=${published}&format=docx`);
    expect(doc.status).toBe(200);
    expect(doc.headers.get("cache-control")).toBe("no-store");
  });

  it("431 (headers over 16 KB) and 414 (an over-long procedure name) in Chinese, with the security headers", async () => {
    const big = await fetch(`${t.url}/trpc/periods.list`, { headers: { cookie: `x=${"a".repeat(20_000)}` } });
    expect(big.status).toBe(431);
    const bigBody = (await big.json()) as { error: { message: string } };
    expect(bigBody.error.message).toMatch(/[\u4e00-\u9fff]/);
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(big.headers.get(name), name).toBe(value);

    const long = await fetch(`${t.url}/trpc/${"a".repeat(300)}`);
    expect(long.status).toBe(414);
    const longBody = (await long.json()) as { error: { message: string } };
    expect(longBody.error.message).toMatch(/[\u4e00-\u9fff]/);
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(long.headers.get(name), name).toBe(value);
  });
});
