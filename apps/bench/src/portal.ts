/**
 * Portal benchmark: the gzipped JavaScript a browser loads for the login page and the overview,
 * and the time from opening the overview until its ranking table and chart are drawn, in
 * headless Chromium on loopback against the built portal.
 */
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { startBenchServer } from "./bench-server";

export interface PortalFigures {
  loginJsGzipKb: number;
  overviewJsGzipKb: number;
  totalJsGzipKb: number;
  overviewMs: number[];
}

export async function portalBench(runs = 5): Promise<PortalFigures> {
  const server = await startBenchServer();
  const base = server.base;
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    // launch() gives the browser a fresh, temporary user-data dir
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const js = new Map<string, number>();
    let phase: "login" | "overview" = "login";
    const phaseOf = new Map<string, "login" | "overview">();
    page.on("response", async (r) => {
      const url = r.url();
      if (!url.endsWith(".js") || js.has(url)) return;
      const body = await r.body().catch(() => null);
      if (!body) return;
      js.set(url, gzipSync(body).length);
      phaseOf.set(url, phase);
    });
    await page.goto(`${base}/login`);
    await page.waitForSelector("input[name=username]");
    await page.waitForLoadState("networkidle");
    phase = "overview";
    await page.fill("input[name=username]", "hr");
    await page.fill("input[name=password]", "kailu-demo");
    await page.click("button[type=submit]");
    await page.waitForURL(/overview/);
    await page.waitForSelector(".el-table__row");
    await page.waitForSelector("canvas");
    await page.waitForLoadState("networkidle");
    const sum = (p: "login" | "overview") => [...js].filter(([u]) => phaseOf.get(u) === p).reduce((a, [, n]) => a + n, 0) / 1024;

    // cold-ish loads of the overview by a signed-in user: new page each time (HTTP cache kept, as a returning user)
    const overviewMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      const p = await context.newPage();
      const t0 = Date.now();
      await p.goto(`${base}/overview`);
      await p.waitForSelector(".el-table__row");
      await p.waitForFunction(() => {
        const c = document.querySelector("canvas") as HTMLCanvasElement | null;
        return !!c && c.width > 0 && c.height > 0;
      });
      overviewMs.push(Date.now() - t0);
      await p.close();
    }
    return { loginJsGzipKb: sum("login"), overviewJsGzipKb: sum("overview"), totalJsGzipKb: sum("login") + sum("overview"), overviewMs };
  } finally {
    await browser.close();
    server.stop();
  }
}
