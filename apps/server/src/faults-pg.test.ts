/**
 * PostgreSQL restarted under load (issue 17, items 5 and 6): a real server process (`tsx
 * src/main.ts`) on a private PostgreSQL the test starts itself, three readers and one writer
 * running, `pg_ctl restart`. The server keeps running; requests in the gap fail with 503
 * SERVICE_UNAVAILABLE, `Retry-After` and a Chinese sentence (never 500, never no answer); the
 * requests after it succeed without restarting the server.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { privatePostgresUnavailable, startPrivatePostgres, type PrivatePostgres } from "./faults-support";
import { ApiClient, describeResult, type ApiResult } from "./test-server";

const require = createRequire(import.meta.url);
const tsxCli = require.resolve("tsx/cli");
const mainTs = fileURLToPath(new URL("./main.ts", import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const unavailable = privatePostgresUnavailable();

type FactsGet = { rows: Array<{ unit: string; values: Record<string, number>; version: number }> };

describe.skipIf(unavailable !== null)(`PostgreSQL restarted under load${unavailable ? `(跳过:${unavailable})` : ""}`, () => {
  let pg: PrivatePostgres;
  let child: ChildProcess;
  let url: string;
  let log = "";
  let exited: number | null | string = null;

  beforeAll(async () => {
    pg = startPrivatePostgres();
    const port = 20000 + Math.floor(Math.random() * 20000);
    child = spawn(process.execPath, [tsxCli, mainTs], {
      env: { ...process.env, DATABASE_URL: pg.url, PORT: String(port), HOST: "127.0.0.1", SCORECARD_DEMO: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout!.on("data", (d) => (log += d));
    child.stderr!.on("data", (d) => (log += d));
    child.on("exit", (code, signal) => (exited = code ?? signal));
    url = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      if (exited !== null) throw new Error(`server exited: ${log}`);
      if (i > 600) throw new Error(`server did not start: ${log}`);
      try {
        if ((await fetch(`${url}/healthz`)).ok) break;
      } catch {
        /* not listening yet */
      }
      await sleep(100);
    }
  }, 120_000);

  afterAll(async () => {
    if (child && exited === null) {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    }
    pg?.stop();
  });

  it("the server keeps serving: the gap answers 503 with Retry-After in Chinese, the requests after it succeed", { timeout: 120_000 }, async () => {
    const readers = await Promise.all(["head-dayushu", "leader1", "hr"].map(async (u) => {
      const c = new ApiClient(url);
      expect((await c.login(u, "kailu-demo")).ok).toBe(true);
      return c;
    }));
    const writer = new ApiClient(url);
    expect((await writer.login("stats", "kailu-demo")).ok).toBe(true);
    const periods = (await writer.query<Array<{ period: string; status: string }>>("periods.list")).data;
    const open = periods.find((p) => p.status === "collecting")?.period ?? periods[0]!.period;

    type Outcome = { at: number; ok: boolean; status: number; code?: string; message?: string; retryAfter: string | null; what: string };
    const outcomes: Outcome[] = [];
    const record = (what: string, r: ApiResult) =>
      outcomes.push({ at: Date.now(), ok: r.ok, status: r.status, code: r.code, message: r.message, retryAfter: r.headers.get("retry-after"), what });
    const dropped: string[] = [];
    let running = true;

    const readLoop = async (c: ApiClient) => {
      while (running) {
        try {
          const a = await c.query("periods.list");
          record("read", a);
          const b = await c.query("facts.get", { period: open });
          record("read", b);
          // a client told 503 waits a moment (the portal waits as Retry-After says)
          if (!a.ok || !b.ok) await sleep(100);
        } catch (e) {
          dropped.push(String(e));
          await sleep(50);
        }
      }
    };
    const writeLoop = async () => {
      let n = 0;
      while (running) {
        try {
          const got = await writer.query<FactsGet>("facts.get", { period: open });
          if (!got.ok) {
            record("write", got);
            await sleep(50);
            continue;
          }
          const row = got.data.rows.find((r) => r.unit === "dayushu")!;
          const save = await writer.mutate("facts.save", { period: open, unit: "dayushu", values: { ...row.values, trial_received: 100 + (n++ % 50) }, version: row.version });
          record("write", save);
          if (!save.ok) await sleep(100);
        } catch (e) {
          dropped.push(String(e));
          await sleep(50);
        }
      }
    };
    const loops = [...readers.map(readLoop), writeLoop()];

    await sleep(1500);
    const restartAt = Date.now();
    await pg.restart();
    const restartedAt = Date.now();
    await sleep(4000);
    running = false;
    await Promise.all(loops);

    // the server is still the same process, and serves
    expect(exited, log).toBeNull();
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    const failures = outcomes.filter((o) => !o.ok);
    const bad = failures.filter((o) => o.status !== 503 || o.code !== "SERVICE_UNAVAILABLE" || !o.retryAfter || !/[\u4e00-\u9fff]/.test(o.message ?? ""));
    expect(bad.slice(0, 5).map((o) => `${o.what} ${o.status} ${o.code} retry-after=${o.retryAfter} ${o.message}`), log.slice(-3000)).toEqual([]);
    expect(dropped, "every request was answered").toEqual([]);

    // the requests after the database came back succeed
    const lastFailure = failures.length ? Math.max(...failures.map((o) => o.at)) : restartAt;
    const after = outcomes.filter((o) => o.at > lastFailure);
    expect(after.length).toBeGreaterThan(0);
    expect(after.filter((o) => o.what === "write").length, "a save succeeded after the restart").toBeGreaterThan(0);
    const again = await readers[0]!.query("periods.list");
    expect(again.ok, describeResult(again)).toBe(true);

    const before = outcomes.filter((o) => o.at < restartAt).length;
    console.log(
      `postgres restart: pg_ctl restart took ${restartedAt - restartAt} ms; ${outcomes.length} requests (${before} before it), ` +
        `${failures.length} failed, all 503 SERVICE_UNAVAILABLE with Retry-After; the gap from the restart to the last failure ${Math.max(0, lastFailure - restartAt)} ms; ` +
        `${after.length} succeeded after it` + (failures[0] ? `; e.g. “${failures[0].message}”` : ""),
    );
  });
});
