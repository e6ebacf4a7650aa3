/**
 * The phone checks of phone.test.ts, for every test file that looks at a page at 390 px: what
 * "fits a phone" means (product.md, "The portal, in Chinese") asserted on the page as it is now.
 */
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { layout, tableScrolls, type TableScroll } from "./fit";

/** Waits until the page has its data: no request in flight, no skeleton, charts sized. */
export async function settled(page: Page): Promise<void> {
  await page.waitForLoadState("networkidle");
  await page.waitForFunction(() => !document.querySelector(".el-skeleton, .el-loading-mask"));
  await still(page);
}

/** Waits for transitions to end (a dialog zooming in, a drawer sliding out) and for chart.js to resize. */
export async function still(page: Page): Promise<void> {
  // a transition starts a frame or two after the change that causes it
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== "running" || a.effect?.getTiming().iterations === Infinity));
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

export const TRIBUNALS = /(大榆树|东风|黑龙坝|麦新|义和塔拉|建华|小街基|吉日嘎郎吐)人民法庭/;

/** Everything the phone promises, on the page as it is now. */
export async function expectFitsPhone(page: Page, where: string): Promise<TableScroll[]> {
  const l = await page.evaluate(layout);
  expect(l.innerWidth, `${where}:视口宽度`).toBe(page.viewportSize()!.width);
  expect(l.cut, `${where}:超出屏幕右缘而又不在可横向滚动的框内的元素`).toEqual([]);
  expect(l.scrollWidth, `${where}:页面不应横向滚动`).toBeLessThanOrEqual(l.innerWidth);
  // one column: every top-level card starts at the same left edge and has the same width
  if (l.cards.length > 1) {
    for (const c of l.cards) {
      expect(Math.abs(c.left - l.cards[0]!.left), `${where}:卡片“${c.title}”应与其他卡片同列`).toBeLessThanOrEqual(1);
      expect(Math.abs(c.width - l.cards[0]!.width), `${where}:卡片“${c.title}”应占满整列`).toBeLessThanOrEqual(1);
    }
  }
  for (const c of l.cards) expect(c.width, `${where}:卡片“${c.title}”应几乎占满屏宽`).toBeGreaterThanOrEqual(l.innerWidth - 40);
  const tables = await page.evaluate(tableScrolls);
  for (const [i, t] of tables.entries()) if (t.scrollable) expect(t.fixedVisible, `${where}:第 ${i + 1} 个表格横向滚动后首列应固定可见(${t.fixedText})`).toBe(true);
  return tables;
}

