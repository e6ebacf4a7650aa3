import { readFileSync } from "node:fs";
import JSZip from "jszip";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { layout } from "./fit";
import { type Portal, startPortal, trpc, settled, view, signedIn } from "./harness";

/**
 * 年度考核 and 季度总结 through the browser, on the demo court: HR opens 2022's evaluation, is refused
 * an override without a reason and one above the veto cap, overrides 麦新's grade with a reason and
 * publishes; 黑龙坝's head reads it on a phone and downloads the Word file (the veto and the
 * override's reason in it). Stats is told why 2023-Q1 cannot be summarised, publishes March, then
 * the summary from 季度总结; leader1 reads it.
 */
let portal: Portal;
const as = (username: string, width = 1440) => signedIn(portal, username, width);
/** 2023年4月10日 10:00 (Beijing): after March's review */
const now = Date.parse("2023-04-10T02:00:00Z");
beforeAll(async () => {
  portal = await startPortal({ clock: () => new Date(now) });
});
afterAll(async () => {
  await portal?.close();
});

/** A mutation of the API with the page's own session. */
async function mutate<T>(page: Page, path: string, input: unknown): Promise<T> {
  const body = await page.evaluate(
    async ([p, i]) => (await fetch(`/trpc/${p}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(i) })).json(),
    [path, input] as const,
  );
  const b = body as { result?: { data: T }; error?: { message: string } };
  if (!b.result) throw new Error(`${path}: ${b.error?.message}`);
  return b.result.data;
}

async function download(page: Page, link: string): Promise<Buffer> {
  const [d] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: link }).click()]);
  expect(await d.failure(), `下载“${link}”失败`).toBeNull();
  return readFileSync((await d.path())!);
}

/** Picks an option of an Element Plus select, found by its label, as a user clicks it. */
async function choose(page: Page, scope: Locator, name: string, option: string): Promise<void> {
  await scope.locator(".el-select", { has: page.getByRole("combobox", { name }) }).locator(".el-select__wrapper").click();
  await page.locator(".el-select-dropdown__item:visible", { hasText: option }).click();
}

const rowOf = (page: Page, name: string) => page.locator(".annual-table .el-table__body-wrapper tr", { hasText: name }).first();
const REASON = "麦新人民法庭全年承担全县涉农纠纷集中化解任务,经院党组研究,等次调整为良好。";

describe("the 2022 annual evaluation", () => {
  let number = "";

  it("HR sees the computed year, is refused an override without a reason or above the veto cap, overrides with a reason and publishes", async () => {
    const hr = await as("hr");
    await hr.getByRole("menuitem", { name: "年度考核" }).click();
    await hr.waitForURL(/\/annual/);
    await settled(hr);
    // the year whose December is published: 2022, not a 预估
    await expect.poll(() => hr.locator("h1").innerText()).toBe("2022年度考核");
    expect(await hr.locator(".provisional").count()).toBe(0);
    const hlb = await rowOf(hr, "黑龙坝人民法庭").innerText();
    expect(hlb).toContain("2022年8月");
    expect(hlb).toContain("有一票否决事项,等次不高于合格,评为合格");
    expect(await rowOf(hr, "吉日嘎郎吐人民法庭").innerText()).toContain("约谈");
    expect(await rowOf(hr, "大榆树人民法庭").innerText()).toContain("先进法庭");
    expect(await hr.locator(".quota-card").innerText()).toContain("优秀:名额 8 × 25% = 2 个,评定 2 个");

    // no reason: the server refuses, nothing changes
    await rowOf(hr, "麦新人民法庭").getByRole("button", { name: "调整等次" }).click();
    const dialog = hr.locator(".override-dialog");
    await dialog.waitFor();
    await choose(hr, dialog, "等次", "良好");
    await dialog.getByRole("button", { name: "确认调整" }).click();
    await expect.poll(() => dialog.locator(".dialog-error").innerText()).toContain("调整等次必须写明理由");
    await dialog.getByRole("button", { name: "取消" }).click();
    expect(await rowOf(hr, "麦新人民法庭").innerText()).not.toContain("调整为");

    // above the veto cap: refused in Chinese
    await rowOf(hr, "黑龙坝人民法庭").getByRole("button", { name: "调整等次" }).click();
    await dialog.waitFor();
    await choose(hr, dialog, "等次", "良好");
    await dialog.getByRole("textbox", { name: "调整理由" }).fill("工作量大");
    await dialog.getByRole("button", { name: "确认调整" }).click();
    await expect.poll(() => dialog.locator(".dialog-error").innerText()).toMatch(/合格/);
    await dialog.getByRole("button", { name: "取消" }).click();

    // 优秀 would be beyond its quota: HR is told with the count before confirming; 良好 (no quota) is not
    await rowOf(hr, "麦新人民法庭").getByRole("button", { name: "调整等次" }).click();
    await dialog.waitFor();
    await choose(hr, dialog, "等次", "优秀");
    await expect.poll(() => dialog.locator(".over-quota").innerText()).toContain("优秀名额 2 个,调整后评定 3 个,超出名额 1 个。仍可确认调整");
    // with a reason: 麦新 becomes 良好, the reason beside the quota arithmetic
    await choose(hr, dialog, "等次", "良好");
    await expect.poll(() => dialog.locator(".over-quota").count()).toBe(0);
    await dialog.getByRole("textbox", { name: "调整理由" }).fill(REASON);
    await dialog.getByRole("button", { name: "确认调整" }).click();
    await expect.poll(() => rowOf(hr, "麦新人民法庭").innerText()).toContain("调整为良好");
    expect(await hr.locator(".quota-card").innerText()).toContain(`麦新人民法庭由合格调整为良好,理由:${REASON}`);
    // the arithmetic counts the grades as they stand after the override
    expect(await hr.locator(".quota-card").innerText()).toMatch(/良好:不限名额,评定 \d+ 个\(其中调整 1 个\)/);
    expect(await hr.locator(".quota-card").innerText()).toMatch(/合格:不限名额,评定 \d+ 个\(调整调出 1 个\)/);
    await settled(hr);
    await view(hr, "annual-hr-1440");

    await hr.getByRole("button", { name: "发布2022年度考核结果" }).click();
    // the number it takes, confirmed first
    await hr.locator(".el-message-box").getByRole("button", { name: /^发布\(开法考/ }).click();
    await hr.locator(".published-result").waitFor();
    number = (await hr.locator(".published-result").innerText()).match(/开法考〔\d{4}〕\d+号/)?.[0] ?? "";
    expect(number).not.toBe("");
    await expect.poll(() => hr.locator(".meta-card .number").innerText()).toBe(number);
    await settled(hr);
    await view(hr, "annual-hr-published-1440");
  });

  it("黑龙坝's head reads the published evaluation on a phone and downloads the Word file", async () => {
    const head = await as("head-heilongba", 390);
    await head.goto(`${portal.url}/annual`);
    await settled(head);
    await expect.poll(() => head.locator(".meta-card .number").innerText()).toBe(number);
    expect(await rowOf(head, "黑龙坝人民法庭").innerText()).toContain("发生违法违纪问题被追责");
    expect(await head.getByRole("button", { name: "调整等次" }).count()).toBe(0);
    const fit = await head.evaluate(layout);
    expect(fit.scrollWidth, "页面不应横向滚动").toBeLessThanOrEqual(fit.innerWidth);
    expect(fit.cut).toEqual([]);
    await view(head, "annual-head-390");

    const docx = await download(head, "下载 Word");
    expect(docx.subarray(0, 2).toString()).toBe("PK");
    const xml = await (await JSZip.loadAsync(docx)).file("word/document.xml")!.async("string");
    const text = xml.replace(/<[^>]+>/g, "");
    expect(text).toContain("黑龙坝");
    expect(text).toContain("一票否决");
    expect(text).toContain(REASON);
    expect(text).toContain(number);
  });
});

describe("the 2023 first quarter's summary", () => {
  it("stats is told March is unpublished, publishes it, then the summary from 季度总结", async () => {
    const stats = await as("stats");
    await stats.getByRole("menuitem", { name: "季度总结" }).click();
    await stats.waitForURL(/\/summaries$/);
    await settled(stats);
    await choose(stats, stats.locator("main"), "季度", "2023年第一季度");
    await stats.getByRole("button", { name: "编制总结" }).click();
    await stats.waitForURL(/\/summaries\/2023-Q1$/);
    await settled(stats);
    await expect.poll(() => stats.locator(".not-ready").innerText()).toContain("2023年3月的考核通报尚未发布");
    expect(await stats.getByRole("button", { name: "发布2023年第一季度总结" }).isDisabled()).toBe(true);

    // March, published as 发布 would (its warnings acknowledged)
    const draft = await trpc<{ commentary: string }>(stats, "notices.draft", { period: "2023-03" });
    await mutate(stats, "notices.publish", { period: "2023-03", commentary: draft.commentary, acknowledgeWarnings: true });

    await stats.reload();
    await settled(stats);
    expect(await stats.locator(".not-ready").count()).toBe(0);
    const commentary = await stats.getByRole("textbox", { name: "情况分析" }).inputValue();
    expect(commentary.length).toBeGreaterThan(20);
    await stats.getByRole("textbox", { name: "情况分析" }).fill(`${commentary}\n一季度各庭要对照红色预警指标逐项整改。`);
    await view(stats, "summary-stats-draft-1440");
    await stats.getByRole("button", { name: "发布2023年第一季度总结" }).click();
    await stats.locator(".el-message-box").getByRole("button", { name: /^发布\(开法考/ }).click();
    await stats.locator(".published-result").waitFor();
    expect(await stats.locator(".published-result").innerText()).toMatch(/开法考〔2023〕\d+号/);
    await expect.poll(() => stats.locator(".quarter-ranking").count()).toBe(1);
  });

  it("leader1 reads the summary: its number, the ranking with each month's rank, the commentary", async () => {
    const leader = await as("leader1");
    await leader.getByRole("menuitem", { name: "季度总结" }).click();
    await settled(leader);
    await leader.getByRole("link", { name: "2023年第一季度" }).click();
    await leader.waitForURL(/\/summaries\/2023-Q1$/);
    await settled(leader);
    expect(await leader.locator(".meta-card .number").innerText()).toMatch(/开法考〔2023〕\d+号/);
    const table = await leader.locator(".quarter-ranking").innerText();
    for (const h of ["1月名次", "2月名次", "3月名次", "大榆树人民法庭"]) expect(table).toContain(h);
    expect(await leader.locator(".para").allInnerTexts()).toContain("一季度各庭要对照红色预警指标逐项整改。");
    await view(leader, "summary-leader-1440");

    // on a phone: one column, the table scrolling in its own box
    const phone = await as("leader1", 390);
    await phone.goto(`${portal.url}/summaries/2023-Q1`);
    await settled(phone);
    await phone.locator(".quarter-ranking").waitFor();
    const fit = await phone.evaluate(layout);
    expect(fit.scrollWidth, "页面不应横向滚动").toBeLessThanOrEqual(fit.innerWidth);
    expect(fit.cut).toEqual([]);
    await view(phone, "summary-leader-390");
  });

  it("before 2023 is published, a leader reads its 预估 evaluation and a head is told it is not published", async () => {
    const leader = await as("leader1");
    await leader.goto(`${portal.url}/annual/2023`);
    await settled(leader);
    expect(await leader.locator("main").innerText()).toContain("2023年度考核结果尚未发布");
    await expect.poll(() => leader.frameLocator("iframe").locator("body").innerText()).toContain("预估");
    const head = await as("head-maixin", 390);
    await head.goto(`${portal.url}/annual/2023`);
    await settled(head);
    expect(await head.locator(".el-result").innerText()).toContain("2023年度考核结果尚未发布,发布后庭长可在此查看。");
    expect(await head.locator("iframe").count()).toBe(0);
  });
});
