import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { layout } from "./fit";
import { type Portal, shot, startPortal, trpc, settled, view, signedIn } from "./harness";

/**
 * The whole month through the browser, on the demo court (2023年3月 in review): a head objects from
 * their tribunal's page, stats rejects it with a reason, the head reads the reply and its
 * notification; stats publishes from 发布; every role reads the notice on 通报; a correction
 * publishes revision 2, and revision 1's Word file downloads byte for byte as before.
 */
let portal: Portal;
const as = (username: string, width = 1440) => signedIn(portal, username, width);
/** the court's clock: 2023年4月3日 10:00 (Beijing), two days into March's review, so numbers are of 2023 */
let now = Date.parse("2023-04-03T02:00:00Z");
beforeAll(async () => {
  portal = await startPortal({ clock: () => new Date(now) });
});
afterAll(async () => {
  await portal?.close();
});

/** Downloads a file by clicking the page's link, as a user would; resolves with its bytes. */
async function download(page: Page, link: string): Promise<Buffer> {
  const [d] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: link }).click()]);
  const failure = await d.failure();
  expect(failure, `下载“${link}”失败`).toBeNull();
  return readFileSync((await d.path())!);
}

type Notifications = { items: Array<{ title: string; read: boolean; link: string }>; unread: number };

describe("the month from review to a corrected notice", () => {
  let head: Page;
  let stats: Page;
  let number = "";
  let firstDocx: Buffer;

  it("a head raises an objection from an indicator row of their own tribunal's page", async () => {
    head = await as("head-maixin");
    expect(new URL(head.url()).pathname).toBe("/units/maixin");
    await head.waitForSelector(".object-link");
    const firstRow = head.locator(".unit-indicators .el-table__body-wrapper tr").first();
    const indicatorName = (await firstRow.locator(".name").innerText()).trim();
    await firstRow.locator(".object-link").click();
    await head.waitForURL(/\/review\/2023-03\?indicator=/);
    await settled(head);
    // the indicator is chosen already
    await expect.poll(() => head.locator(".raise-card .el-select").innerText()).toContain(indicatorName);
    await head.getByRole("textbox", { name: "异议内容" }).fill("本庭3月结案数应为 52 件,系统中少录 4 件,请核实。");
    await head.getByRole("button", { name: "提交异议" }).click();
    await head.waitForSelector("text=/异议已提交/");
    const card = head.locator(".objection").first();
    await expect.poll(() => card.innerText()).toContain("待处理");
    expect(await card.innerText()).toContain("麦新人民法庭");
    expect(await card.innerText()).toContain(indicatorName);
    await head.mouse.move(0, 0);
    await view(head, "review-head-1440");
  });

  it("lays out the head's 审核与异议 page in one column at 390 px", async () => {
    const phone = await as("head-maixin", 390);
    await phone.goto(`${portal.url}/review/2023-03`);
    await settled(phone);
    await phone.waitForSelector(".objection");
    const l = await phone.evaluate(layout);
    expect(l.cut, "超出屏幕右缘的元素").toEqual([]);
    expect(l.scrollWidth, "页面不应横向滚动").toBeLessThanOrEqual(390);
    for (const c of l.cards) expect(Math.abs(c.left - l.cards[0]!.left), `卡片“${c.title}”应与其他卡片同列`).toBeLessThanOrEqual(1);
    await view(phone, "review-head-390");
    // the bell and the menu button share the top bar
    expect(await phone.getByRole("button", { name: /通知/ }).isVisible()).toBe(true);
    expect(await phone.getByRole("button", { name: "打开菜单" }).isVisible()).toBe(true);
    await phone.context().close();
  });

  it("stats sees the objection (and is told of it) and rejects it with a reason", async () => {
    stats = await as("stats");
    const n = await trpc<Notifications>(stats, "notifications.list");
    expect(n.items.some((i) => i.title.includes("麦新人民法庭") && !i.read)).toBe(true);
    await stats.goto(`${portal.url}/review/2023-03`);
    await settled(stats);
    const card = stats.locator(".objection", { hasText: "麦新人民法庭" });
    await card.locator("textarea").fill("经核对结案登记,3月结案 48 件无误,所述 4 件于4月1日结案,计入4月。");
    await card.getByRole("button", { name: "驳回" }).click();
    await stats.waitForSelector("text=/已驳回,庭长会收到处理意见/");
    await expect.poll(() => card.innerText()).toContain("已驳回");
    await stats.mouse.move(0, 0);
    await view(stats, "review-stats-1440");
  });

  it("the head reads the reply, and its notification in the bell", async () => {
    await head.reload();
    await settled(head);
    const card = head.locator(".objection").first();
    await expect.poll(() => card.innerText()).toContain("已驳回");
    expect(await card.innerText()).toContain("计入4月");
    const bell = head.getByRole("button", { name: /通知,\d+ 条未读/ });
    await bell.click();
    const item = head.locator(".notification-popover .n-item.unread", { hasText: "已驳回" });
    await item.waitFor();
    await view(head, "notifications-head-1440");
    await item.click();
    await head.waitForURL(/\/review\/2023-03$/);
    const after = await trpc<Notifications>(head, "notifications.list");
    expect(after.items.find((i) => i.title.includes("已驳回"))!.read).toBe(true);
  });

  it("stats publishes 2023年3月 from 发布 and reads its number", async () => {
    await stats.goto(`${portal.url}/publish/2023-03`);
    await settled(stats);
    await stats.waitForSelector(".warnings-card .el-card__body");
    await expect.poll(async () => (await stats.getByRole("textbox", { name: "情况分析" }).inputValue()).length).toBeGreaterThan(20);
    if (await stats.locator(".all-checked").count()) await stats.locator(".all-checked").click();
    // the preview shows the draft notice itself
    await expect.poll(() => stats.frameLocator("iframe.preview").locator("body").innerText().catch(() => "")).toContain("草稿");
    await view(stats, "publish-stats-1440");
    await shot(stats, "publish-stats-full");
    await stats.getByRole("button", { name: /^发布2023年3月考核通报/ }).click();
    // a dialog names the number it takes before anything is issued
    const confirm = stats.locator(".el-message-box");
    await expect.poll(() => confirm.innerText()).toContain("将以文号 开法考〔2023〕4号 发布2023年3月考核通报");
    await confirm.getByRole("button", { name: "发布(开法考〔2023〕4号)" }).click();
    const result = stats.locator(".published-result");
    await result.waitFor();
    const text = await result.innerText();
    const m = text.match(/开法考〔2023〕\d+号/);
    expect(m, text).not.toBeNull();
    number = m![0];
    expect(text).toMatch(/[0-9a-f]{64}/);
    await view(stats, "publish-done-1440");
  });

  it("leader, hr and the head read the notice on 通报", async () => {
    for (const who of ["leader1", "hr", "head-maixin"]) {
      const page = who === "head-maixin" ? head : await as(who);
      await page.goto(`${portal.url}/notices`);
      await settled(page);
      await page.locator(".notice-list a", { hasText: "2023年3月" }).first().click();
      await page.waitForURL(/\/notices\/2023-03$/);
      await settled(page);
      await page.locator(".number").waitFor();
      expect(await page.locator(".number").innerText()).toBe(number);
      const rows = await page.locator(".ranking .el-table__body-wrapper tr").count();
      expect(rows, `${who}:排名表应列出八个法庭`).toBe(8);
      if (who === "leader1") {
        await view(page, "notice-leader-1440");
        await page.goto(`${portal.url}/notices`);
        await settled(page);
        await view(page, "notices-leader-1440");
      }
      if (who !== "head-maixin") await page.context().close();
    }
  });

  it("a correction publishes revision 2; revision 1's Word file downloads byte for byte as before", async () => {
    await stats.goto(`${portal.url}/notices/2023-03`);
    await settled(stats);
    firstDocx = await download(stats, "下载 Word");
    expect(firstDocx.subarray(0, 2).toString()).toBe("PK");

    now += 7 * 86400000; // a week later the mistake is found
    // a session idle for a week has ended (the server's clock decides): stats signs in again
    stats = await as("stats");
    await stats.goto(`${portal.url}/publish/2023-03`);
    await settled(stats);
    await stats.getByRole("textbox", { name: "更正原因" }).fill("麦新人民法庭3月首执案件到位金额录入有误。");
    await stats.getByRole("button", { name: "发起更正" }).click();
    await stats.locator(".el-message-box").getByRole("button", { name: "发起更正" }).click();
    await stats.waitForSelector("text=/已发起更正/");

    await stats.locator(".el-menu-item", { hasText: "数据填报" }).click();
    await stats.waitForSelector(".entry-table input");
    await settled(stats);
    expect(await stats.locator(".el-alert", { hasText: "更正中(第 2 版)" }).count()).toBe(1);
    const facts = await trpc<{ rows: Array<{ unit: string; values: Record<string, number> }> }>(stats, "facts.get", { period: "2023-03" });
    const applied = facts.rows.find((r) => r.unit === "maixin")!.values.enf_first_amount_applied!;
    const input = stats.locator(`.entry-table input[aria-label="麦新人民法庭 首执案件实际执行到位金额(万元)"]`).first();
    await input.fill(String(Math.max(0, applied - 5)));
    await input.blur();
    await stats.locator(`.entry-table tr:has-text("麦新人民法庭") button:has-text("保存")`).last().click();
    await stats.waitForSelector("text=/已保存麦新人民法庭的数据/");

    await stats.goto(`${portal.url}/publish/2023-03`);
    await settled(stats);
    const changes = stats.locator(".changes-card .el-table__body-wrapper tr");
    await expect.poll(() => changes.count()).toBeGreaterThan(0);
    expect(await stats.locator(".changes-card").innerText()).toContain("麦新人民法庭");
    if (await stats.locator(".all-checked").count()) await stats.locator(".all-checked").click();
    await view(stats, "publish-correcting-1440");
    await stats.getByRole("button", { name: /^发布2023年3月考核通报\(第 2 版\)/ }).click();
    await stats.locator(".el-message-box").getByRole("button", { name: /^发布\(开法考/ }).click();
    await stats.locator(".published-result").waitFor();
    const second = (await stats.locator(".published-result").innerText()).match(/开法考〔2023〕\d+号/)![0];
    expect(second).not.toBe(number);

    // revision 2 tells what changed and why
    await stats.goto(`${portal.url}/notices/2023-03`);
    await settled(stats);
    const correction = stats.locator(".correction-card");
    await correction.waitFor();
    expect(await correction.innerText()).toContain("录入有误");
    expect(await correction.innerText()).toContain("麦新人民法庭");
    await view(stats, "notice-revision2-1440");

    // revision 1: still readable, and its file unchanged
    await stats.goto(`${portal.url}/notices/2023-03?revision=1`);
    await settled(stats);
    expect(await stats.locator(".number").innerText()).toBe(number);
    const again = await download(stats, "下载 Word");
    expect(again.equals(firstDocx), "第 1 版的 Word 文件在更正后应与更正前逐字节相同").toBe(true);
  });
});
