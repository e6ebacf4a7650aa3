import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { settled, shot, signedIn, startPortal, trpc, view, type Portal } from "./harness";
import { expectFitsPhone, settled as settledPhone } from "./phone-checks";

/**
 * A court whose rulebook keeps the ranking internal (不通报排名, rulebook.md §9; the demo's
 * internal variant): heads and leaders see totals, scores, 达标 and warnings but no rank, no order
 * by rank, no rank change and no first or last place on any page; 政治处 still sees the ranks.
 */
let portal: Portal;
beforeAll(async () => {
  portal = await startPortal({ demo: "internal" });
});
afterAll(async () => {
  await portal?.close();
});

/**
 * Words that tell a place: a rank, a change of rank (↑2, 新, 分组变化 under a 较上月 column, which
 * the headers are checked for), last place, the biggest climb or fall. (较上月 alone also compares
 * the court's rates with last month's in the 情况分析.)
 */
const PLACE = /第\s*\d+\s*名|名次\s*\d|[↑↓]\s*\d|末位|进步最大|退步最大/;

/** Everything a user reads on the page: its text, the table headers and the charts' descriptions. */
async function readable(page: Page): Promise<{ text: string; headers: string[]; charts: string[] }> {
  const main = page.locator("main");
  return {
    text: await main.innerText(),
    headers: (await main.locator("th").allInnerTexts()).map((h) => h.trim()).filter(Boolean),
    charts: await main.locator("[role=img]").evaluateAll((els) => els.map((e) => e.getAttribute("aria-label") ?? "")),
  };
}

async function expectNoPlace(page: Page, where: string): Promise<void> {
  const r = await readable(page);
  expect(r.text, `${where}:页面文字不应显示名次`).not.toMatch(PLACE);
  expect(
    r.headers.filter((h) => /名次|较上月/.test(h)),
    `${where}:表头不应有名次或较上月`,
  ).toEqual([]);
  for (const c of r.charts) expect(c, `${where}:图表不应有名次轴`).not.toMatch(/名次/);
  expect(await page.locator("main .best-mark").count(), `${where}:不应标出“最优”`).toBe(0);
}

/** The court's order, within each group: what a head or leader sees instead of a ranking. */
const COURT_ORDER = {
  一类法庭: ["大榆树人民法庭", "东风人民法庭", "黑龙坝人民法庭", "小街基人民法庭"],
  二类法庭: ["麦新人民法庭", "义和塔拉人民法庭", "建华人民法庭", "吉日嘎郎吐人民法庭"],
};

async function blocks(page: Page): Promise<Record<string, string[]>> {
  const list = await page.locator(".ranking-block").evaluateAll((bs) =>
    bs.map((b) => [b.querySelector(".group-title")?.childNodes[0]?.textContent?.trim() ?? "", [...b.querySelectorAll(".el-table__body-wrapper .unit-link")].map((a) => a.textContent?.trim() ?? "")] as const),
  );
  return Object.fromEntries(list);
}

