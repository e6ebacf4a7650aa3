/**
 * 账号与法庭 → 本院信息 (product.md "Documents a court office issues unedited"): the administrator
 * reads the demo court's profile, is told which field is refused, saves another court's words, and
 * the portal's brand and the drafts' number follow.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { settled, shot, signedIn, startPortal, trpc, view, type Portal } from "./harness";

let portal: Portal;
beforeAll(async () => {
  portal = await startPortal({ clock: () => new Date("2023-04-10T02:00:00Z") });
});
afterAll(async () => {
  await portal?.close();
});

describe("本院信息", () => {
  it("shows the demo court's profile, refuses an empty field by its name, and saves the court's new words", { timeout: 120_000 }, async () => {
    const page = await signedIn(portal, "admin");
    await page.goto(`${portal.url}/admin?tab=court`);
    await settled(page);
    const field = (label: string) => page.locator(".court-profile .el-form-item").filter({ has: page.locator(`label:text-is("${label}")`) }).first().locator("input");
    await expect.poll(() => field("本院名称").inputValue()).toBe("开鲁县人民法院");
    expect(await field("范围用语").inputValue()).toBe("全院");
    expect(await page.locator(".court-profile .kind").count()).toBe(3);
    expect(await page.locator(".brand").innerText()).toContain("开鲁县人民法院");
    await view(page, "admin-court-profile");

    await field("范围用语").fill("");
    await page.locator("button:has-text('保存本院信息')").click();
    await expect.poll(() => page.locator(".court-profile .el-alert").innerText()).toContain("请填写范围用语");

    await field("范围用语").fill("全市");
    await field("本院名称").fill("某中级人民法院");
    await page.locator(".court-profile .kind").first().locator(".el-form-item").filter({ has: page.locator('label:text-is("文号代字")') }).locator("input").fill("某中法考");
    await page.locator("button:has-text('保存本院信息')").click();
    await expect.poll(() => page.locator(".el-message").count()).toBeGreaterThan(0);
    expect(await page.locator(".el-message").first().innerText()).toContain("已发布的文件保持原样");
    await expect.poll(() => page.locator(".brand").innerText()).toContain("某中级人民法院");
    await shot(page, "admin-court-profile-saved");

    const saved = await trpc<{ name: string; scope: string; kinds: { notice: { docPrefix: string }; summary: { docPrefix: string } } }>(page, "court.profile");
    // the 发文机关标志 and 署名 that said the old name followed the new one
    expect(saved).toMatchObject({ name: "某中级人民法院", scope: "全市", kinds: { notice: { docPrefix: "某中法考", issuer: "某中级人民法院", signature: "某中级人民法院" }, summary: { docPrefix: "开法考" } } });
    expect(await page.title()).toContain("某中级人民法院");
  });
});
