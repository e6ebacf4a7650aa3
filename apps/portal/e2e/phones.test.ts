import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedIn, startPortal, type Portal } from "./harness";
import { expectFitsPhone, settled, still } from "./phone-checks";

/**
 * What a row is *for* shows on a phone without a swipe (product.md, "The portal, in Chinese"):
 * at 390 px 总分 in a ranking, 得分/失分 in a head's indicator table, 原值/新值 in an import
 * preview, 问题 in an error list and the 现行/草稿 pair in a replay are on the screen beside the
 * tribunal (or in a card), also once a wide table is scrolled to its far right; a statistician
 * enters one tribunal's month as a form; a document preview fits the width. Screenshots go to a
 * temporary directory (printed) to be looked at.
 */
let portal: Portal;
const SHOTS = mkdtempSync(join(tmpdir(), "scorecard-phones-"));
const dir = mkdtempSync(join(tmpdir(), "scorecard-phones-files-"));
beforeAll(async () => {
  portal = await startPortal();
  console.log(`phones: screenshots in ${SHOTS}`);
});
afterAll(async () => {
  await portal?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });
}

async function open(page: Page, path: string): Promise<void> {
  await page.goto(`${portal.url}${path}`);
  await settled(page);
}

interface KeyCells {
  /** the table's header texts found for each label ("" when none) */
  found: Record<string, string>;
  /** "label 左 x 右 y" of every key header or first-row cell not wholly on screen or covered, at either end of the table's scroll */
  off: string[];
  /** the first body row's cells fixed at the left */
  first: string;
  scrollable: boolean;
}

/**
 * For the first visible Element Plus table inside (or matching) `selector`: are the header cells named `labels`
 * and the first body row's cells under them wholly inside the viewport and not covered, with the
 * table's box scrolled to its left end and to its right end. Brings the table into view first.
 */
async function keyCells(page: Page, selector: string, labels: string[]): Promise<KeyCells> {
  await page.locator(`${selector} .el-table, ${selector}.el-table`).first().scrollIntoViewIfNeeded();
  return page.evaluate(
    async ([sel, labs]) => {
      const vw = window.innerWidth;
      const table = [...document.querySelectorAll(`${sel} .el-table, ${sel}.el-table`)].find((t) => (t as HTMLElement).offsetParent !== null)!;
      const wrap = table.querySelector(".el-table__body-wrapper .el-scrollbar__wrap")!;
      const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const ths = [...table.querySelectorAll(".el-table__header-wrapper th")] as HTMLElement[];
      const row = table.querySelector(".el-table__body tr.el-table__row")!;
      const found: Record<string, string> = {};
      const off: string[] = [];
      const check = (el: Element, what: string, end: string) => {
        const r = el.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + Math.min(r.height / 2, 10));
        if (r.left < -1 || r.right > vw + 1 || r.width < 20 || !hit || !el.contains(hit)) off.push(`${what}(${end}) 左 ${Math.round(r.left)} 右 ${Math.round(r.right)}`);
      };
      for (const end of ["左端", "右端"]) {
        wrap.scrollLeft = end === "左端" ? 0 : wrap.scrollWidth;
        wrap.dispatchEvent(new Event("scroll"));
        await frame();
        for (const label of labs) {
          const th = ths.find((t) => (t.textContent ?? "").trim().startsWith(label));
          found[label] = th ? (th.textContent ?? "").trim() : "";
          if (!th) continue;
          const column = [...th.classList].find((c) => /^el-table_\d+_column_\d+$/.test(c));
          const td = column ? row.querySelector(`td.${column}`) : null;
          window.scrollTo(0, window.scrollY + th.getBoundingClientRect().top - 80);
          check(th, `表头“${label}”`, end);
          if (td) {
            window.scrollTo(0, window.scrollY + td.getBoundingClientRect().top - 120);
            check(td, `首行“${label}”`, end);
          }
        }
      }
      const scrollable = wrap.scrollWidth > wrap.clientWidth + 4;
      wrap.scrollLeft = 0;
      wrap.dispatchEvent(new Event("scroll"));
      const fixed = [...row.querySelectorAll("td.el-table-fixed-column--left")].map((td) => (td.textContent ?? "").trim()).join(" ");
      return { found, off, first: fixed, scrollable };
    },
    [selector, labels] as const,
  );
}

