/**
 * A forged .xlsx whose zip directory declares 1 KB for a sheet that inflates to 200 MB (some
 * 200 KB on the wire), uploaded through real HTTP: refused in Chinese, nothing stored, and the
 * server (in this process) grows by far less than the bomb — it is stopped while inflating.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { zipBomb } from "@scorecard/documents/testing";
import { startTestServer, testBackends, withoutSessionTables, type ApiClient, type TestServer } from "./test-server";

const MB = 1024 * 1024;

describe.each(testBackends())("a zip bomb uploaded to /files/facts-import (%s)", (backend) => {
  let t: TestServer;
  let stats: ApiClient;
  beforeAll(async () => {
    t = await startTestServer(backend);
    stats = await t.login("stats");
  }, 60_000);
  afterAll(() => t?.stop());

  it("is refused while inflating, names the limit, stores nothing, and the server grows by less than 100 MB", async () => {
    const bomb = await zipBomb(200 * MB);
    expect(bomb.length).toBeLessThan(MB);
    const dump = withoutSessionTables(await t.dump());

    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    let res: Response;
    try {
      res = await stats.fetch("/files/facts-import?period=2023-03&name=bomb.xlsx", {
        method: "POST",
        headers: { "content-type": "application/octet-stream" },
        body: bomb,
      });
    } finally {
      clearInterval(sample);
    }
    const body = (await res.json()) as { error: { code: string; message: string; problems: Array<{ zh: string; file?: string }> } };
    peak = Math.max(peak, process.memoryUsage().rss);
    console.info(`zip bomb (${(bomb.length / 1024).toFixed(0)} KB → 200 MB): RSS ${(before / MB).toFixed(0)} MB before, peak ${(peak / MB).toFixed(0)} MB (+${((peak - before) / MB).toFixed(0)} MB)`);

    expect(res.status).toBe(400);
    expect(body.error.code).toBe("BAD_REQUEST");
    expect(body.error.message).toMatch(/文件解压后超过 8 MB,可能已损坏或被篡改,未导入任何数据。/);
    expect(body.error.problems).toEqual([expect.objectContaining({ file: "bomb.xlsx" })]);
    expect(peak - before).toBeLessThan(100 * MB);
    expect(withoutSessionTables(await t.dump())).toEqual(dump);

    // and the server still serves: the genuine template still previews
    const template = Buffer.from(await (await stats.fetch("/files/facts-template?period=2023-03")).arrayBuffer());
    const ok = await stats.fetch("/files/facts-import?period=2023-03&name=ok.xlsx", { method: "POST", headers: { "content-type": "application/octet-stream" }, body: template });
    expect(ok.status).toBe(200);
  });
});
