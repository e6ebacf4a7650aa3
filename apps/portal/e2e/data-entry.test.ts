import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { login, newPage, type Portal, shot, startPortal, trpc, settled } from "./harness";

/**
 * The data grid as a statistician uses it, and what a save changes elsewhere: the grid checks a
 * cell as the import does (the readers' number rule and the rulebook's data checks), keeps the
 * tribunal column in sight over 22 columns with a 合计 row, and a save refreshes the pages that
 * show what it changed; the next user never sees the last one's figures.
 */
let portal: Portal;
beforeAll(async () => {
  portal = await startPortal();
});
afterAll(async () => {
  await portal?.close();
});

type Facts = { rows: Array<{ unit: string; values: Record<string, number>; version: number }> };
type Ranking = { units: Array<{ unit: string; name: string; hidden: boolean; total?: number }> };

/** The grid's input for a tribunal and a field (its accessible name). */
const cell = (page: Page, unit: string, header: string) => page.locator(`.entry-table input[aria-label="${unit} ${header}"]`).first();

/** What the cell's tooltip says (hovering it, as a user would). */
async function tip(page: Page, unit: string, header: string): Promise<string> {
  await cell(page, unit, header).hover();
  const popper = page.locator(".el-popper:visible").last();
  await popper.waitFor();
  return popper.innerText();
}

/** Types into a cell and leaves it. */
async function type(page: Page, unit: string, header: string, text: string): Promise<void> {
  const input = cell(page, unit, header);
  await input.fill(text);
  await input.blur();
}

const saveButton = (page: Page, unit: string) => page.locator(".entry-table .el-table__fixed-right, .entry-table").locator(`tr:has-text("${unit}") button:has-text("保存")`).last();