/** Asserts the key columns of a table are on screen, beside its first column, at both ends of its scroll. */
async function expectKeyColumns(page: Page, selector: string, labels: string[], where: string, first?: RegExp): Promise<KeyCells> {
  const k = await keyCells(page, selector, labels);
  for (const l of labels) expect(k.found[l], `${where}:应有“${l}”列`).not.toBe("");
  expect(k.off, `${where}:${labels.join("、")}应在屏幕内,不必横向滑动`).toEqual([]);
  if (first) expect(k.first, `${where}:固定在左侧的是法庭`).toMatch(first);
  return k;
}

/** Every element matching `selector` (visible ones) lies wholly within the viewport's width. */
async function expectInside(page: Page, selector: string, where: string, atLeast = 1): Promise<number> {
  const boxes = await page.locator(selector).evaluateAll((els) =>
    els.filter((e) => (e as HTMLElement).offsetParent !== null).map((e) => {
      const r = e.getBoundingClientRect();
      return { left: r.left, right: r.right, text: (e.textContent ?? "").trim().slice(0, 20) };
    }),
  );
  expect(boxes.length, `${where}:应至少有 ${atLeast} 个`).toBeGreaterThanOrEqual(atLeast);
  for (const b of boxes) expect(b.left >= -1 && b.right <= 391, `${where}:“${b.text}”左 ${Math.round(b.left)} 右 ${Math.round(b.right)}`).toBe(true);
  return boxes.length;
}

const TRIBUNAL = /人民法庭/;

