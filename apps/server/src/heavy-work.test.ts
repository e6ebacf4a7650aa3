/**
 * Nothing heavy on the event loop (issue 17, item 6): documents are rendered in the worker pool,
 * so while a burst of draft documents is being made the server keeps answering /healthz and the
 * portal's /index.html; a draft is rendered once per data revision and kept; a full queue is
 * refused at once with 503, Retry-After and a Chinese sentence, on /files and on /trpc alike.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configurePool, draftStats, forgetDrafts } from "@scorecard/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type ApiClient, type TestServer } from "./test-server";

const timed = async (f: () => Promise<Response>) => {
  const t0 = performance.now();
  const r = await f();
  const body = await r.arrayBuffer();
  if (r.status !== 200) console.log(r.status, new TextDecoder().decode(body).slice(0, 300));
  return { status: r.status, ms: performance.now() - t0 };
};

describe("heavy work in the worker pool (sqlite)", () => {
  let t: TestServer;
  let stats: ApiClient;
  let portal: string;
  beforeAll(async () => {
    portal = mkdtempSync(join(tmpdir(), "scorecard-portal-"));
    writeFileSync(join(portal, "index.html"), "<!doctype html><title>法庭考核</title>");
    await configurePool({ size: 1, queueLimit: 16 });
    forgetDrafts();
    t = await startTestServer("sqlite", { portalDir: portal });
    stats = await t.login("stats");
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
    rmSync(portal, { recursive: true, force: true });
    await configurePool({});
  });

  const draft = (c: ApiClient, period: string, format = "docx") => fetch(`${c.baseUrl}/files/notice?period=${period}&format=${format}&draft=true`, { headers: c.cookieHeader });

  it("under a burst of draft documents, /healthz and /index.html answer within a second, and each draft is rendered once", { timeout: 180_000 }, async () => {
    // a server in service: its score cache is warm (the first request of a data revision reads everything)
    expect((await stats.query("scores.ranking", { period: "2023-03" })).ok).toBe(true);
    const burst = Array.from({ length: 30 }, (_, i) => timed(() => draft(stats, ["2023-01", "2023-02", "2023-03"][i % 3]!, ["docx", "xlsx"][i % 2])));
    const probes: Array<{ status: number; ms: number }> = [];
    let done = false;
    void Promise.all(burst).finally(() => (done = true));
    while (!done) {
      probes.push(await timed(() => fetch(`${t.url}/healthz`)), await timed(() => fetch(`${t.url}/index.html`)));
      await new Promise((r) => setTimeout(r, 50));
    }
    const answers = await Promise.all(burst);
    console.log(`probes: ${probes.length}, slowest ${Math.max(...probes.map((p) => p.ms)).toFixed(0)} ms; burst answers: slowest ${Math.max(...answers.map((a) => a.ms)).toFixed(0)} ms`);
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    expect(probes.length).toBeGreaterThan(2);
    expect(probes.every((p) => p.status === 200)).toBe(true);
    expect(Math.max(...probes.map((p) => p.ms))).toBeLessThan(1000);
    // 3 months × 2 formats; the other 24 requests were served what was kept
    expect(draftStats.rendered).toBe(6);
    // asked again: the same bytes, not rendered again
    const again = await draft(stats, "2023-03");
    expect(again.status).toBe(200);
    expect(draftStats.rendered).toBe(6);
  });

  it("a change of the data renders the draft anew", { timeout: 60_000 }, async () => {
    const before = new Uint8Array(await (await draft(stats, "2023-02", "html")).arrayBuffer());

    const n = draftStats.rendered;
    const corrected = await stats.mutate("notices.correct", { period: "2023-02", reason: "核对数据" });
    expect(corrected.ok).toBe(true);
    const after = new Uint8Array(await (await draft(stats, "2023-02", "html")).arrayBuffer());
    expect(draftStats.rendered).toBe(n + 1);
    expect(Buffer.from(after).equals(Buffer.from(before))).toBe(false);

  });

  it("a full queue answers 503 with Retry-After and a Chinese sentence, on /files and on /trpc", { timeout: 120_000 }, async () => {
    await configurePool({ size: 1, queueLimit: 1 });
    forgetDrafts();
    const months = ["2023-01", "2023-02", "2023-03", "2023-04", "2023-05", "2023-06"];
    const answers = await Promise.all(months.flatMap((m) => ["docx", "xlsx"].map((f) => draft(stats, m, f))));
    const refused = answers.filter((r) => r.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    expect(answers.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(2);
    for (const r of refused) {
      expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
      const body = (await r.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("SERVICE_UNAVAILABLE");
      expect(body.error.message).toContain("服务器正忙");
    }
    // the same on /trpc: a procedure that waits for the pool, while the pool is busy
    const busy = Promise.all(months.map((m) => draft(stats, m, "html")));
    const { pool } = await import("@scorecard/api");
    const spinning = [pool().run("spin", { ms: 800 }), pool().run("spin", { ms: 10 })];
    const r = await fetch(`${t.url}/trpc/notices.publish`, {
      method: "POST",
      headers: { ...stats.cookieHeader, "content-type": "application/json" },
      body: JSON.stringify({ period: "2023-12", commentary: "x", acknowledgeWarnings: true }),
    });
    await Promise.allSettled([busy, ...spinning]);
    expect(r.status === 503 || r.status === 400).toBe(true);
    if (r.status === 503) {
      expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(((await r.json()) as { error: { message: string; data: { code: string } } }).error.data.code).toBe("SERVICE_UNAVAILABLE");
    }
  });
});
