import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { login, newPage, shot, startPortal, type Portal } from "./harness";

let portal: Portal;
let page: Page;
const dir = mkdtempSync(join(tmpdir(), "scorecard-import-"));

beforeAll(async () => {
  portal = await startPortal();
  page = await newPage(portal);
  await login(portal, page, "stats");
});
afterAll(async () => {
  await portal?.close();
});

/** The API, called from the page with the user's own session, as the portal does. */
async function trpc<T>(path: string, input: unknown): Promise<T> {
  const body = await page.evaluate(async ([p, i]) => (await fetch(`/trpc/${p}?input=${encodeURIComponent(JSON.stringify(i))}`)).json(), [path, input] as const);
  return (body as { result: { data: T } }).result.data;
}
type Ranking = { units: Array<{ unit: string; rank: number; total: number }> };
type Facts = { rows: Array<{ unit: string; values: Record<string, number>; version: number }> };

/** Edits the downloaded template with exceljs, as a statistician would in Excel. */
async function edit(src: string, dst: string, change: (cell: (unitKey: string, label: string) => ExcelJS.Cell) => void): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(src);
  const ws = wb.getWorksheet("数据填报")!;
  const headers = ws.getRow(1).values as unknown[];
  change((unitKey, label) => {
    let row = 0;
    ws.eachRow((r, i) => {
      if (r.getCell(1).value === unitKey) row = i;
    });
    const col = headers.findIndex((h) => h === label);
    if (!row || col < 1) throw new Error(`no cell for ${unitKey} / ${label}`);
    return ws.getRow(row).getCell(col);
  });
  await wb.xlsx.writeFile(dst);
}

describe("stats imports the month's workbook", () => {
  const template = join(dir, "template.xlsx");

  it("downloads the template from the data entry page", async () => {
    expect(new URL(page.url()).pathname).toBe("/data-entry");
    await page.waitForSelector(".entry-table input");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "下载填报模板" }).click()]);
    expect(download.suggestedFilename()).toBe("考核数据-2023-03.xlsx");
    await download.saveAs(template);
    await shot(page, "data-entry");
  });

  it("a valid workbook shows the difference, commits, and the ranking moves", async () => {
    const before = await trpc<Ranking>("scores.ranking", { period: "2023-03" });
    const changed = join(dir, "changed.xlsx");
    // 小街基 recovers far more money: its 首执到位率 (E5) rises
    await edit(template, changed, (cell) => {
      cell("xiaojieji", "首执案件实际执行到位金额").value = 300;
    });
    await page.setInputFiles("input[data-test=import-file]", changed);
    await page.waitForSelector("text=确认导入");
    const preview = page.locator(".import");
    await expect.poll(() => preview.locator("text=首执案件实际执行到位金额").count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await preview.locator("text=有修改 1 个").count()).toBe(1);
    await shot(page, "import-preview");
    await page.getByRole("button", { name: "确认导入" }).click();
    await page.waitForSelector("text=/已导入 1 个法庭的数据/");
    const after = await trpc<Ranking>("scores.ranking", { period: "2023-03" });
    const total = (r: Ranking) => r.units.find((u) => u.unit === "xiaojieji")!.total;
    expect(total(after)).toBeGreaterThan(total(before));
    const facts = await trpc<Facts>("facts.get", { period: "2023-03" });
    expect(facts.rows.find((r) => r.unit === "xiaojieji")!.values.enf_first_amount_recovered).toBe(300);
  });

  it("a broken workbook is refused with every error listed by row and column, and nothing changes", async () => {
    const before = await trpc<Facts>("facts.get", { period: "2023-03" });
    const broken = join(dir, "broken.xlsx");
    await edit(template, broken, (cell) => {
      cell("maixin", "审判结案数").value = "很多";
      cell("jianhua", "上诉案件数").value = -2;
      cell("dongfeng", "执行收案数").value = null;
    });
    await page.setInputFiles("input[data-test=import-file]", broken);
    await page.waitForSelector("text=/文件有 3 处错误/");
    const text = await page.locator(".import").innerText();
    expect(text).toContain("未导入任何数据");
    for (const label of ["审判结案数", "上诉案件数", "执行收案数"]) expect(text).toContain(label);
    expect(text).toMatch(/第 \d+ 行 [A-Z]+ 列/);
    await shot(page, "import-errors");
    const after = await trpc<Facts>("facts.get", { period: "2023-03" });
    expect(after).toEqual(before);
  });
});
