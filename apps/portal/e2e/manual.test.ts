import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { settled, shot, signedIn, startPortal, trpc, view, type Portal } from "./harness";
import { expectFitsPhone, settled as settledPhone } from "./phone-checks";

/**
 * 政治处 enters the committee's scores (评议打分, rulebook.md §9) of the month under review: one
 * score with its reason per tribunal, checked against the indicator's points before it is sent;
 * the tribunal's explanation then shows it; a published month is read only; the committee scores'
 * own template goes out and comes back, a wrong file refused whole with its problems listed.
 * The demo's grouped court leaves 麦新 and 吉日嘎郎吐 without a March score.
 */
let portal: Portal;
let page: Page;
const dir = mkdtempSync(join(tmpdir(), "scorecard-manual-"));
beforeAll(async () => {
  portal = await startPortal({ demo: "grouped" });
  page = await signedIn(portal, "hr");
});
afterAll(async () => {
  await portal?.close();
  rmSync(dir, { recursive: true, force: true });
});

const M1 = "庭务管理与作风建设评议";
interface Manual {
  editable: boolean;
  rows: Array<{ unit: string; indicator: string; score: number; reason: string }>;
}

/** The cell of a tribunal and the committee indicator in the grid. */
const cell = (unit: string): Locator => page.locator(`[data-cell="${unit}|M1"]`);

/** Picks an option of one of the page's el-selects (by its aria-label). */
async function choose(select: string, option: string): Promise<void> {
  await page.locator(`.el-select:has(input[aria-label="${select}"])`).click();
  await page.locator(".el-select-dropdown__item:visible", { hasText: new RegExp(`^\\s*${option}\\s*$`) }).click();
  await settled(page);
}