describe("at 390 px a row's purpose shows without a sideways swipe", () => {
  it("leader: 总分 beside the tribunal in the rankings, 得分/失分 beside the indicator, 总分 in the notice", async () => {
    const page = await signedIn(portal, "leader1", 390);
    // 分管法庭: the other tribunals' ranking
    await expectFitsPhone(page, "分管法庭");
    await expectKeyColumns(page, ".ranking-blocks", ["名次", "法庭", "总分"], "分管法庭·其他法庭排名", TRIBUNAL);
    await shot(page, "leader-my-units");

    await open(page, "/overview");
    await expectFitsPhone(page, "排名总览");
    const overview = await expectKeyColumns(page, ".ranking-blocks", ["名次", "法庭", "总分"], "排名总览", TRIBUNAL);
    expect(overview.scrollable, "排名总览:其余各列仍在表格框内滚动").toBe(true);
    await page.locator(".ranking-blocks").first().screenshot({ path: join(SHOTS, "leader-overview-ranking.png") });

    await open(page, "/units/dongfeng");
    await expectFitsPhone(page, "法庭详情");
    await expectKeyColumns(page, ".unit-indicators", ["指标", "得分", "失分"], "法庭详情·指标表");
    await page.locator(".unit-indicators").first().screenshot({ path: join(SHOTS, "leader-unit-indicators.png") });

    await open(page, "/notices/2023-02");
    await page.locator(".ranking").first().waitFor();
    await expectFitsPhone(page, "2023年2月通报");
    await expectKeyColumns(page, ".notice-page .ranking", ["名次", "法庭", "总分"], "2023年2月通报·排名", TRIBUNAL);
    await shot(page, "leader-notice");
    await page.context().close();
  });

  it("head: 得分/失分 of their own tribunal's indicators, 总分 in the ranking", async () => {
    const page = await signedIn(portal, "head-maixin", 390);
    expect(new URL(page.url()).pathname).toBe("/units/maixin");
    await expectFitsPhone(page, "本庭考核");
    await expectKeyColumns(page, ".unit-indicators", ["指标", "得分", "失分"], "本庭考核·指标表");
    await shot(page, "head-unit");
    await page.locator(".unit-indicators").first().screenshot({ path: join(SHOTS, "head-unit-indicators.png") });

    await open(page, "/overview");
    await expectFitsPhone(page, "庭长·排名总览");
    await expectKeyColumns(page, ".ranking-blocks", ["名次", "法庭", "总分"], "庭长·排名总览", TRIBUNAL);
    await shot(page, "head-overview");
    await page.context().close();
  });

  it("stats: one tribunal's month as a form; the import preview's 原值/新值 and the errors' 问题 in cards; the notice preview fits", async () => {
    const page = await signedIn(portal, "stats", 390);
    expect(new URL(page.url()).pathname).toBe("/data-entry");
    const form = page.locator(".entry-form");
    await form.waitFor();
    expect(await page.locator(".entry-table").count(), "数据填报:手机上不显示 22 列的表格").toBe(0);
    await expectFitsPhone(page, "数据填报");
    const inputs = await expectInside(page, ".entry-form .form-field input", "数据填报·表单输入框", 10);
    // one field a line: each input as wide as the form, one under another
    const lefts = await page.locator(".entry-form .form-field input").evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().left)));
    expect(new Set(lefts).size, "数据填报:字段排成一列").toBe(1);
    expect(inputs).toBeGreaterThanOrEqual(10);
    await shot(page, "stats-data-entry-form");

    // another tribunal chosen, one figure changed and saved from the form
    await page.locator(".form-unit-select").click();
    await page.locator(".el-select-dropdown__item", { hasText: "东风人民法庭" }).click();
    await still(page);
    const field = page.getByRole("textbox", { name: /^东风人民法庭 执行收案数/ });
    const before = await field.inputValue();
    await field.fill(String(Number(before) + 1));
    await field.blur();
    await page.getByRole("button", { name: "保存东风人民法庭" }).click();
    await page.locator(".el-message--success", { hasText: "已保存东风人民法庭的数据" }).waitFor();

    // the template, edited as in Excel: a changed figure, then a broken one
    const template = join(dir, "template.xlsx");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "下载填报模板" }).click()]);
    await download.saveAs(template);
    const edit = async (dst: string, values: Array<[string, string, ExcelJS.CellValue]>) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(template);
      const ws = wb.getWorksheet("数据填报")!;
      const headers = ws.getRow(1).values as unknown[];
      for (const [unit, label, value] of values) {
        let row = 0;
        ws.eachRow((r, i) => {
          if (r.getCell(1).value === unit) row = i;
        });
        ws.getRow(row).getCell(headers.findIndex((h) => h === label)).value = value;
      }
      await wb.xlsx.writeFile(dst);
    };
    const changed = join(dir, "changed.xlsx");
    await edit(changed, [["xiaojieji", "首执案件实际执行到位金额", 300], ["maixin", "审判结案数", 250]]);
    await page.setInputFiles("input[data-test=import-file]", changed);
    await page.getByRole("button", { name: "确认导入" }).waitFor();
    await page.locator(".change-card").first().waitFor();
    await still(page);
    await expectFitsPhone(page, "导入预览");
    await expectInside(page, ".change-card dd .label", "导入预览·原值/新值", 4);
    const card = await page.locator(".change-card", { hasText: "小街基人民法庭" }).innerText();
    expect(card).toContain("首执案件实际执行到位金额");
    expect(card).toMatch(/原值\s*[\d.]+\s*→\s*新值\s*300/);
    await page.locator(".change-cards").scrollIntoViewIfNeeded();
    await shot(page, "stats-import-preview", false);
    await page.locator(".change-cards").screenshot({ path: join(SHOTS, "stats-import-preview-cards.png") });

    const broken = join(dir, "broken.xlsx");
    await edit(broken, [["maixin", "审判结案数", "很多"], ["jianhua", "上诉案件数", -2]]);
    await page.setInputFiles("input[data-test=import-file]", broken);
    await page.locator(".problem-card").first().waitFor();
    await still(page);
    await expectFitsPhone(page, "导入错误");
    await expectInside(page, ".problem-card .what", "导入错误·问题", 2);
    const problems = await page.locator(".problem-cards").innerText();
    expect(problems).toMatch(/问题/);
    expect(problems).toContain("审判结案数");
    expect(problems).toMatch(/第 \d+ 行/);
    await page.locator(".problem-cards").screenshot({ path: join(SHOTS, "stats-import-errors.png") });

    // the draft notice's preview: the A4 page shrunk to the width, whole
    await open(page, "/publish/2023-03");
    const frame = page.locator("iframe.preview");
    await frame.waitFor();
    await expect.poll(() => page.frameLocator("iframe.preview").locator("body").innerText().catch(() => "")).toContain("草稿");
    await expect.poll(() => frame.evaluate((f) => !!(f as HTMLIFrameElement).style.transform)).toBe(true);
    await frame.scrollIntoViewIfNeeded();
    await still(page);
    const fit = await frame.evaluate((f) => {
      const el = f as HTMLIFrameElement;
      const r = el.getBoundingClientRect();
      const doc = el.contentDocument!.documentElement;
      return { left: r.left, right: r.right, width: r.width, pageWidth: doc.scrollWidth * (r.width / el.offsetWidth) };
    });
    expect(fit.left, "通报预览:左缘在屏幕内").toBeGreaterThanOrEqual(0);
    expect(fit.right, "通报预览:右缘在屏幕内").toBeLessThanOrEqual(390);
    expect(fit.width, "通报预览:占满卡片宽度").toBeGreaterThan(300);
    expect(fit.pageWidth, "通报预览:整页宽度缩入框内,不裁切").toBeLessThanOrEqual(fit.width + 1);
    await expectFitsPhone(page, "发布·通报预览");
    await page.locator(".frame-box").screenshot({ path: join(SHOTS, "stats-publish-preview.png") });
    await page.context().close();
  });

  it("hr: the studio's replay keeps 现行 and 草稿 side by side for every tribunal", async () => {
    const page = await signedIn(portal, "hr", 390);
    await open(page, "/studio");
    await page.locator(".versions .el-table__body tr", { hasText: "2022.1" }).first().getByRole("button", { name: "查看" }).click();
    await settled(page);
    await page.locator(".draft-tools").getByRole("button", { name: "以此为基础新建草稿" }).click();
    await page.locator(".el-message-box").getByRole("button", { name: "新建草稿" }).click();
    await page.locator(".el-message--success", { hasText: /已新建 .* 版草稿/ }).waitFor();
    await page.getByRole("tab", { name: "回放" }).click();
    await page.locator(".replay-cards .replay-unit").first().waitFor({ timeout: 60_000 });
    await still(page);
    await expectFitsPhone(page, "考核办法·回放");
    const cards = await page.locator(".replay-unit").count();
    expect(cards, "回放:每个法庭一张卡片").toBe(8);
    await expectInside(page, ".replay-pair thead th", "回放·现行/草稿", 16);
    const text = await page.locator(".replay-unit").first().innerText();
    expect(text).toMatch(TRIBUNAL);
    expect(text).toMatch(/现行\s+草稿/);
    expect(text).toMatch(/总分\s+[\d.]+\s+[\d.]+/);
    await page.locator(".replay-cards").scrollIntoViewIfNeeded();
    await shot(page, "hr-studio-replay", false);
    await page.context().close();
  });
});

