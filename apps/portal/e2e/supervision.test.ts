import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { layout } from "./fit";
import { type Portal, startPortal, trpc, settled, view, signedIn } from "./harness";

/**
 * 督办 through the browser, on the demo court: leader1 issues an instruction to 大榆树 (a tribunal
 * they oversee), its head answers from the bell, leader1 sends it back, the head answers again,
 * leader1 closes it; a second instruction, to 东风, runs overdue when the server's clock passes its
 * due day; stats sees the offered P2 and accepts it, and the penalty is listed in 加减分.
 */
let portal: Portal;
const as = (username: string, width = 1440) => signedIn(portal, username, width);
/** the court's clock: 2023年3月28日 10:00 (Beijing), March in review */
let now = Date.parse("2023-03-28T02:00:00Z");
beforeAll(async () => {
  portal = await startPortal({ clock: () => new Date(now) });
});
afterAll(async () => {
  await portal?.close();
});

async function open(page: Page, path = "/supervision"): Promise<void> {
  await page.goto(`${portal.url}${path}`);
  await settled(page);
}

/** Chooses an option of an Element Plus select by its label. */
async function choose(page: Page, label: string, option: string | RegExp): Promise<void> {
  const item = page.getByRole("dialog", { name: "下发督办" }).locator(".el-form-item").filter({ has: page.locator(".el-form-item__label", { hasText: new RegExp(`^${label}$`) }) });
  await item.locator(".el-select__wrapper").click();
  await page.locator(".el-select-dropdown:visible .el-select-dropdown__item", { hasText: option }).first().click();
}

/** Issues an instruction through the 下发督办 dialog, as leader1 would. */
async function issue(page: Page, i: { unit: string; indicator: string; text: string; due: string }): Promise<void> {
  await page.getByRole("button", { name: "下发督办" }).click();
  const dialog = page.getByRole("dialog", { name: "下发督办" });
  await dialog.waitFor();
  await choose(page, "法庭", i.unit);
  await choose(page, "考核月份", "2023年3月");
  await choose(page, "指标", new RegExp(`^${i.indicator}\\(`));
  await dialog.getByLabel("督办内容").fill(i.text);
  const due = dialog.getByLabel("答复期限");
  await due.fill(i.due);
  await due.press("Enter");
  await dialog.getByRole("button", { name: "下发", exact: true }).click();
  await page.waitForSelector("text=/已向.*下发督办/");
  await dialog.waitFor({ state: "hidden" });
}

const card = (page: Page, text: string) => page.locator(".item", { hasText: text });
type Item = { id: string; unit: string; status: string; overdue: boolean; due: string; suggestion: { state: string; period: string | null } | null };

