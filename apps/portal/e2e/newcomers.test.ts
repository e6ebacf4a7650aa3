import { periodLabel } from "@scorecard/rules";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { login, newPage, type Portal, shot, startPortal, trpc, settled } from "./harness";

/**
 * What new users stumbled on (issue #7, item 9), as they would notice it: honest chart axes, a
 * comparison that opens on tribunals worth comparing, words that say what a figure is, a rank
 * change that tells "no change" from "no data", months and tribunals by their names.
 */
let portal: Portal;
beforeAll(async () => {
  portal = await startPortal();
});
afterAll(async () => {
  await portal?.close();
});

type Ranking = { units: Array<{ unit: string; name: string; hidden: boolean; rank?: number; total?: number }> };
type Trend = { months: Array<{ period: string; units: Array<{ unit: string; rank: number; total: number }> }> };
type Me = { username: string; role: string; units: string[] };

/** Numbers of an accessible chart description: "…总分轴 90 至 100 分…" → [90, 100]. */
function axis(label: string | null, name: "总分轴" | "名次轴第"): [number, number] {
  const m = new RegExp(`${name}\\s*(\\d+(?:\\.\\d+)?)\\s*(?:名)?\\s*至\\s*(?:第\\s*)?(\\d+(?:\\.\\d+)?)`).exec(label ?? "");
  if (!m) throw new Error(`no ${name} in “${label}”`);
  return [Number(m[1]), Number(m[2])];
}

/** Picks an option of one of the page's el-selects (by its aria-label). */
async function choose(page: Page, select: string, option: string): Promise<void> {
  await page.locator(`.el-select:has(input[aria-label="${select}"])`).click();
  await page.locator(".el-select-dropdown__item:visible", { hasText: new RegExp(`^\\s*${option}\\s*$`) }).click();
  await settled(page);
}

/** What an el-select shows as chosen. */
const chosen = (page: Page, select: string) => page.locator(`.el-select:has(input[aria-label="${select}"]) .el-select__selected-item:not(.is-hidden)`).first().innerText();

/** The tribunal names heading the comparison's columns, left to right. */
const compareColumns = (page: Page) => page.locator(".compare .el-table__header-wrapper th .unit-link").allInnerTexts();

