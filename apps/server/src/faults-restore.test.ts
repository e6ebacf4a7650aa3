/**
 * A CLI restore over a running SQLite server (issue 17, items 5 and 6): saves in flight while
 * `scorecard restore` replaces every table are stored or refused in Chinese — never 500 "database
 * is locked" — and the server serves the restored data after it, without a restart.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeResult, scorecard, startTestServer, type ApiClient, type ApiResult, type TestServer } from "./test-server";

type FactsGet = { rows: Array<{ unit: string; values: Record<string, number>; version: number }> };

describe("a CLI restore over a running server (sqlite)", () => {
  let t: TestServer;
  let stats: ApiClient;
  let dir: string;

  beforeAll(async () => {
    t = await startTestServer("sqlite");
    stats = await t.login("stats");
    dir = mkdtempSync(join(tmpdir(), "scorecard-restore-live-"));
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("saves in flight are stored or refused in Chinese, never 500; the server serves after it", { timeout: 180_000 }, async () => {
    const file = join(dir, "backup.json");
    const backup = await scorecard(t.databaseUrl, ["backup", "--out", file]);
    expect(backup.code, backup.stderr).toBe(0);

    const periods = (await stats.query<Array<{ period: string; status: string }>>("periods.list")).data;
    const open = periods.find((p) => p.status === "collecting")?.period ?? periods[0]!.period;
    const results: ApiResult[] = [];
    let running = true;
    let signIns = 0;
    const writer = async (unit: string) => {
      let n = 0;
      let client = await t.login("stats");
      while (running) {
        const got = await client.query<FactsGet>("facts.get", { period: open });
        results.push(got);
        if (got.status === 401) {
          // a restore ends every session: the user signs in again, as in the portal
          client = await t.login("stats");
          signIns++;
          continue;
        }
        if (!got.ok) continue;
        const row = got.data.rows.find((r) => r.unit === unit)!;
        results.push(await client.mutate("facts.save", { period: open, unit, values: { ...row.values, trial_received: 500 + (n++ % 100) }, version: row.version }));
      }
    };
    const writers = [writer("dayushu"), writer("maixin")];
    const restores = [];
    for (let i = 0; i < 2; i++) {
      await new Promise((r) => setTimeout(r, 300));
      restores.push(await scorecard(t.databaseUrl, ["restore", "--from", file]));
    }
    running = false;
    await Promise.all(writers);

    for (const r of restores) expect(r.code, r.stderr).toBe(0);
    const failed = results.filter((r) => !r.ok);
    // a save whose data the restore replaced is told so (CONFLICT) or asked to retry (503), in Chinese; never 500
    for (const r of failed) {
      expect(r.status === 503 || r.status < 500, describeResult(r)).toBe(true);
      expect(r.message, describeResult(r)).toMatch(/[\u4e00-\u9fff]/);
      expect(r.message).not.toMatch(/database is locked/);
    }
    // the restore ended the session signed in before it; a new sign-in is served the restored data
    const before = await stats.query<FactsGet>("facts.get", { period: open });
    expect(before.status, describeResult(before)).toBe(401);
    const after = await (await t.login("stats")).query<FactsGet>("facts.get", { period: open });
    expect(after.ok, describeResult(after)).toBe(true);
    expect(signIns).toBeGreaterThan(0);
    const saves = results.length;
    console.log(`restore over a live server: ${restores.length} restores, ${saves} requests, ${signIns} sign-ins again, ${failed.length} refused (${[...new Set(failed.map((r) => `${r.status} ${r.code}`))].join(", ") || "none"}), 0 × 500`);
  });
});