describe("督办 from issue to close, and an overdue one's P2", () => {
  let leader: Page;
  let head: Page;

  it("leader1 sees no instruction yet, on 分管法庭 and on 督办, and issues one to 大榆树", async () => {
    leader = await as("leader1");
    expect(new URL(leader.url()).pathname).toBe("/my-units");
    await expect.poll(() => leader.locator(".supervision-card").innerText()).toContain("没有未办结的督办");
    await leader.getByRole("menuitem", { name: "督办" }).click();
    await settled(leader);
    await expect.poll(() => leader.locator(".el-empty").innerText()).toContain("您还没有下发督办");

    // a due date before the server's today is refused by the server, in words that say what to do
    await leader.getByRole("button", { name: "下发督办" }).click();
    const dialog = leader.getByRole("dialog", { name: "下发督办" });
    await choose(leader, "法庭", "大榆树人民法庭");
    await choose(leader, "考核月份", "2023年3月");
    await choose(leader, "指标", /^执结率\(/);
    await dialog.getByLabel("督办内容").fill("执结率低于全院平均,请分析原因并提出整改措施");
    await dialog.getByLabel("答复期限").fill("2023年3月27日");
    await dialog.getByLabel("答复期限").press("Enter");
    await dialog.getByRole("button", { name: "下发", exact: true }).click();
    await expect.poll(() => dialog.locator(".el-alert").innerText()).toContain("早于今天(2023年3月28日)");
    await dialog.getByRole("button", { name: "取消" }).click();
    expect(await trpc<Item[]>(leader, "supervision.list")).toEqual([]);

    await issue(leader, { unit: "大榆树人民法庭", indicator: "执结率", text: "执结率低于全院平均,请分析原因并提出整改措施", due: "2023年3月31日" });
    const c = card(leader, "大榆树人民法庭");
    await expect.poll(() => c.innerText()).toContain("待答复");
    expect(await c.innerText()).toContain("限2023年3月31日前答复");
    expect(await c.innerText()).toContain("王振国");
  });

  it("the head of 大榆树 opens it from the bell and answers with 整改措施", async () => {
    head = await as("head-dayushu");
    await head.getByRole("button", { name: /通知,\d+ 条未读/ }).click();
    const n = head.locator(".notification-popover .n-item.unread", { hasText: "下发督办" });
    await n.waitFor();
    await n.click();
    await head.waitForURL(/\/supervision\/[0-9a-f-]{36}$/);
    await settled(head);
    const c = card(head, "大榆树人民法庭");
    // an empty answer is refused on the page with what to write
    await c.getByRole("button", { name: "提交答复" }).click();
    await expect.poll(() => c.locator(".el-alert").innerText()).toContain("请填写整改措施");
    await c.getByLabel("整改措施").fill("一、本周内逐案梳理未结执行案件;二、每周五通报执结进度。");
    await c.getByRole("button", { name: "提交答复" }).click();
    await head.waitForSelector("text=/已提交整改措施/");
    await expect.poll(() => c.innerText()).toContain("待审阅");
    await view(head, "supervision-head-1440");
  });

  it("leader1 sends it back with a reason; the head answers again; leader1 closes it", async () => {
    await leader.reload();
    await settled(leader);
    let c = card(leader, "大榆树人民法庭");
    await expect.poll(() => c.innerText()).toContain("一、本周内逐案梳理");
    await c.getByLabel("办结意见或退回理由").fill("措施缺少完成时限,请补充");
    await c.getByRole("button", { name: "退回" }).click();
    await leader.waitForSelector("text=/已退回,庭长会收到提醒/");
    await expect.poll(() => c.innerText()).toContain("已退回");

    await head.reload();
    await settled(head);
    c = card(head, "大榆树人民法庭");
    await expect.poll(() => c.innerText()).toContain("措施缺少完成时限");
    await c.getByLabel("整改措施").fill("4月15日前完成积案梳理,4月30日前执结率达到全院平均。");
    await c.getByRole("button", { name: "重新答复" }).click();
    await head.waitForSelector("text=/已提交整改措施/");

    await leader.reload();
    await settled(leader);
    c = card(leader, "大榆树人民法庭");
    await expect.poll(() => c.innerText()).toContain("4月15日前完成积案梳理");
    await view(leader, "supervision-leader-1440");
    await c.getByLabel("办结意见或退回理由").fill("整改措施具体可行,予以办结");
    await c.getByRole("button", { name: "办结" }).click();
    await leader.waitForSelector("text=/督办已办结/");
    await leader.locator(".filters .el-check-tag", { hasText: "已办结" }).click();
    c = card(leader, "大榆树人民法庭");
    const text = await c.innerText();
    for (const step of ["下发督办", "答复整改措施", "退回", "办结"]) expect(text).toContain(step);
    expect(text).toContain("整改措施具体可行,予以办结");
    const [s] = await trpc<Item[]>(leader, "supervision.list");
    expect(s).toMatchObject({ unit: "dayushu", status: "closed", overdue: false, suggestion: null });
  });

  it("a second instruction, to 东风, runs overdue when the clock passes its due day; 分管法庭 shows it", async () => {
    await open(leader);
    await issue(leader, { unit: "东风人民法庭", indicator: "有财产可供执行案件法定期限内执结率", text: "法定期限内执结率未达标,请提出整改措施", due: "2023年3月29日" });
    now = Date.parse("2023-03-29T15:59:59Z"); // 23:59:59 of the due day in Beijing
    // a session idle since the day before has ended (the server's clock decides): the leader signs in again
    leader = await as("leader1");
    await open(leader, "/my-units");
    await expect.poll(() => leader.locator(".supervision-card").innerText()).toContain("未办结 1 项");
    expect(await leader.locator(".supervision-card").innerText()).not.toContain("逾期");

    now = Date.parse("2023-03-29T16:00:00Z"); // 00:00 the next day
    await open(leader, "/my-units");
    await expect.poll(() => leader.locator(".supervision-card").innerText()).toContain("其中逾期 1 项");
    expect(await leader.locator(".supervision-card").innerText()).toContain("东风人民法庭");
    await view(leader, "supervision-my-units-1440");
    await open(leader);
    await expect.poll(() => card(leader, "东风人民法庭").innerText()).toContain("已逾期");
  });

  it("stats sees the suggested P2, nothing applied, and accepts it; the penalty is listed in 加减分", async () => {
    const stats = await as("stats");
    const before = await trpc<Array<{ unit: string; item: string }>>(stats, "adjustments.list", { period: "2023-03" });
    expect(before.some((a) => a.item === "P2" && a.unit === "dongfeng")).toBe(false);
    await stats.getByRole("menuitem", { name: "督办" }).click();
    await settled(stats);
    const c = card(stats, "东风人民法庭");
    await expect.poll(() => c.innerText()).toContain("建议在2023年3月对东风人民法庭记“督办事项逾期未办结”扣 0.50 分");
    await view(stats, "supervision-stats-1440");
    await c.getByRole("button", { name: "采纳扣分" }).click();
    await stats.waitForSelector("text=/已采纳:扣分已记入加减分/");
    await stats.locator(".filters .el-check-tag", { hasText: "全部" }).click();
    await expect.poll(() => card(stats, "东风人民法庭").innerText()).toContain("逾期扣分已采纳");

    await card(stats, "东风人民法庭").getByRole("link", { name: "查看加减分 →" }).click();
    await settled(stats);
    await expect.poll(() => stats.locator("main").innerText()).toContain("督办事项逾期未办结");
    const row = stats.locator(".el-table__row", { hasText: "督办逾期:有财产可供执行案件法定期限内执结率" });
    // the list re-renders once the month's adjustments arrive: wait for the row rather than reading it at once
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    expect(await row.innerText()).toContain("东风人民法庭");
    expect(await row.innerText()).toContain("督办事项逾期未办结");
    await view(stats, "supervision-adjustments-1440");
  });

  it("lays out the leader's and the head's 督办 pages in one column at 390 px", async () => {
    for (const [user, name] of [["leader1", "leader"], ["head-dongfeng", "head"]] as const) {
      const phone = await as(user, 390);
      await open(phone);
      await phone.waitForSelector(".item");
      const l = await phone.evaluate(layout);
      expect(l.cut, "超出屏幕右缘的元素").toEqual([]);
      expect(l.scrollWidth, "页面不应横向滚动").toBeLessThanOrEqual(390);
      await view(phone, `supervision-${name}-390`);
      await phone.context().close();
    }
  });
});
