import { parseRulebook, type AdjustmentRow, type FactRow, type ManualRow, type Rulebook } from "@scorecard/rules";
import { replayYear, sensitivity, draftForYear, type ReplayResult } from "@scorecard/scoring";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { settled, shot, signedIn, startPortal, trpc, type Portal } from "./harness";
import { expectFitsPhone, settled as settledPhone } from "./phone-checks";

/**
 * The studio's what-if (issue 11, items 2–4): 政治处 makes a draft of 2022.1, gives E4 首执完毕率
 * 10 points and the 功效系数法, and sees in the browser what 2022 would have looked like under it
 * (the replay, computed in a Web Worker with the engine's own code, equal to what the engine gives
 * here for the same draft and data), the change listed in words beside 2022.1, and how stable
 * each tribunal's grade is when the points move by ±10 % — the same figures for the same seed.
 */
let portal: Portal;
let page: Page;
let draftId = "";
beforeAll(async () => {
  portal = await startPortal();
  page = await signedIn(portal, "hr");
});
afterAll(async () => {
  await portal?.close();
});

interface WhatIfData {
  year: number;
  rulebooks: Rulebook[];
  facts: FactRow[];
  adjustments: AdjustmentRow[];
  manual: ManualRow[];
  units: Array<{ key: string; name: string }>;
}
interface Stored {
  meta: { id: string; version: string };
  rulebook: Rulebook;
}

const tab = async (name: string) => {
  await page.getByRole("tab", { name }).click();
  await settled(page);
};
/** the rows of a table (el-table: the body's rows; the fixed copies left out) as cell texts */
async function tableRows(selector: string): Promise<string[][]> {
  return page.locator(`${selector} .el-table__body-wrapper tbody tr`).evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => (td as HTMLElement).innerText.trim())),
  );
}
/** waits until the replay shown is the newest draft's (no replay in flight) */
async function replayed(): Promise<void> {
  await page.locator(".studio-replay .replay-ms[data-round-trip-ms]").waitFor();
  await page.waitForFunction(() => !document.querySelector(".studio-replay .replay-ms.pending"));
}
/** The engine's replay, here in the test process, of the draft as stored, with the server's data of the year. */
async function engineReplay(year: number): Promise<{ result: ReplayResult; data: WhatIfData; draft: Rulebook }> {
  const stored = await trpc<Stored>(page, "rulebooks.get", { id: draftId });
  const data = await trpc<WhatIfData>(page, "rulebooks.whatIfData", { year });
  const draft = parseRulebook(stored.rulebook);
  const rulebooks = data.rulebooks.map((rb) => parseRulebook(rb));
  return { result: replayYear({ rulebooks, draft, data: { facts: data.facts, adjustments: data.adjustments, manual: data.manual }, year }), data, draft };
}
async function pick(select: string, option: string): Promise<void> {
  await page.locator(`.el-select:has(input[aria-label="${select}"])`).first().click();
  await page.locator(".el-select-dropdown__item:visible", { hasText: option }).first().click();
}