describe("at 1440 px the tables keep their desktop columns", () => {
  it("the ranking, the indicator table and the data grid are tables; 总分 and 得分 are not fixed", async () => {
    const page = await signedIn(portal, "leader1");
    await open(page, "/overview");
    expect(await page.locator(".ranking-blocks .el-table-fixed-column--left").count(), "排名总览:桌面上没有固定列").toBe(0);
    const headers = await page.locator(".ranking-blocks .el-table__header-wrapper th").allInnerTexts();
    expect(headers.map((h) => h.trim())).toEqual(expect.arrayContaining(["名次", "较上月", "法庭", "总分"]));
    expect(headers.map((h) => h.trim()).indexOf("较上月")).toBeLessThan(headers.map((h) => h.trim()).indexOf("法庭"));
    await open(page, "/units/dongfeng");
    expect(await page.locator(".unit-indicators th", { hasText: "得分 / 满分" }).count()).toBeGreaterThan(0);
    expect(await page.locator(".unit-indicators th", { hasText: "计分说明" }).count()).toBeGreaterThan(0);
    await page.context().close();

    const stats = await signedIn(portal, "stats");
    await stats.locator(".entry-table").waitFor();
    expect(await stats.locator(".entry-form").count()).toBe(0);
    await stats.context().close();
  });
});
