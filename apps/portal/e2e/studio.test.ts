import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCREENSHOTS, settled, shot, signedIn, startPortal, trpc, view, type Portal } from "./harness";
import { expectFitsPhone, settled as settledPhone, still } from "./phone-checks";

/**
 * 政治处 revises the 考核办法 in the studio (product.md, "The rulebook studio"), as a newcomer
 * would: opens 2022.1 (read only), makes a draft from it, changes E4 首执完毕率's method and
 * points in forms, sees a bad value refused at its input and in the summary as it is typed (the
 * CLI's words) and the message go once corrected, saves, reloads, exports the JSON file, and
 * activates the draft from a future month — the published months keep their scores. A head
 * cannot open the studio, and the server refuses a head's save.
 */
let portal: Portal;
let page: Page;
beforeAll(async () => {
  portal = await startPortal();
  page = await signedIn(portal, "hr");
});
afterAll(async () => {
  await portal?.close();
});

interface Version {
  id: string;
  version: string;
  status: "draft" | "active";
  effectiveFrom: string;
}
interface Ranking {
  units: Array<{ unit: string; total?: number; rank?: number | null }>;
  frozen: { revision: number; number: string } | null;
}

/** A mutation of the API with the page's own session; the error's message and code when refused. */
async function mutate(p: Page, path: string, input: unknown): Promise<{ data?: unknown; error?: { message: string; code: string } }> {
  const body = (await p.evaluate(
    async ([path, i]) => (await fetch(`/trpc/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(i) })).json(),
    [path, input] as const,
  )) as { result?: { data: unknown }; error?: { message: string; data?: { code: string } } };
  return body.result ? { data: body.result.data } : { error: { message: body.error?.message ?? "", code: body.error?.data?.code ?? "" } };
}

const E4 = "$.sections[1].indicators[3]";
const place = (path: string): Locator => page.locator(`.studio-page [data-path="${path}"]`).first();
const errorAt = (path: string): Locator => place(path).locator(":scope > .ed-error");
const versionRow = (version: string): Locator => page.locator(".versions .el-table__body tr", { hasText: version }).first();

/** Picks an option of an el-select inside a place of the form. */
async function choose(select: Locator, option: string): Promise<void> {
  await select.locator(".el-select").first().click();
  await page.locator(".el-select-dropdown__item:visible", { hasText: new RegExp(`^\\s*${option}\\s*$`) }).click();
}

async function editorTab(name: string): Promise<void> {
  await page.locator(".editor-tabs .el-radio-button", { hasText: name }).click();
}

const published = async () => (await trpc<Ranking>(page, "scores.ranking", { period: "2023-02" })).units.map((u) => [u.unit, u.total, u.rank]);
let before: unknown[] = [];
let draftId = "";

describe("the rulebook studio (考核办法)", () => {
  it("政治处 opens it from the menu: every version with its state and first month; 2022.1 opens read only", async () => {
    before = await published();
    await page.locator(".aside").getByText("考核办法", { exact: true }).click();
    await page.waitForURL(/\/studio$/);
    await settled(page);
    const row = await versionRow("2022.1").innerText();
    expect(row).toContain("已启用");
    expect(row).toContain("自2022年1月起生效");
    expect(await page.locator(".studio-page").innerText()).toContain("已发布至2023年2月");

    await versionRow("2022.1").getByRole("button", { name: "查看" }).click();
    await settled(page);
    await expect.poll(() => page.locator(".draft-card .card-title").innerText()).toContain("2022.1 版 · 已启用");
    expect(await page.locator(".draft-card .full-score").innerText()).toBe("满分 100 分");
    expect(await place("$.version").locator("input").isDisabled()).toBe(true);
    expect(await page.getByRole("button", { name: "保存", exact: true }).count()).toBe(0);
    await editorTab("板块与指标");
    await page.locator('tr[data-indicator="E4"]').getByRole("button", { name: "查看" }).click();
    expect(await place(`${E4}.points`).locator("input").inputValue()).toBe("8");
    expect(await place(`${E4}.points`).locator("input").isDisabled()).toBe(true);
    expect(await place(`${E4}.method`).innerText()).toContain("排名赋分法");
    expect(await place(`${E4}.method`).locator(".el-select__wrapper").getAttribute("class")).toContain("is-disabled");
    expect(await page.locator('tr[data-indicator="E4"]').getByRole("button", { name: "下移" }).isDisabled()).toBe(true);
    await editorTab("基本信息");
  });

  it("以此为基础新建草稿 makes a draft 2022.2 from the month after the last published one, and opens it", async () => {
    await page.locator(".draft-tools").getByRole("button", { name: "以此为基础新建草稿" }).click();
    const box = page.locator(".el-message-box");
    expect(await box.locator("input").inputValue()).toBe("2022.2");
    await box.getByRole("button", { name: "新建草稿" }).click();
    await page.locator(".el-message--success", { hasText: "已新建 2022.2 版草稿" }).waitFor();
    await expect.poll(() => page.locator(".draft-card .card-title").innerText()).toContain("2022.2 版 · 草稿");
    draftId = new URL(page.url()).searchParams.get("v") ?? "";
    expect(draftId).not.toBe("");
    const list = await trpc<Version[]>(page, "rulebooks.list");
    expect(list.find((v) => v.id === draftId)).toMatchObject({ version: "2022.2", status: "draft", effectiveFrom: "2023-03" });
    expect(await place("$.version").locator("input").isDisabled()).toBe(false);
  });

  it("changes E4 首执完毕率's method and points in forms; the full score follows", async () => {
    await editorTab("板块与指标");
    await page.locator('tr[data-indicator="E4"]').getByRole("button", { name: "编辑" }).click();
    await page.locator(".ed-indicator-card", { hasText: "编辑指标 E4 首执完毕率" }).waitFor();
    expect(await place(`${E4}.method`).innerText()).toContain("排名赋分法");
    await choose(place(`${E4}.method`), "功效系数法");
    await place(`${E4}.method.floor`).waitFor();
    expect(await place(`${E4}.method.floor`).locator("input").inputValue()).toBe("0.6");
    await place(`${E4}.points`).locator("input").fill("10");
    expect(await page.locator(".draft-card .full-score").innerText()).toBe("满分 102 分");
    expect(await page.locator('tr[data-indicator="E4"]').innerText()).toMatch(/E4\s+首执完毕率\s+10\s+功效系数法/);
    expect(await page.locator(".draft-card .save-state").innerText()).toBe("有未保存的修改");
  });

  it("a bad value is shown at its input and in the summary as it is typed, and goes once corrected", async () => {
    const points = place(`${E4}.points`).locator("input");
    await points.fill("0");
    await expect.poll(() => errorAt(`${E4}.points`).innerText()).toMatch(/[\u4e00-\u9fff]/);
    const summary = page.locator(".ed-problems");
    expect(await summary.innerText()).toContain("草稿有 1 处错误");
    expect(await summary.innerText()).toContain("指标 E4 首执完毕率 · 分值");
    expect(await page.locator(".editor-tabs .tab-errors").innerText()).toBe("1");
    await view(page, "studio-error");
    await points.fill("10");
    await expect.poll(() => errorAt(`${E4}.points`).count()).toBe(0);
    expect(await summary.count()).toBe(0);

    // a duplicate key: at the key, named in the summary; its place there goes to the input
    await place(`${E4}.key`).locator("input").fill("E3");
    await expect.poll(() => errorAt(`${E4}.key`).innerText()).toContain('指标键 "E3" 重复');
    await editorTab("基本信息");
    await summary.getByRole("button", { name: /指标 E3 首执完毕率 · 键/ }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest("[data-path]")?.getAttribute("data-path"))).toBe(`${E4}.key`);
    await place(`${E4}.key`).locator("input").fill("E4");
    await expect.poll(() => summary.count()).toBe(0);
    // saving is refused while a value is wrong
    await place(`${E4}.points`).locator("input").fill("abc");
    await page.getByRole("button", { name: "保存", exact: true }).click();
    await page.locator(".el-message--error", { hasText: "草稿还有 1 处错误,改正后才能保存" }).waitFor();
    await place(`${E4}.points`).locator("input").fill("10");
    await expect.poll(() => summary.count()).toBe(0);
  });

  it("saves; after a reload the change is there", async () => {
    await page.getByRole("button", { name: "保存", exact: true }).click();
    await page.locator(".el-message--success", { hasText: "已保存 2022.2 版草稿" }).waitFor();
    expect(await page.locator(".draft-card .save-state").innerText()).toMatch(/^已保存 · /);
    const stored = await trpc<{ rulebook: { sections: Array<{ indicators: Array<{ key: string; points: number; method: { type: string; floor?: number } }> }> } }>(page, "rulebooks.get", { id: draftId });
    expect(stored.rulebook.sections[1]!.indicators[3]).toMatchObject({ key: "E4", points: 10, method: { type: "efficacy", floor: 0.6 } });

    await page.reload();
    await settled(page);
    await expect.poll(() => page.locator(".draft-card .card-title").innerText()).toContain("2022.2 版 · 草稿");
    await editorTab("板块与指标");
    expect(await page.locator('tr[data-indicator="E4"]').innerText()).toMatch(/E4\s+首执完毕率\s+10\s+功效系数法/);
    expect(await page.locator(".draft-card .full-score").innerText()).toBe("满分 102 分");
    await page.locator('tr[data-indicator="E4"]').getByRole("button", { name: "编辑" }).click();
    await place(`${E4}.points`).waitFor();
    await still(page);
    await shot(page, "studio-draft-1440");
  });

  it("leaving with unsaved changes asks first; staying keeps them", async () => {
    await place(`${E4}.points`).locator("input").fill("11");
    await page.locator(".aside").getByText("排名总览", { exact: true }).click();
    const box = page.locator(".el-message-box", { hasText: "尚未保存" });
    await box.waitFor();
    expect(await box.innerText()).toContain("有 2022.2 版草稿的修改尚未保存");
    await box.getByRole("button", { name: "留在本页" }).click();
    expect(new URL(page.url()).pathname).toBe("/studio");
    expect(await place(`${E4}.points`).locator("input").inputValue()).toBe("11");
  });

  it("a save over someone else's is refused (CONFLICT) and offers to reload what they saved", async () => {
    const stored = await trpc<{ meta: { updatedAt: string }; rulebook: { title: string } }>(page, "rulebooks.get", { id: draftId });
    const other = await mutate(page, "rulebooks.saveDraft", { id: draftId, rulebook: { ...stored.rulebook, title: "他人修改的标题" }, expectedAt: stored.meta.updatedAt });
    expect(other.error).toBeUndefined();
    await page.getByRole("button", { name: "保存", exact: true }).click();
    const box = page.locator(".el-message-box", { hasText: "草稿已被他人修改" });
    await box.waitFor();
    expect(await box.innerText()).toContain("您的修改未保存");
    await box.getByRole("button", { name: "重新载入草稿" }).click();
    await editorTab("基本信息");
    await expect.poll(() => place("$.title").locator("input").inputValue()).toBe("他人修改的标题");
    await editorTab("板块与指标");
    expect(await page.locator('tr[data-indicator="E4"]').innerText()).toMatch(/E4\s+首执完毕率\s+10\s/);
    expect(await page.locator(".draft-card .save-state").innerText()).toMatch(/^已保存 · /);
  });

  it("exports the draft as a JSON file that holds the change", async () => {
    const [d] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "导出 JSON" }).click()]);
    expect(d.suggestedFilename()).toBe("rulebook-2022.2.json");
    const file = JSON.parse(readFileSync((await d.path())!, "utf8")) as { format: string; version: string; sections: Array<{ indicators: Array<{ key: string; points: number; method: { type: string } }> }> };
    expect(file.format).toBe("scorecard-rulebook/1");
    expect(file.version).toBe("2022.2");
    expect(file.sections[1]!.indicators[3]).toMatchObject({ key: "E4", points: 10, method: { type: "efficacy" } });
  });

  it("before activating, the 回放 tab shows what the saved change would have done to 2022: tribunals' monthly ranks move", async () => {
    await page.getByRole("tab", { name: "回放" }).click();
    await page.locator(".studio-replay .replay-ms[data-round-trip-ms]").waitFor();
    await page.waitForFunction(() => !document.querySelector(".studio-replay .replay-ms.pending"));
    expect(await page.locator(".studio-replay").innerText()).toContain("按草稿 2022.2 重算2022年");
    // the replay's grades are the rulebook's, without HR's overrides of the year: it says so
    expect(await page.locator(".studio-replay .replay-no-overrides").innerText()).toContain("不含人事部门在年度考核中对等次的调整");
    // E4 at 10 points by 功效系数法 moves some months' ranks (the what-if e2e checks every cell against the engine)
    expect(await page.locator(".replay-months .el-table__body-wrapper .month-rank.up").count()).toBeGreaterThan(0);
    expect(await page.locator(".replay-months .el-table__body-wrapper .month-rank.down").count()).toBeGreaterThan(0);
    await page.getByRole("tab", { name: "编辑" }).click();
  });

  it("activates it from a future month after a confirmation; the published months keep their scores", async () => {
    await page.getByRole("button", { name: "启用…" }).click();
    const dialog = page.locator(".el-dialog", { hasText: "启用考核办法" });
    await dialog.waitFor();
    await still(page);
    expect(await dialog.innerText()).toContain("已发布的月份(至2023年2月)保留发布时的分数和名次");
    expect(await dialog.locator(".el-select").innerText()).toContain("2023年3月");
    await dialog.locator(".el-select").click();
    await page.locator(".el-select-dropdown__item:visible", { hasText: /^\s*2023年5月\s*$/ }).click();
    expect(await dialog.innerText()).toContain("2023年5月以前的月份仍由 2022.1 版计分");
    await view(page, "studio-activate");
    await dialog.getByRole("button", { name: "启用" }).click();
    await page.locator(".el-message--success", { hasText: "已启用 2022.2 版,自2023年5月起生效" }).waitFor();
    await expect.poll(() => versionRow("2022.2").innerText()).toContain("自2023年5月起生效");
    expect(await versionRow("2022.2").innerText()).toContain("已启用");
    // the version it follows now reads with its last month
    expect(await versionRow("2022.1").innerText()).toContain("2022年1月至2023年4月施行");
    expect(await place("$.version").locator("input").isDisabled()).toBe(true);

    const list = await trpc<Version[]>(page, "rulebooks.list");
    expect(list.find((v) => v.id === draftId)).toMatchObject({ status: "active", effectiveFrom: "2023-05" });
    expect(await published()).toEqual(before);
    const audit = await trpc<Array<{ action: string; target: string }>>(page, "audit.list", { limit: 5 });
    expect(audit[0]).toMatchObject({ action: "rulebooks.activate" });
  });

  it("the server's refusal of an activation is shown as it is worded", async () => {
    // a second draft, activated from the month the first one now starts in
    await versionRow("2022.2").getByRole("button", { name: "以此为基础新建草稿" }).click();
    await page.locator(".el-message-box").getByRole("button", { name: "新建草稿" }).click();
    await page.locator(".el-message--success", { hasText: "已新建 2022.3 版草稿" }).waitFor();
    await expect.poll(() => page.locator(".draft-card .card-title").innerText()).toContain("2022.3 版 · 草稿");
    await page.getByRole("button", { name: "启用…" }).click();
    const dialog = page.locator(".el-dialog", { hasText: "启用考核办法" });
    await dialog.waitFor();
    await dialog.locator(".el-select").click();
    await page.locator(".el-select-dropdown__item:visible", { hasText: /^\s*2023年5月\s*$/ }).click();
    await dialog.getByRole("button", { name: "启用" }).click();
    await expect.poll(() => dialog.locator(".el-alert").innerText()).toContain("已有自2023年5月起生效的版本 2022.2");
    await dialog.getByRole("button", { name: "取消" }).click();
    const third = (await trpc<Version[]>(page, "rulebooks.list")).find((v) => v.version === "2022.3");
    expect(third?.status).toBe("draft");
  });

  it("导入 JSON 文件 puts a file into the open draft, every problem at its place; a file that is not JSON is refused with its line and column", async () => {
    const [d] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "导出 JSON" }).click()]);
    const file = JSON.parse(readFileSync((await d.path())!, "utf8")) as { title: string; sections: Array<{ indicators: Array<{ points: unknown }> }>; fields: Array<{ label: string }> };
    file.title = "导入的修订稿";
    file.sections[0]!.indicators[1]!.points = -2;
    file.fields[1]!.label = " ";
    await page.locator("input[type=file]").setInputFiles({ name: "修订稿.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(file)) });
    await page.locator(".el-message--success", { hasText: "已导入 修订稿.json,尚未保存;有 2 处错误待改正" }).waitFor();
    const summary = await page.locator(".ed-problems").innerText();
    expect(summary).toContain("草稿有 2 处错误");
    expect(summary).toContain("$.sections[0].indicators[1].points");
    expect(summary).toContain("$.fields[1].label");
    await editorTab("字段");
    expect(await errorAt("$.fields[1].label").innerText()).toMatch(/[\u4e00-\u9fff]/);
    await editorTab("板块与指标");
    expect(await place("$.sections[0].indicators[1]").locator(".ed-error").innerText()).toMatch(/[\u4e00-\u9fff]/);

    await page.locator("input[type=file]").setInputFiles({ name: "坏文件.json", mimeType: "application/json", buffer: Buffer.from('{\n  "format": "scorecard-rulebook/1",\n  oops\n}') });
    const dialog = page.locator(".el-dialog", { hasText: "坏文件.json 无法读取" });
    await dialog.waitFor();
    const broken = await dialog.innerText();
    expect(broken).toMatch(/第 3 行第 3 列附近不是合法的 JSON/);
    // what to do, in Chinese; not the parser's English
    expect(broken).toContain("引号、逗号和括号");
    expect(broken).not.toMatch(/[A-Za-z]{4,} [a-z]+/);
    await dialog.getByRole("button", { name: "知道了" }).click();
  });

  it("删除草稿 asks first, then the draft is gone", async () => {
    await page.locator(".draft-tools").getByRole("button", { name: "删除草稿" }).click();
    await page.locator(".el-message-box").getByRole("button", { name: "删除" }).click();
    await page.locator(".el-message--success", { hasText: "已删除 2022.3 版草稿" }).waitFor();
    expect((await trpc<Version[]>(page, "rulebooks.list")).some((v) => v.version === "2022.3")).toBe(false);
    expect(new URL(page.url()).searchParams.get("v")).toBeNull();
  });

  it("on a phone at 390 px the studio is one column, its wide tables scroll in their own box", async () => {
    const phone = await signedIn(portal, "hr", 390);
    await phone.goto(`${portal.url}/studio?v=${draftId}`);
    await settledPhone(phone);
    await phone.locator(".draft-card .card-title", { hasText: "2022.2 版" }).waitFor();
    await expectFitsPhone(phone, "考核办法");
    await shot(phone, "studio-phone");
    for (const tab of ["字段", "年度考核", "加减分", "板块与指标"]) {
      await phone.locator(".editor-tabs .el-radio-button", { hasText: tab }).click();
      await still(phone);
      await expectFitsPhone(phone, `考核办法 · ${tab}`);
    }
    // 2022.2 is active now: its indicators open to be read
    await phone.locator('tr[data-indicator="E4"]').getByRole("button", { name: "查看" }).click();
    await phone.locator(".ed-indicator-card").waitFor();
    await still(phone);
    await expectFitsPhone(phone, "考核办法 · 指标 E4");
    await shot(phone, "studio-phone-indicator");
    // readable at full size: a section's indicator list and the indicator's form
    await phone.locator(".ed-section").first().screenshot({ path: join(SCREENSHOTS, "studio-phone-section.png") });
    await phone.locator(".ed-indicator-card").screenshot({ path: join(SCREENSHOTS, "studio-phone-indicator-form.png") });
    await phone.context().close();
  });

  it("a head cannot open the studio, and the server refuses a head's save", async () => {
    const head = await signedIn(portal, "head-maixin");
    expect(await head.locator(".aside").getByText("考核办法", { exact: true }).count()).toBe(0);
    await head.goto(`${portal.url}/studio`);
    await head.waitForURL(/\/units\/maixin$/);
    const stored = await trpc<{ meta: { updatedAt: string }; rulebook: unknown }>(head, "rulebooks.get", { id: draftId });
    const refused = await mutate(head, "rulebooks.saveDraft", { id: draftId, rulebook: stored.rulebook, expectedAt: stored.meta.updatedAt });
    expect(refused.error?.code).toBe("FORBIDDEN");
    expect(refused.error?.message).toMatch(/[\u4e00-\u9fff]/);
    await head.context().close();
  });
});