describe("a ranking kept internal (不通报排名)", () => {
  it("a head sees no rank on their tribunal's page, the overview, the comparison or a notice", async () => {
    const page = await signedIn(portal, "head-maixin");
    expect(new URL(page.url()).pathname).toBe("/units/maixin");
    // the server sends none: every rank null, ranksHidden
    const unit = await trpc<{ ranksHidden: boolean; unit: { rank: number | null; indicators: Record<string, { rank: number | null }> } }>(page, "scores.unit", { unit: "maixin", period: "2023-03" });
    expect(unit.ranksHidden).toBe(true);
    expect(unit.unit.rank).toBeNull();
    expect(Object.values(unit.unit.indicators).every((i) => i.rank === null)).toBe(true);

    const main = page.locator("main");
    await main.locator(".unit-indicators").first().waitFor();
    await expectNoPlace(page, "本庭考核");
    const text = await main.innerText();
    // what stays: totals, indicator scores, 达标 marks, the group
    expect(text).toMatch(/总分\s*\d+\.\d\d/);
    const [, yes, of] = /达标指标\s*(\d+) \/ (\d+)/.exec(text) ?? [];
    expect(Number(of)).toBeGreaterThan(0);
    // each indicator marked 达标 (its score equals its points) or 未达标, as many as the count says
    expect(await main.locator(".unit-indicators .el-table__body .attained").count()).toBe(Number(yes));
    expect(await main.locator(".unit-indicators .el-table__body .not-attained").count()).toBe(Number(of) - Number(yes));
    expect(text).toContain("二类法庭");
    await view(page, "internal-head-unit");
    await shot(page, "internal-head-unit-full");

    await page.goto(`${portal.url}/overview`);
    await settled(page);
    await expectNoPlace(page, "庭长 总览");
    expect(await page.locator("h1").innerText()).toBe("考核总览");
    await view(page, "internal-head-overview");

    await page.goto(`${portal.url}/compare`);
    await settled(page);
    await page.locator(".compare").waitFor();
    await expectNoPlace(page, "庭长 对比分析");
    await view(page, "internal-head-compare");

    await page.goto(`${portal.url}/notices/2023-02`);
    await settled(page);
    await page.locator(".ranking").waitFor();
    await expectNoPlace(page, "庭长 2023年2月通报");
    await page.context().close();
  });

  it("a leader sees the tribunals in the court's order within each group, and no rank on 分管法庭 or a tribunal's page", async () => {
    const page = await signedIn(portal, "leader1");
    expect(new URL(page.url()).pathname).toBe("/my-units");
    await page.locator(".unit-card").first().waitFor();
    await expectNoPlace(page, "分管法庭");
    const my = await page.locator("main").innerText();
    expect(my).toMatch(/达标指标\s*\d+\s*\/ \d+/);
    expect(my).toContain("本院考核排名不通报");
    await shot(page, "internal-leader-my-units");

    await page.goto(`${portal.url}/overview`);
    await settled(page);
    await expectNoPlace(page, "分管领导 总览");
    expect(await blocks(page)).toEqual(COURT_ORDER);
    const answer = await trpc<{ ranksHidden: boolean; units: Array<{ rank: number | null }> }>(page, "scores.ranking", { period: "2023-03" });
    expect(answer.ranksHidden).toBe(true);
    expect(answer.units.every((u) => u.rank === null)).toBe(true);
    await view(page, "internal-leader-overview");

    await page.goto(`${portal.url}/units/dongfeng`);
    await settled(page);
    await page.locator(".unit-indicators").first().waitFor();
    await expectNoPlace(page, "分管领导 法庭详情");

    await page.goto(`${portal.url}/compare?units=dayushu,dongfeng,maixin`);
    await settled(page);
    await page.locator(".compare").waitFor();
    await expectNoPlace(page, "分管领导 对比分析");
    await page.context().close();
  });

  it("on a phone the head's page without ranks fits too", async () => {
    const page = await signedIn(portal, "head-maixin", 390);
    await settledPhone(page);
    await page.locator(".unit-indicators").first().waitFor();
    await expectNoPlace(page, "手机 本庭考核");
    await expectFitsPhone(page, "手机 本庭考核(不通报排名)");
    await view(page, "internal-head-unit-390");
    await shot(page, "internal-head-unit-390-full");
    await page.context().close();
  });

  it("政治处 still sees the ranks, within each group", async () => {
    const page = await signedIn(portal, "hr");
    await page.goto(`${portal.url}/overview`);
    await settled(page);
    const answer = await trpc<{ ranksHidden: boolean }>(page, "scores.ranking", { period: "2023-03" });
    expect(answer.ranksHidden).toBe(false);
    expect(await page.locator(".ranking-block").first().locator("thead th").first().innerText()).toBe("组内名次");
    expect(await page.locator("main").innerText()).toMatch(/较上月/);
    await page.goto(`${portal.url}/units/maixin`);
    await settled(page);
    await expect.poll(() => page.locator("main .rank-stat").innerText()).toMatch(/二类法庭组内名次\s*第\d名/);
    await page.context().close();
  });
});