describe("what new users stumbled on", () => {
  it("the tribunal trend keeps a 1-point dip small: totals on an axis at least 10 points tall, ranks from 1 to the number of tribunals", async () => {
    const page = await newPage(portal);
    await login(portal, page, "head-dayushu");
    const chart = page.locator(".unit-trend-chart");
    await chart.waitFor();
    await settled(page);
    const label = await chart.getAttribute("aria-label");
    const [lo, hi] = axis(label, "总分轴");
    const trend = await trpc<Trend>(page, "scores.trend", { year: 2023 });
    const totals = trend.months.flatMap((m) => m.units.filter((u) => u.unit === "dayushu").map((u) => u.total));
    expect(totals.length).toBeGreaterThanOrEqual(3);
    const swing = Math.max(...totals) - Math.min(...totals);
    expect(swing).toBeLessThan(2);
    expect(lo).toBeLessThanOrEqual(Math.min(...totals));
    expect(hi).toBeGreaterThanOrEqual(Math.max(...totals));
    expect(hi - lo).toBeGreaterThanOrEqual(10);
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThanOrEqual(100);
    // the dip takes a small part of the chart's height, not all of it
    expect(swing / (hi - lo)).toBeLessThan(0.2);
    expect(axis(label, "名次轴第")).toEqual([1, 8]);
    await shot(page, "unit-trend-axes");

    // the overview's chart of every tribunal too
    const hr = await newPage(portal);
    await login(portal, hr, "hr");
    const all = hr.locator('[role="img"][aria-label*="各月总分走势"]');
    await all.waitFor();
    const [a, b] = axis(await all.getAttribute("aria-label"), "总分轴");
    expect(b - a).toBeGreaterThanOrEqual(10);
    await hr.context().close();
    await page.context().close();
  });

  it("compare opens for everyone else on the first two and the last two of the month", async () => {
    const page = await newPage(portal);
    await login(portal, page, "hr");
    await page.goto(`${portal.url}/compare`);
    await settled(page);
    const ranking = await trpc<Ranking>(page, "scores.ranking", { period: "2023-03" });
    const byRank = ranking.units.filter((u) => !u.hidden).sort((x, y) => x.rank! - y.rank!);
    const expected = [...byRank.slice(0, 2), ...byRank.slice(-2)].map((u) => u.name);
    const shown = await compareColumns(page);
    expect(shown.sort()).toEqual(expected.sort());
    expect(await page.locator("text=排名前两位和后两位").count()).toBe(1);
    await page.context().close();
  });

  it("compare opens for a head on their own tribunal and its neighbours in the latest published month, without refusals", async () => {
    const page = await newPage(portal);
    await login(portal, page, "head-dayushu");
    await page.goto(`${portal.url}/compare`);
    await settled(page);
    // 2023年3月 is in review: the page moved to 2023年2月, the latest month the head may see whole
    expect(await chosen(page, "考核月份")).toBe("2023年2月");
    expect(await page.locator(".choice-note").innerText()).toContain("2023年2月");
    const ranking = await trpc<Ranking>(page, "scores.ranking", { period: "2023-02" });
    const byRank = ranking.units.filter((u) => !u.hidden).sort((x, y) => x.rank! - y.rank!);
    expect(byRank.length).toBe(8);
    const i = byRank.findIndex((u) => u.unit === "dayushu");
    const expected = byRank.slice(Math.max(0, i - 1), i + 2).map((u) => u.name);
    expect(expected).toContain("大榆树人民法庭");
    expect(expected.length).toBeGreaterThanOrEqual(2);
    expect((await compareColumns(page)).sort()).toEqual(expected.sort());
    const text = await page.locator("main").innerText();
    expect(text).not.toContain("只能查看本庭的草稿分数");
    expect(text).not.toContain("暂不能查看");
    await shot(page, "compare-head");
    await page.context().close();
  });

  it("compare opens for a leader on the tribunals they oversee", async () => {
    const page = await newPage(portal);
    await login(portal, page, "leader1");
    await page.goto(`${portal.url}/compare`);
    await settled(page);
    const me = await trpc<Me>(page, "auth.me");
    const units = await trpc<Array<{ key: string; name: string }>>(page, "units.list");
    const mine = units.filter((u) => me.units.includes(u.key)).map((u) => u.name);
    const shown = await compareColumns(page);
    for (const name of mine) expect(shown).toContain(name);
    if (mine.length === 1) expect(shown.length).toBe(2);
    else expect(shown.length).toBe(Math.min(8, mine.length));
    await page.context().close();
  });

  it("the indicator table says 全院平均得分 beside 数值, and the radar's line is the court's average score rate", async () => {
    const page = await newPage(portal);
    await login(portal, page, "hr");
    await page.goto(`${portal.url}/units/maixin`);
    await settled(page);
    const headers = await page.locator(".unit-indicators .el-table__header-wrapper th").allInnerTexts();
    expect(headers.map((h) => h.trim())).toContain("全院平均得分");
    expect(headers.map((h) => h.trim())).not.toContain("全院平均");
    await page.context().close();
  });

  it("the rank change says 持平, ↑n or ↓n; 年初 in January under 年初至当月累计; 无数据 when there is no month before", async () => {
    const page = await newPage(portal);
    await login(portal, page, "hr");
    await settled(page);
    const changes = () => page.locator(".ranking-table .el-table__body tr td:nth-child(2)").allInnerTexts();
    const march = (await changes()).map((t) => t.trim());
    expect(march.length).toBe(8);
    for (const t of march) expect(t).toMatch(/^(持平|↑\d+|↓\d+)$/);
    expect(march.join("")).not.toContain("—");

    await choose(page, "考核月份", "2023年1月");
    await expect.poll(async () => (await changes()).map((t) => t.trim())).toEqual(Array(8).fill("年初"));
    expect(await page.locator("text=/“较上月”记为“年初”/").count()).toBe(1);

    // the first month the court has, under 当月: there is no month before it
    const periods = await trpc<Array<{ period: string }>>(page, "periods.list");
    const first = periods[periods.length - 1]!.period;
    const firstLabel = periodLabel(first);
    await choose(page, "考核月份", firstLabel);
    await choose(page, "统计口径", "当月");
    expect(await chosen(page, "统计口径")).toBe("当月");
    expect(await chosen(page, "考核月份")).toBe(firstLabel);
    await expect.poll(async () => (await changes()).map((t) => t.trim())).toEqual(Array(8).fill("无数据"));
    await shot(page, "rank-change-no-data");
    await page.context().close();
  });

  it("no page shows an ISO month or a tribunal's key: 2023年3月 and 麦新人民法庭", async () => {
    const iso = /\b\d{4}-\d{2}\b(?!-\d)/;
    const page = await newPage(portal);
    await login(portal, page, "hr");
    const units = await trpc<Array<{ key: string }>>(page, "units.list");
    const keys = new RegExp(`\\b(${units.map((u) => u.key).join("|")})\\b`);
    for (const path of ["/overview", "/compare", "/units/maixin", "/adjustments", "/audit"]) {
      await page.goto(`${portal.url}${path}`);
      await settled(page);
      const text = await page.locator("main").innerText();
      expect(text, path).not.toMatch(iso);
      // the audit log shows accounts as 名字(username), like head-maixin: only the other pages are free of keys
      if (path !== "/audit") expect(text, path).not.toMatch(keys);
    }
    await page.context().close();

    const stats = await newPage(portal);
    await login(portal, stats, "stats");
    await settled(stats);
    const text = await stats.locator("main").innerText();
    expect(text).not.toMatch(iso);
    expect(text).not.toMatch(keys);
    await stats.context().close();
  });
});
