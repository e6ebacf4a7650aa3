import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedIn, startPortal, trpc, type Portal } from "./harness";
import { settled } from "./phone-checks";

/**
 * Figures a page composes of its own add up with what they hold (issue 18, "pages that state only
 * what is true"): a tribunal's 总分 is its indicators' full points less the points lost, plus 加分
 * and less 扣分, each named.
 */
interface Ranking {
  units: Array<{ unit: string; rank: number; bonus: number; penalty: number }>;
}

async function open(page: Page, portal: Portal, path: string): Promise<void> {
  await page.goto(`${portal.url}${path}`);
  await settled(page);
}

describe("figures that add up", () => {
  let portal: Portal;
  beforeAll(async () => {
    portal = await startPortal();
  });
  afterAll(async () => {
    await portal?.close();
  });

  it("a tribunal's 总分 reads as 指标满分 − 指标失分 + 加分 − 扣分, and adds up", async () => {
    const page = await signedIn(portal, "stats");
    const ranking = await trpc<Ranking>(page, "scores.ranking", { period: "2023-03" });
    // one tribunal with a bonus, one with a penalty (the demo has both)
    const withBonus = ranking.units.find((u) => u.bonus > 0)!;
    const withPenalty = ranking.units.find((u) => u.penalty > 0)!;
    for (const u of [withBonus, withPenalty]) {
      await open(page, portal, `/units/${u.unit}`);
      const box = page.locator(".stat", { hasText: "总分" }).first();
      const total = Number(await box.locator(".value").innerText());
      const made = await box.locator(".total-made-of").innerText();
      const m = /^指标满分 ([\d.]+) − 指标失分 ([\d.]+)(?: \+ 加分 ([\d.]+))?(?: − 扣分 ([\d.]+))?$/.exec(made);
      expect(m, made).not.toBeNull();
      const [full, lost, bonus, penalty] = [m![1], m![2], m![3] ?? "0", m![4] ?? "0"].map(Number) as [number, number, number, number];
      expect(Math.round((full - lost + bonus - penalty) * 100) / 100).toBe(total);
      if (u.bonus > 0) expect(bonus).toBe(u.bonus);
      if (u.penalty > 0) expect(penalty).toBe(u.penalty);
      // the 失分 column of the indicator table holds the same points lost
      expect(made).toContain("指标失分");
    }
  });
});