describe("the studio's what-if", () => {
  it("HR makes a draft of 2022.1 and gives E4 首执完毕率 10 points and the 功效系数法", async () => {
    await page.locator(".aside").getByText("考核办法", { exact: true }).click();
    await page.waitForURL(/\/studio/);
    await settled(page);
    const row = page.locator(".versions .el-table__body-wrapper tr", { hasText: "2022.1" }).first();
    await row.getByRole("button", { name: "以此为基础新建草稿" }).click();
    const box = page.locator(".el-message-box");
    await box.locator("input").fill("2022.9");
    await box.getByRole("button", { name: "新建草稿" }).click();
    await page.waitForURL(/[?&]v=/);
    draftId = new URL(page.url()).searchParams.get("v")!;
    await settled(page);
    await page.locator(".editor-tabs").getByText("板块与指标").click();
    await page.locator('tr[data-indicator="E4"]').getByRole("button", { name: "编辑" }).click();
    await page.getByLabel("分值", { exact: true }).fill("10");
    await pick("计分方法", "功效系数法");
    await page.getByRole("button", { name: "保存", exact: true }).click();
    await page.locator(".el-message--success").first().waitFor();
    const stored = await trpc<Stored>(page, "rulebooks.get", { id: draftId });
    const e4 = stored.rulebook.sections.flatMap((s) => s.indicators).find((i) => i.key === "E4")!;
    expect(e4.points).toBe(10);
    expect(e4.method.type).toBe("efficacy");
  });

  it("the replay of 2022 shows which tribunals' ranks and grades move, equal to what the engine gives for the draft", async () => {
    await tab("回放");
    await replayed();
    const text = await page.locator(".studio-replay").innerText();
    expect(text).toContain("按草稿 2022.9 重算2022年");
    expect(text).toMatch(/回放用时 [\d.]+ ms/);
    expect(text).not.toContain("预估");

    const { result, data } = await engineReplay(2022);
    const name = new Map(data.units.map((u) => [u.key, u.name]));
    const grades = new Map(data.rulebooks.flatMap((rb) => rb.annual.grades.map((g) => [g.key, g.name])));
    const rows = await tableRows(".replay-annual");
    expect(rows).toHaveLength(8);
    expect(rows.map((r) => r[0])).toEqual(result.units.map((u) => name.get(u.unit)));
    for (const [i, u] of result.units.entries()) {
      const r = rows[i]!;
      expect(r.slice(1, 7), name.get(u.unit)).toEqual([
        String(u.current.rank),
        u.current.total!.toFixed(2),
        grades.get(u.current.grade!)!,
        String(u.draft.rank),
        u.draft.total!.toFixed(2),
        grades.get(u.draft.grade!)!,
      ]);
    }
    // the draft moves something in 2022: a month's rank at least, and the table says so
    const movedMonths = result.units.filter((u) => u.months.some((m) => m.current !== m.draft));
    expect(movedMonths.length).toBeGreaterThan(0);
    const months = await tableRows(".replay-months");
    for (const [i, u] of result.units.entries())
      for (const [j, m] of u.months.entries()) expect(months[i]![j + 1], `${name.get(u.unit)} ${m.period}`).toBe(m.current === m.draft ? String(m.current) : `${m.current}→${m.draft}`);
    const moved = result.units.filter((u) => u.current.rank !== u.draft.rank || u.current.grade !== u.draft.grade).length;
    expect(text).toContain(`名次变化 ${result.units.filter((u) => u.current.rank !== u.draft.rank).length} 个法庭`);
    expect(await page.locator(".replay-annual .el-table__body-wrapper tr.moved-row").count()).toBeGreaterThanOrEqual(moved);
    expect(await page.locator(".rank-path-chart canvas").count()).toBe(1);
    await shot(page, "studio-replay");
  });

  it("an edit made while replaying supersedes it: the table shows the newest draft's result", async () => {
    await tab("编辑");
    const points = page.getByLabel("分值", { exact: true });
    for (const v of ["11", "12", "14", "16"]) await points.fill(v);
    await tab("回放");
    await replayed();
    await page.getByRole("button", { name: "保存", exact: true }).click();
    await page.locator(".el-message--success").first().waitFor();
    const { result, data } = await engineReplay(2022);
    const name = new Map(data.units.map((u) => [u.key, u.name]));
    const rows = await tableRows(".replay-annual");
    expect(rows.map((r) => [r[0], r[4], r[5]])).toEqual(result.units.map((u) => [name.get(u.unit), String(u.draft.rank), u.draft.total!.toFixed(2)]));
    // back to 10 points for what follows
    await tab("编辑");
    await points.fill("10");
    await page.getByRole("button", { name: "保存", exact: true }).click();
    await page.locator(".el-message--success").first().waitFor();
  });

  it("2023 can be replayed too, and is said to be an estimate (only January to March have figures)", async () => {
    await tab("回放");
    await pick("回放年度", "2023年");
    await replayed();
    const text = await page.locator(".studio-replay").innerText();
    expect(text).toContain("2023年只有2023年1月至2023年3月的数据");
    expect(text).toContain("预估");
    const { result } = await engineReplay(2023);
    const rows = await tableRows(".replay-annual");
    expect(rows.map((r) => r[4])).toEqual(result.units.map((u) => String(u.draft.rank)));
    await pick("回放年度", "2022年");
    await replayed();
  });

  it("the compare tab lists the change of E4 in words, 2022.1 against the draft being edited", async () => {
    await tab("对比");
    await page.locator(".compare-table").waitFor();
    const rows = await tableRows(".compare-table");
    const e4 = rows.find((r) => r[0]!.startsWith("E4"));
    expect(e4, JSON.stringify(rows)).toBeDefined();
    expect(e4![0]).toContain("首执完毕率");
    expect(e4![1]).toBe("修改");
    expect(e4![2]).toMatch(/分值 \d+(\.\d+)? → 10/);
    expect(e4![2]).toMatch(/方法 .+ → 功效系数法/);
    expect(await page.locator(".compare-summary").innerText()).toMatch(/共 \d+ 处不同/);
    await shot(page, "studio-compare");
  });

  it("the sensitivity tab gives every tribunal's share of unchanged grades, the same for the same seed, equal to the engine's", async () => {
    await tab("稳定性");
    await page.getByRole("button", { name: "计算稳定性" }).click();
    await page.locator(".sens-table").waitFor();
    await page.waitForFunction(() => !document.querySelector(".sens-card.stale"));
    const first = await tableRows(".sens-table");
    expect(first).toHaveLength(8);
    for (const r of first) expect(r.join(" ")).toMatch(/\d+\.\d%/);
    const what = await page.locator(".studio-sensitivity .what").innerText();
    expect(what).toContain("各上调、下调 10%");
    expect(what).toContain("种子 1 抽取 1000 组");
    expect(await page.locator(".studio-sensitivity .sens-ms").innerText()).toMatch(/用时 [\d.]+ ms/);

    // the engine here, with the same draft, data and seed
    const { data, draft } = await engineReplay(2022);
    const s = sensitivity({ rulebooks: [draftForYear(draft, 2022)], data: { facts: data.facts, adjustments: data.adjustments, manual: data.manual }, year: 2022, trials: 1000, seed: 1, spread: 0.1 });
    const name = new Map(data.units.map((u) => [u.key, u.name]));
    expect(first.map((r) => r[0])).toEqual(s.units.map((u) => name.get(u.unit)));
    const shares = first.map((r) => r.find((c) => /^\d+\.\d%$/.test(c)));
    expect(shares).toEqual(s.units.map((u) => `${(Math.round(u.unchanged * 1000) / 10).toFixed(1)}%`));

    await page.getByRole("button", { name: "计算稳定性" }).click();
    await page.waitForFunction(() => !document.querySelector(".sens-card.stale"));
    await page.locator(".sens-table").waitFor();
    expect(await tableRows(".sens-table")).toEqual(first);
    await shot(page, "studio-sensitivity");
  });

  it("a month's ranks can be tested too", async () => {
    await page.getByRole("radio", { name: "单月(名次)" }).click({ force: true });
    await page.getByRole("button", { name: "计算稳定性" }).click();
    await expect.poll(() => page.locator(".sens-card .el-card__header").innerText()).toContain("2022年12月名次的稳定性");
    expect(await tableRows(".sens-table")).toHaveLength(8);
  });

  it("on a phone the tabs lay out in one column; the wide tables scroll in their box with the tribunal fixed", async () => {
    const phone = await signedIn(portal, "hr", 390);
    await phone.goto(`${portal.url}/studio?v=${draftId}`);
    await settledPhone(phone);
    for (const [name, file] of [["回放", "studio-replay-390"], ["对比", "studio-compare-390"], ["稳定性", "studio-sensitivity-390"]] as const) {
      await phone.getByRole("tab", { name }).click();
      if (name === "回放") await phone.locator(".studio-replay .replay-ms[data-round-trip-ms]").waitFor();
      if (name === "稳定性") {
        await phone.getByRole("button", { name: "计算稳定性" }).click();
        await phone.locator(".sens-table").waitFor();
      }
      await settledPhone(phone);
      await expectFitsPhone(phone, `考核办法·${name}`);
      await shot(phone, file);
    }
    await phone.context().close();
  });
});