describe("the data grid", () => {
  let page: Page;
  beforeAll(async () => {
    page = await newPage(portal);
    await login(portal, page, "stats");
    await page.waitForSelector(".entry-table input");
    await settled(page);
  });

  it("keeps the tribunal column in sight while the 22 columns scroll inside the table, with a 合计 row", async () => {
    const headers = (await page.locator(".entry-table .el-table__header-wrapper th").allInnerTexts()).map((h) => h.replace(/\s+/g, ""));
    expect(headers[0]).toBe("法庭");
    const fieldCount = headers.filter((h) => /\(.+\)$/.test(h)).length;
    expect(fieldCount).toBe(22);
    expect(await page.locator("main").innerText()).toContain("共 22 项数据,表格可左右滚动");

    // the page itself does not scroll sideways; the table's body does
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    const wrap = page.locator(".entry-table .el-table__body-wrapper .el-scrollbar__wrap").first();
    await wrap.evaluate((el) => (el.scrollLeft = el.scrollWidth));
    const table = (await page.locator(".entry-table").boundingBox())!;
    const name = (await page.locator(".entry-table .el-table__body-wrapper td.el-table-fixed-column--left", { hasText: "大榆树人民法庭" }).first().boundingBox())!;
    expect(name.x).toBeGreaterThanOrEqual(table.x - 1);
    expect(name.x + name.width).toBeLessThanOrEqual(table.x + table.width);
    const last = (await page.locator(".entry-table .el-table__header-wrapper th", { hasText: "执行团队干警数" }).first().boundingBox())!;
    expect(last.x + last.width).toBeLessThanOrEqual(table.x + table.width + 1);
    await shot(page, "data-entry-scrolled");

    // 合计: the tribunals' sum of a field that adds up, blank (with a note) for a headcount
    const facts = await trpc<Facts>(page, "facts.get", { period: "2023-03" });
    const closed = facts.rows.reduce((s, r) => s + r.values.trial_closed!, 0);
    const footer = (await page.locator(".entry-table .el-table__footer-wrapper tr").first().locator("td").allInnerTexts()).map((t) => t.trim());
    expect(footer[0]).toBe("合计");
    expect(footer[headers.indexOf("审判结案数(件)")]).toBe(String(closed));
    expect(footer[headers.indexOf("审判团队员额法官数(人)")]).toBe("");
    expect(await page.locator("main").innerText()).toMatch(/审判团队员额法官数[^。]*合计行留空/);
    await wrap.evaluate((el) => (el.scrollLeft = 0));
  });

  it("refuses what the import refuses, in place: 1,234, 12.5 件, and 法定审限内结案数 greater than 审判结案数", async () => {
    const unit = "东风人民法庭";
    await type(page, unit, "审判结案数(件)", "1,234");
    expect(await cell(page, unit, "审判结案数(件)").getAttribute("aria-invalid")).toBe("true");
    expect(await tip(page, unit, "审判结案数(件)")).toContain("千位分隔符");
    expect(await saveButton(page, unit).isDisabled()).toBe(true);

    await type(page, unit, "审判结案数(件)", "12.5");
    expect(await tip(page, unit, "审判结案数(件)")).toMatch(/审判结案数必须是整数,收到 12\.5/);
    expect(await saveButton(page, unit).isDisabled()).toBe(true);

    // 73 cases closed within the time limit cannot be more than 10 cases closed
    const facts = await trpc<Facts>(page, "facts.get", { period: "2023-03" });
    const inLimit = facts.rows.find((r) => r.unit === "dongfeng")!.values.trial_closed_in_limit!;
    await type(page, unit, "审判结案数(件)", "10");
    const checks = page.locator("[data-test=data-checks]");
    await expect.poll(() => checks.innerText()).toContain(`${unit}:法定审限内结案数(${inLimit})不能大于审判结案数(10)`);
    expect(await cell(page, unit, "法定审限内结案数(件)").getAttribute("aria-invalid")).toBe("true");
    expect(await cell(page, unit, "审判结案数(件)").getAttribute("aria-invalid")).toBe("true");
    expect(await saveButton(page, unit).isDisabled()).toBe(true);
    await shot(page, "data-entry-checks");

    // a warning is shown in place too, and does not stop the save
    await page.locator(`.entry-table tr:has-text("${unit}") button:has-text("撤销")`).last().click();
    const applied = facts.rows.find((r) => r.unit === "dongfeng")!.values.enf_first_amount_applied!;
    await type(page, unit, "首执案件实际执行到位金额(万元)", String(applied + 100));
    await expect.poll(() => checks.innerText()).toContain("数据核查提示:");
    // the rulebook's message says 请核实 once; the alert does not say it again
    expect((await checks.locator(".row-alert").first().innerText()).match(/请核实/g)).toHaveLength(1);
    expect(await tip(page, unit, "首执案件实际执行到位金额(万元)")).toContain("大于首执案件申请执行标的额");
    expect(await saveButton(page, unit).isDisabled()).toBe(false);
    await page.locator(`.entry-table tr:has-text("${unit}") button:has-text("撤销")`).last().click();
    await expect.poll(() => page.locator("[data-test=data-checks]").count()).toBe(0);

    // nothing was written
    expect(await trpc<Facts>(page, "facts.get", { period: "2023-03" })).toEqual(facts);
  });

  it("a save refreshes the ranking already seen, and HR reads who saved it by name", async () => {
    // the ranking is seen (and cached) before the save
    await page.locator(".el-menu-item", { hasText: "排名总览" }).click();
    await page.waitForSelector(".ranking-table .el-table__row");
    const totalShown = async () => {
      const row = page.locator(".ranking-table .el-table__row", { hasText: "小街基人民法庭" });
      return (await row.locator("strong.num").innerText()).trim();
    };
    const before = await totalShown();

    await page.locator(".el-menu-item", { hasText: "数据填报" }).click();
    await page.waitForSelector(".entry-table input");
    await settled(page);
    const facts = await trpc<Facts>(page, "facts.get", { period: "2023-03" });
    const applied = facts.rows.find((r) => r.unit === "xiaojieji")!.values.enf_first_amount_applied!;
    await type(page, "小街基人民法庭", "首执案件实际执行到位金额(万元)", String(applied));
    await page.locator(`.entry-table tr:has-text("小街基人民法庭") button:has-text("保存")`).last().click();
    await page.waitForSelector("text=/已保存小街基人民法庭的数据/");

    await page.locator(".el-menu-item", { hasText: "排名总览" }).click();
    const ranking = await trpc<Ranking>(page, "scores.ranking", { period: "2023-03" });
    const expected = ranking.units.find((u) => u.unit === "xiaojieji")!.total!.toFixed(2);
    expect(expected).not.toBe(before);
    await expect.poll(totalShown).toBe(expected);

    const hr = await newPage(portal);
    await login(portal, hr, "hr");
    await hr.goto(`${portal.url}/audit`);
    await hr.waitForSelector(".el-table__row");
    const first = await hr.locator(".el-table__body-wrapper .el-table__row").first().innerText();
    expect(first).toContain("审管办统计员(stats)");
    expect(first).toContain("2023年3月 · 小街基人民法庭");
    await shot(hr, "audit-hr");
    await hr.context().close();
  });
});

describe("signing out", () => {
  it("the next user in the same tab sees their own ranking, not the one cached for the last", async () => {
    const page = await newPage(portal);
    await login(portal, page, "head-dayushu");
    await page.locator(".el-menu-item", { hasText: "排名总览" }).click();
    await page.waitForSelector(".ranking-table .el-table__row");
    expect(await page.locator("text=审核期间仅可查看本庭").count()).toBeGreaterThan(0);

    // out and in again without reloading the page
    await page.getByRole("button", { name: "退出登录" }).click();
    await page.waitForURL(/\/login/);
    await page.fill("input[name=username]", "hr");
    await page.fill("input[name=password]", "kailu-demo");
    await page.click("button[type=submit]");
    await page.waitForURL(/\/overview/);
    await page.waitForSelector(".ranking-table .el-table__row");
    await settled(page);
    expect(await page.locator("text=审核期间仅可查看本庭").count()).toBe(0);
    expect(await page.locator(".ranking-table .el-table__body-wrapper strong.num").count()).toBe(8);
    await page.context().close();
  });
});
