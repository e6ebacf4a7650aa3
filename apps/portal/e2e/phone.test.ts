import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { layout } from "./fit";
import { login, newPage, SCREENSHOTS, shot, startPortal, type Portal } from "./harness";
import { expectFitsPhone, settled, still, TRIBUNALS } from "./phone-checks";

/**
 * Party-group members read the portal on their phones (product.md, "The portal, in Chinese"): at
 * 390 px every page a leader or a head uses is one column, nothing is cut off, the page never
 * scrolls sideways, and wide tables scroll inside their own box with their first column fixed.
 */
let portal: Portal;
beforeAll(async () => {
  portal = await startPortal();
});
afterAll(async () => {
  await portal?.close();
});

async function phonePage(width = 390): Promise<Page> {
  const context = await portal.browser.newContext({
    viewport: { width, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: "zh-CN",
  });
  return context.newPage();
}

/** Opens a page through the menu, as a phone user does: the menu button, then the item. */
async function viaMenu(page: Page, title: string, screenshot?: string): Promise<void> {
  await page.getByRole("button", { name: "打开菜单" }).click();
  const drawer = page.locator(".nav-drawer");
  await drawer.getByText(title, { exact: true }).waitFor();
  if (screenshot) {
    await still(page);
    // the drawer covers the screen, not the page: a screenshot of the viewport
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, `${screenshot}.png`) });
  }
  await drawer.getByText(title, { exact: true }).click();
  await drawer.waitFor({ state: "hidden" });
  await settled(page);
}

