/**
 * The portal runs under the server's Content-Security-Policy (apps/server/src/security.ts): in
 * real Chromium, signing in and opening the main pages raises no CSP violation, no console
 * error and no page error, and every page arrives with the policy and the other headers.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { login, newPage, startPortal, type Portal } from "./harness";

let portal: Portal;
beforeAll(async () => {
  portal = await startPortal();
});
afterAll(async () => {
  await portal?.close();
});

interface Watch {
  problems: string[];
  /** every document (page load) response's headers */
  documents: Array<Record<string, string>>;
}

/** Records console errors, page errors and CSP violations (the browser's own event) of a page. */
async function watch(page: Page): Promise<Watch> {
  const w: Watch = { problems: [], documents: [] };
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    // the portal's "who is signed in?" (auth.session) answers null, so a visitor's console stays clean
    w.problems.push(`console: ${m.text()} [${m.location().url}]`);
  });
  page.on("pageerror", (e) => w.problems.push(`page error: ${e.message}`));
  page.on("response", (r) => {
    if (r.request().resourceType() === "document") w.documents.push(r.headers());
  });
  return w;
}

const drawnCanvas = () =>
  [...document.querySelectorAll("canvas")].some((c) => {
    const ctx = (c as HTMLCanvasElement).getContext("2d");
    if (!ctx || !c.width || !c.height) return false;
    const data = ctx.getImageData(0, 0, c.width, c.height).data;
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return true;
    return false;
  });

describe("the portal under its Content-Security-Policy", () => {
  it("signs in and shows the overview and a tribunal page with no CSP violation and no console error", async () => {
    const page = await newPage(portal);
    const w = await watch(page);
    await login(portal, page, "hr");
    await page.goto(`${portal.url}/overview`);
    await page.waitForSelector(".el-table__row");
    await page.waitForFunction(drawnCanvas); // chart.js draws under the policy
    // Element Plus popups and messages set inline styles: open the period picker
    await page.locator(".el-select").first().click();
    await page.waitForSelector(".el-select-dropdown", { state: "visible" });
    await page.keyboard.press("Escape");

    await page.goto(`${portal.url}/units/dayushu`);
    await page.waitForSelector("text=大榆树人民法庭");
    await page.waitForFunction(drawnCanvas);
    await page.waitForLoadState("networkidle");

    expect(w.problems).toEqual([]);
    expect(w.documents.length).toBeGreaterThanOrEqual(2);
    for (const h of w.documents) {
      expect(h["content-security-policy"]).toContain("script-src 'self'");
      expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
      expect(h["x-content-type-options"]).toBe("nosniff");
      expect(h["referrer-policy"]).toBeTruthy();
    }
  });

  it("every role's pages, a dialog and a failed sign-in message raise no CSP violation and no console error", async () => {
    const visits: Array<[string, string[]]> = [
      ["stats", ["/data-entry", "/adjustments"]],
      ["admin", ["/admin", "/audit"]],
      ["leader1", ["/my-units", "/compare"]],
      ["head-dayushu", ["/units/dayushu", "/overview"]],
      // the studio loads the rulebook's schemas (zod) and the what-if worker
      ["hr", ["/studio", "/manual"]],
    ];
    for (const [user, paths] of visits) {
      const page = await newPage(portal);
      const w = await watch(page);
      await login(portal, page, user);
      for (const path of paths) {
        await page.goto(`${portal.url}${path}`);
        await page.waitForLoadState("networkidle");
        await page.waitForSelector("main");
      }
      if (user === "stats") {
        // the adjustments page's dialog (Element Plus overlay, focus trap, transitions)
        await page.getByRole("button", { name: "新增加减分" }).click();
        await page.waitForSelector(".el-dialog", { state: "visible" });
        await page.keyboard.press("Escape");
      }
      expect(w.problems, user).toEqual([]);
      await page.context().close();
    }
    // a wrong password: an Element Plus message or an inline alert, still under the policy
    const page = await newPage(portal);
    const w = await watch(page);
    await page.goto(`${portal.url}/login`);
    await page.fill("input[name=username]", "stats");
    await page.fill("input[name=password]", "wrong-password");
    await page.click("button[type=submit]");
    await page.waitForSelector("text=用户名或密码");
    expect(w.problems.filter((p) => !/status of 401/.test(p))).toEqual([]); // the refused sign-in itself is a 401
    await page.context().close();
  });

  it("the policy is enforced: an injected inline script does not run, and the violation is reported", async () => {
    const page = await newPage(portal);
    const w = await watch(page);
    await page.goto(`${portal.url}/login`);
    await page.waitForSelector("input[name=username]");
    const ran = await page.evaluate(async () => {
      const s = document.createElement("script");
      s.textContent = "window.__injected = true";
      document.body.append(s);
      await new Promise((r) => setTimeout(r, 100));
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
    expect(ran).toBe(false);
    expect(w.problems.some((p) => p.includes("CSP violation: script-src"))).toBe(true);
  });
});