describe("committee scores (评议打分)", () => {
  it("政治处 opens the page from the menu; it shows the month under review and what is missing", async () => {
    await page.locator(".aside").getByText("评议打分", { exact: true }).click();
    await page.waitForURL(/\/manual$/);
    await settled(page);
    const head = await page.locator(".manual-page .card-head").innerText();
    expect(head).toContain("2023年3月评议分数");
    expect(head).toMatch(/已录入 6 \/ 8 项;尚未录入:麦新人民法庭、吉日嘎郎吐人民法庭/);
    expect(await cell("maixin").innerText()).toContain("尚未录入");
    expect(await page.locator(".manual-grid thead").innerText()).toContain(M1);
  });

  it("a score above the points and a missing reason are refused in words, and nothing is saved", async () => {
    await page.getByLabel(`麦新人民法庭 ${M1} 分数`).fill("6");
    await page.getByRole("button", { name: `保存麦新人民法庭${M1}` }).click();
    const error = cell("maixin").locator(".error");
    await expect.poll(() => error.innerText()).toContain("超过该指标的分值 5 分");
    expect(await error.innerText()).toContain("没有写理由");
    const stored = await trpc<Manual>(page, "manual.get", { period: "2023-03" });
    expect(stored.rows.some((r) => r.unit === "maixin" && r.indicator === "M1")).toBe(false);
  });

  it("a score with its reason is saved, and the tribunal's explanation gives it with the reason", async () => {
    await page.getByLabel(`麦新人民法庭 ${M1} 分数`).fill("4.35");
    await page.getByLabel(`麦新人民法庭 ${M1} 理由`).fill("庭务管理规范,卷宗归档及时");
    await page.getByRole("button", { name: `保存麦新人民法庭${M1}` }).click();
    await page.locator(".el-message--success", { hasText: `已保存麦新人民法庭“${M1}”的评议分数 4.35 分` }).waitFor();
    await expect.poll(() => cell("maixin").innerText()).toMatch(/政治处 · 2\d{3}年\d+月\d+日 \d\d:\d\d 录入/);
    expect(await page.locator(".manual-page .card-head").innerText()).toMatch(/已录入 7 \/ 8 项;尚未录入:吉日嘎郎吐人民法庭/);
    const stored = await trpc<Manual>(page, "manual.get", { period: "2023-03" });
    expect(stored.rows.find((r) => r.unit === "maixin" && r.indicator === "M1")).toMatchObject({ score: 4.35, reason: "庭务管理规范,卷宗归档及时" });
    await view(page, "manual-page");

    await page.goto(`${portal.url}/units/maixin`);
    await settled(page);
    const row = page.locator(".unit-indicators .el-table__body tr", { hasText: M1 }).first();
    // the engine's words: the score, its month and the reason as entered
    await expect.poll(() => row.innerText()).toMatch(/考评委员会评议 4\.35 分[((]2023年3月[^))]*[))],理由:“庭务管理规范,卷宗归档及时”/);
    expect(await row.innerText()).toMatch(/4\.35 \/ 5/);
    await page.goBack();
    await settled(page);
  });

  it("the committee scores' template carries what is stored; a wrong file is refused whole, a right one imported", async () => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "下载评议打分模板" }).click()]);
    expect(download.suggestedFilename()).toBe("评议打分-2023-03.xlsx");
    const file = join(dir, "template.xlsx");
    await download.saveAs(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet("评议打分")!;
    const rows = ws.getSheetValues().filter(Boolean).map((r) => (Array.isArray(r) ? r.slice(1).map((v) => (v === null || v === undefined ? "" : String(v))) : []));
    const maixin = rows.find((r) => r.includes("maixin"))!;
    expect(maixin).toContain("4.35");
    expect(maixin).toContain("庭务管理规范,卷宗归档及时");

    const before = await trpc<Manual>(page, "manual.get", { period: "2023-03" });
    const bad = "period,unit,indicator,score,reason\n2023-03,jirigalangtu,M1,9,作风建设扎实\n";
    await page.setInputFiles("input[data-test=manual-import-file]", { name: "评议.csv", mimeType: "text/csv", buffer: Buffer.from(bad) });
    const panel = page.locator(".manual-import");
    // an upload is read in a worker thread of its own, which first loads the readers: allow it time
    await expect.poll(() => panel.innerText(), { timeout: 30_000 }).toMatch(/文件有 1 处错误,未导入任何数据/);
    expect(await panel.innerText()).toContain("超过该指标的分值 5 分");
    expect(await trpc<Manual>(page, "manual.get", { period: "2023-03" })).toEqual(before);
    await shot(page, "manual-import-problems");

    const good = 'period,unit,indicator,score,reason\n2023-03,jirigalangtu,M1,3.9,"卷宗归档滞后,庭务管理需整改"\n';
    await page.setInputFiles("input[data-test=manual-import-file]", { name: "评议.csv", mimeType: "text/csv", buffer: Buffer.from(good) });
    await expect.poll(() => panel.innerText(), { timeout: 30_000 }).toContain("已导入 1 项评议分数");
    await expect.poll(() => page.locator(".manual-page .card-head").innerText()).toMatch(/已录入 8 \/ 8 项/);
    expect(await cell("jirigalangtu").locator("textarea").inputValue()).toBe("卷宗归档滞后,庭务管理需整改");
  });

  it("a published month is read only", async () => {
    await choose("考核月份", "2023年2月");
    const alert = page.locator(".manual-page .read-only");
    await expect.poll(() => alert.innerText()).toMatch(/2023年2月已发布\(第 1 版\)|2023年2月已发布(第 1 版)/);
    expect(await alert.innerText()).toContain("评议分数随通报一并固定,只能查看");
    // what was entered, as text: nothing to type into, nothing to save
    expect(await cell("maixin").innerText()).toMatch(/[\d.]+\s*\/ 5 分\s*理由:\S+/);
    expect(await page.locator(".manual-grid input, .manual-grid textarea").count()).toBe(0);
    expect(await page.getByRole("button", { name: `保存麦新人民法庭${M1}` }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "上传评议打分表" }).isDisabled()).toBe(true);
    expect((await trpc<Manual>(page, "manual.get", { period: "2023-02" })).editable).toBe(false);
    await view(page, "manual-page-published");
    await choose("考核月份", "2023年3月");
  });

  it("fits a phone at 390 px", async () => {
    const phone = await signedIn(portal, "hr", 390);
    await phone.goto(`${portal.url}/manual`);
    await settledPhone(phone);
    await phone.locator(".manual-grid").waitFor();
    await expectFitsPhone(phone, "评议打分");
    await view(phone, "manual-page-390");
    await shot(phone, "manual-page-390-full");
    await phone.context().close();
  });

  it("is offered to 政治处 only", async () => {
    const stats = await signedIn(portal, "stats");
    expect(await stats.locator(".aside").getByText("评议打分", { exact: true }).count()).toBe(0);
    await stats.goto(`${portal.url}/manual`);
    await stats.waitForURL((u) => u.pathname !== "/manual");
    await stats.context().close();
  });
});