describe("a phone at 390 px", () => {
  it("the login page fits", async () => {
    const page = await phonePage();
    await page.goto(`${portal.url}/login`);
    await page.locator("text=演示账号").first().waitFor();
    await settled(page);
    await expectFitsPhone(page, "登录页");
    await shot(page, "phone-login");
    await page.context().close();
  });

  it("a leader reads every page on a phone: one column, menu in a drawer, wide tables scroll in their box", async () => {
    const page = await phonePage();
    await login(portal, page, "leader1");
    await settled(page);
    expect(new URL(page.url()).pathname).toBe("/my-units");
    // the sidebar gives way to a menu button
    expect(await page.locator(".aside").isVisible()).toBe(false);
    const mine = await expectFitsPhone(page, "分管法庭");
    expect(mine.some((t) => t.scrollable && TRIBUNALS.test(t.fixedText)), "分管法庭:其他法庭排名表应在框内横向滚动,法庭列固定").toBe(true);
    await shot(page, "phone-leader-my-units");

    await viaMenu(page, "排名总览", "phone-leader-menu");
    expect(new URL(page.url()).pathname).toBe("/overview");
    const overview = await expectFitsPhone(page, "排名总览");
    expect(overview[0]?.scrollable, "排名总览:排名表应在框内横向滚动").toBe(true);
    expect(overview[0]?.fixedText, "排名总览:排名表的法庭列固定").toMatch(TRIBUNALS);
    await shot(page, "phone-leader-overview");

    // a tribunal's page, from the ranking table
    await page.locator(".ranking-table .unit-link", { hasText: "大榆树人民法庭" }).first().click();
    await page.waitForURL(/\/units\/dayushu$/);
    await settled(page);
    const unit = await expectFitsPhone(page, "法庭详情");
    expect(unit.some((t) => t.scrollable && /满分 \d+ 分/.test(t.fixedText)), "法庭详情:指标表应在框内横向滚动,指标列固定").toBe(true);
    await shot(page, "phone-leader-unit");

    await viaMenu(page, "对比分析");
    expect(new URL(page.url()).pathname).toBe("/compare");
    await page.locator(".compare").waitFor();
    await settled(page);
    const compare = await expectFitsPhone(page, "对比分析");
    expect(compare[0]?.scrollable, "对比分析:对比表应在框内横向滚动").toBe(true);
    await shot(page, "phone-leader-compare");

    await viaMenu(page, "加减分");
    expect(new URL(page.url()).pathname).toBe("/adjustments");
    await expectFitsPhone(page, "加减分");
    await shot(page, "phone-leader-adjustments");

    await page.goto(`${portal.url}/no-such-page`);
    await page.locator("text=页面不存在").first().waitFor();
    await settled(page);
    await expectFitsPhone(page, "页面不存在");
    await shot(page, "phone-leader-not-found");
    await page.context().close();
  });

  for (const [username, unit] of [["head-maixin", "maixin"], ["head-dayushu", "dayushu"]] as const)
    it(`${username} reads their tribunal, the ranking and the comparison on a phone`, async () => {
      const page = await phonePage();
      await login(portal, page, username);
      await settled(page);
      expect(new URL(page.url()).pathname).toBe(`/units/${unit}`);
      const own = await expectFitsPhone(page, `${username} 本庭考核`);
      expect(own.some((t) => t.scrollable), "本庭考核:指标表应在框内横向滚动").toBe(true);
      await shot(page, `phone-${username}-unit`);

      await viaMenu(page, "排名总览");
      await expectFitsPhone(page, `${username} 排名总览`);
      await shot(page, `phone-${username}-overview`);

      await viaMenu(page, "对比分析");
      await expectFitsPhone(page, `${username} 对比分析`);
      await shot(page, `phone-${username}-compare`);

      // the month's review and the published notices (issue 8)
      await viaMenu(page, "审核与异议");
      await expectFitsPhone(page, `${username} 审核与异议`);
      await viaMenu(page, "考核通报");
      await expectFitsPhone(page, `${username} 考核通报`);
      await page.goto(`${portal.url}/notices/2023-02`);
      await page.locator("text=开法考〔2023〕3号").first().waitFor();
      await settled(page);
      await expectFitsPhone(page, `${username} 2023年2月通报`);
      await shot(page, `phone-${username}-notice`);

      await page.goto(`${portal.url}/no-such-page`);
      await page.locator("text=页面不存在").first().waitFor();
      await settled(page);
      await expectFitsPhone(page, `${username} 页面不存在`);
      await page.context().close();
    });

  it("at 360 px too, a leader's pages fit", async () => {
    const page = await phonePage(360);
    await login(portal, page, "leader1");
    await settled(page);
    await expectFitsPhone(page, "360 分管法庭");
    for (const path of ["/overview", "/units/dongfeng", "/compare", "/adjustments", "/notices", "/notices/2023-02"]) {
      await page.goto(`${portal.url}${path}`);
      await settled(page);
      await expectFitsPhone(page, `360 ${path}`);
    }
    await shot(page, "phone360-leader-adjustments");
    await page.context().close();
  });

  it("a dialog fits the phone (a statistician adding an adjustment)", async () => {
    const page = await phonePage();
    await login(portal, page, "stats");
    await page.goto(`${portal.url}/adjustments`);
    await settled(page);
    await page.getByRole("button", { name: "新增加减分" }).click();
    const dialog = page.locator(".el-dialog");
    await dialog.waitFor();
    await still(page);
    const box = (await dialog.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    expect(box.width).toBeGreaterThanOrEqual(390 * 0.85);
    const l = await page.evaluate(layout);
    expect(l.cut).toEqual([]);
    await shot(page, "phone-stats-adjustment-dialog");
    await page.context().close();
  });
});

describe("the same pages at 1440 px keep the desktop layout", () => {
  it("sidebar menu, cards side by side, tables unscrolled", async () => {
    const page = await newPage(portal);
    await login(portal, page, "leader1");
    await settled(page);
    expect(await page.locator(".aside").isVisible()).toBe(true);
    expect(await page.getByRole("button", { name: "打开菜单" }).isVisible()).toBe(false);
    await shot(page, "desktop-leader-my-units");
    for (const [path, name] of [["/overview", "overview"], ["/units/dayushu", "unit"], ["/compare", "compare"], ["/adjustments", "adjustments"]] as const) {
      await page.goto(`${portal.url}${path}`);
      await settled(page);
      const l = await page.evaluate(layout);
      expect(l.cut, name).toEqual([]);
      expect(l.scrollWidth, name).toBeLessThanOrEqual(l.innerWidth);
      await shot(page, `desktop-leader-${name}`);
    }
    // the overview's bar chart and warnings share a row on a wide screen
    await page.goto(`${portal.url}/overview`);
    await settled(page);
    const tops = await page.evaluate(() => [...document.querySelectorAll("main .cards > .el-card")].map((c) => Math.round(c.getBoundingClientRect().top)));
    expect(tops.length).toBe(2);
    expect(tops[0]).toBe(tops[1]);
    await page.context().close();
  });
});
