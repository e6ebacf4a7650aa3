import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { settled, shot, signedIn, startPortal, trpc, view, type Portal } from "./harness";
import { expectFitsPhone, settled as settledPhone } from "./phone-checks";

/**
 * A court that ranks its tribunals in two groups (分类考核, rulebook.md §9; the demo's grouped
 * variant: 一类法庭 and 二类法庭): every ranking shows the group beside the ranks, which run within
 * it, and nothing ranks a tribunal against the other group's.
 */
let portal: Portal;
beforeAll(async () => {
  portal = await startPortal({ demo: "grouped" });
});
afterAll(async () => {
  await portal?.close();
});

const GROUPS = [
  { name: "一类法庭", units: ["大榆树人民法庭", "东风人民法庭", "黑龙坝人民法庭", "小街基人民法庭"] },
  { name: "二类法庭", units: ["麦新人民法庭", "义和塔拉人民法庭", "建华人民法庭", "吉日嘎郎吐人民法庭"] },
];

interface RankingAnswer {
  groups: Array<{ key: string; name: string }>;
  units: Array<{ unit: string; name: string; group: string; rank: number | null; hidden: boolean }>;
  ranksHidden: boolean;
}

/** Each group's block of the ranking table as shown: its heading, then each row's rank and tribunal. */
async function rankingBlocks(page: Page): Promise<Array<{ title: string; rows: Array<{ rank: string; name: string }> }>> {
  return page.locator(".ranking-block").evaluateAll((blocks) =>
    blocks.map((b) => ({
      title: b.querySelector(".group-title")?.childNodes[0]?.textContent?.trim() ?? "",
      rows: [...b.querySelectorAll(".el-table__body-wrapper tr.el-table__row")].map((tr) => {
        const cells = [...tr.querySelectorAll("td")].map((td) => (td.textContent ?? "").trim());
        return { rank: cells[0] ?? "", name: tr.querySelector(".unit-link")?.textContent?.trim() ?? "" };
      }),
    })),
  );
}

describe("a grouped ranking (分类考核)", () => {
  it("the overview ranks each group on its own, under its name, as the server ranked it", async () => {
    const page = await signedIn(portal, "hr");
    await page.goto(`${portal.url}/overview`);
    await settled(page);
    const answer = await trpc<RankingAnswer>(page, "scores.ranking", { period: "2023-03" });
    expect(answer.groups.map((g) => g.name)).toEqual(GROUPS.map((g) => g.name));

    const blocks = await rankingBlocks(page);
    expect(blocks.map((b) => b.title)).toEqual(GROUPS.map((g) => g.name));
    for (const [i, b] of blocks.entries()) {
      // the group's four tribunals and no other, each with its rank within the group as the server gave it
      expect([...b.rows.map((r) => r.name)].sort()).toEqual([...GROUPS[i]!.units].sort());
      const mine = answer.units.filter((u) => u.group === answer.groups[i]!.key);
      expect(b.rows).toEqual(mine.map((u) => ({ rank: String(u.rank), name: u.name })));
      expect(Number(b.rows[0]!.rank)).toBe(1);
      for (const r of b.rows) expect(Number(r.rank)).toBeLessThanOrEqual(4);
    }
    const heads = await page.locator(".ranking-block").first().locator("thead th").allInnerTexts();
    expect(heads[0]).toBe("组内名次");
    await expect.poll(() => page.locator("main").innerText()).toContain("各组分别排名,不跨组比较");

    // one bar chart per group, each under its group's name
    expect(await page.locator(".bar-block .group-title").allInnerTexts()).toEqual(GROUPS.map((g) => g.name));
    expect(await page.locator(".bar-block canvas").count()).toBe(2);
    // the year's trend too: a chart per group
    expect(await page.locator(".trend-block .group-title").allInnerTexts()).toEqual(GROUPS.map((g) => g.name));
    await view(page, "grouped-overview");
    await shot(page, "grouped-overview-full");
    await page.context().close();
  });

  it("a tribunal's page names its group, its rank within it, and 不适用 for an indicator of the other group only", async () => {
    const page = await signedIn(portal, "hr");
    await page.goto(`${portal.url}/units/maixin`);
    await settled(page);
    const main = page.locator("main");
    await expect.poll(() => main.locator(".rank-stat").innerText()).toMatch(/二类法庭组内名次\s*第\d名\s*二类法庭共 4 个法庭/);
    // 人均结案数 (T8) is assessed in 一类法庭 only: 不适用, never 0 or blank
    const t8 = main.locator(".unit-indicators .el-table__body tr", { hasText: "人均结案数" }).first();
    expect(await t8.innerText()).toMatch(/人均结案数[\s\S]*不适用[\s\S]*不适用/);
    const text = await main.innerText();
    expect(text).toContain("人均结案数:不适用,本项指标不考核二类法庭,不计分。");
    // the committee's score and its reason, as the engine wrote the explanation, and the rank within the group
    expect(text).toMatch(/考评委员会评议 [\d.]+ 分[((]2023年\d+月[^))]*[))],理由:“[^”]+”/);
    expect(text).toMatch(/[((]二类法庭中第 \d 名[))]/);
    await view(page, "grouped-unit-maixin");
    await page.context().close();
  });

  it("compare shows each tribunal's group and its rank within it", async () => {
    const page = await signedIn(portal, "hr");
    await page.goto(`${portal.url}/compare?units=dayushu,maixin`);
    await settled(page);
    const table = page.locator(".compare");
    await table.waitFor();
    const text = await table.innerText();
    expect(text).toContain("一类法庭");
    expect(text).toContain("二类法庭");
    expect(text).toContain("组内名次");
    // scores of two groups are never marked "best" against each other
    expect(await table.locator(".cell.best").count()).toBe(0);
    await page.context().close();
  });

  it("at 390 px the grouped overview is one column and fits", async () => {
    const page = await signedIn(portal, "leader1", 390);
    await page.goto(`${portal.url}/overview`);
    await settledPhone(page);
    const blocks = await rankingBlocks(page);
    expect(blocks.map((b) => b.title)).toEqual(GROUPS.map((g) => g.name));
    await expectFitsPhone(page, "分组排名总览");
    await view(page, "grouped-overview-390");
    await shot(page, "grouped-overview-390-full");
    await page.context().close();
  });
});
