/**
 * Health and graceful shutdown (interfaces.md "The server"): `close()` stops taking requests,
 * lets those under way finish, then closes the database.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeResult, startTestServer, testBackends, type ApiResult, type TestServer } from "./test-server";

describe.each(testBackends())("health and graceful shutdown (%s)", (backend) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(backend);
  }, 60_000);
  afterAll(() => t?.stop());

  it("answers /healthz with 200 {ok:true} once the database is open and migrated", async () => {
    const res = await fetch(`${t.url}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ ok: true });
  });

  it("finishes the requests under way when closed, then closes the database", { timeout: 60_000 }, async () => {
    const stats = await t.login("stats");
    const N = 30;

    // Hold the database so that the requests below are certainly under way (received, waiting
    // for their session to be read) when close() is called: SQLite has one connection, and on
    // PostgreSQL the sessions table is locked.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let held!: () => void;
    const isHeld = new Promise<void>((resolve) => (held = resolve));
    const holder = t.server.db.kysely.transaction().execute(async (trx) => {
      if (backend === "postgres") await sql`lock table sessions in access exclusive mode`.execute(trx);
      else await trx.selectFrom("units").select("key").limit(1).execute();
      held();
      await gate;
    });
    await isHeld;

    let received = 0;
    const allReceived = new Promise<void>((resolve) => {
      t.server.app.server.on("request", () => {
        if (++received === N) resolve();
      });
    });
    let finished = 0;
    const requests: Array<Promise<ApiResult>> = Array.from({ length: N }, (_, i) => {
      // the demo court's months with figures: 2022-01 … 2023-03
      const m = i % 15;
      const period = `${2022 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, "0")}`;
      const window = (["month", "ytd", "quarter", "year"] as const)[i % 4];
      return stats.query("scores.ranking", { period, window }).finally(() => finished++);
    });
    await allReceived;

    let closed = false;
    const closing = t.server.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(finished).toBe(0);
    expect(closed, "close() waits for the requests under way").toBe(false);
    // nothing new is taken meanwhile
    const late = await fetch(`${t.url}/healthz`).then(
      (res) => res.status,
      () => "refused",
    );
    expect([503, "refused"]).toContain(late);

    release();
    await holder;
    const results = await Promise.all(requests);
    // … and close() ends soon after the last of them (not when the clients' keep-alive runs out)
    await Promise.race([
      closing,
      new Promise((_, reject) => setTimeout(() => reject(new Error("close() did not finish within 10 s of the last response")), 10_000)),
    ]);
    for (const r of results) expect(r.ok, describeResult(r)).toBe(true);
    expect(results.every((r) => (r.data as { units: unknown[] }).units.length === 8)).toBe(true);

    // the database is closed, and closing again is harmless
    await expect(t.server.db.kysely.selectFrom("units").select("key").execute()).rejects.toThrow();
    await expect(fetch(`${t.url}/healthz`)).rejects.toThrow();
    await t.server.close();
  });
});
