/**
 * End-to-end harness: the real server (apps/server) with a temporary SQLite file and the demo
 * court, serving the built portal (apps/portal/dist), and Debian's Chromium driven by
 * playwright-core. Screenshots go to artifacts/screenshots/ at the repository root.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { startServer, type RunningServer } from "@scorecard/server";

const portalDir = fileURLToPath(new URL("../dist", import.meta.url));
export const SCREENSHOTS = fileURLToPath(new URL("../../../artifacts/screenshots", import.meta.url));
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface Portal {
  url: string;
  server: RunningServer;
  browser: Browser;
  close(): Promise<void>;
}

/** Which demo court an empty database gets: kailu (default), or the §9 example court (grouped, internal). */
export type DemoVariant = NonNullable<Parameters<typeof startServer>[0]["demoVariant"]>;

/**
 * Starts a fresh server and browser; every test file gets its own database. `clock` is the one
 * the server's cycle reads (review deadlines, the year of a notice's number); the system's by default.
 * `demo` chooses the demo court (as SCORECARD_DEMO does).
 */
export async function startPortal(opts: { clock?: () => Date; demo?: DemoVariant } = {}): Promise<Portal> {
  if (!existsSync(join(portalDir, "index.html"))) throw new Error("门户尚未构建:请先运行 npm run build -w @scorecard/portal (portal not built)");
  if (!existsSync(CHROMIUM)) throw new Error(`找不到 Chromium(${CHROMIUM}):请安装 Debian 的 chromium 软件包 (apt-get install chromium fonts-noto-cjk)`);
  const dir = mkdtempSync(join(tmpdir(), "scorecard-e2e-"));
  const server = await startServer({ databaseUrl: join(dir, "e2e.db"), demo: true, host: "127.0.0.1", port: 0, portalDir, ...(opts.clock ? { clock: opts.clock } : {}), ...(opts.demo ? { demoVariant: opts.demo } : {}) });
  // launch() gives every run a fresh, temporary user-data dir
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
  return {
    url: server.url,
    server,
    browser,
    async close() {
      await browser.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function newPage(portal: Portal): Promise<Page> {
  const context = await portal.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "zh-CN", acceptDownloads: true });
  return context.newPage();
}

/**
 * Logs in through the login form as a newcomer would: opens the site's address, is sent to the
 * login page, signs in; resolves once the landing page is shown.
 */
export async function login(portal: Portal, page: Page, username: string, password = "kailu-demo"): Promise<void> {
  await page.goto(`${portal.url}/`);
  await page.waitForURL(/\/login/);
  await page.fill("input[name=username]", username);
  await page.fill("input[name=password]", password);
  await page.click("button[type=submit]");
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
}

/** Saves a full-page screenshot as a test artifact. */
export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** A query of the API, called from the page with the user's own session, as the portal does. */
export async function trpc<T>(page: Page, path: string, input?: unknown): Promise<T> {
  const body = await page.evaluate(
    async ([p, i]) => (await fetch(`/trpc/${p}${i === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(i))}`}`)).json(),
    [path, input] as const,
  );
  return (body as { result: { data: T } }).result.data;
}

/** Waits until the page has loaded and no skeleton is left. */
export async function settled(page: Page): Promise<void> {
  await page.waitForLoadState("networkidle");
  await page.waitForFunction(() => !document.querySelector(".el-skeleton"));
}

/** A viewport screenshot, readable at full size (full-page ones get shrunk), once transitions have ended, from the top. */
export async function view(page: Page, name: string): Promise<void> {
  await page.mouse.move(0, 0);
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== "running" || a.effect?.getTiming().iterations === Infinity));
  await page.evaluate(() => window.scrollTo(0, 0));
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/** A page signed in as `username`, at 1440 px or as a phone of the given width (844 px tall). */
export async function signedIn(portal: Portal, username: string, width = 1440): Promise<Page> {
  const page =
    width === 1440
      ? await newPage(portal)
      : await (await portal.browser.newContext({ viewport: { width, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: "zh-CN", acceptDownloads: true })).newPage();
  await login(portal, page, username);
  await settled(page);
  return page;
}
