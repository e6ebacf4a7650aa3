import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { login, newPage, shot, startPortal, type Portal } from "./harness";

let portal: Portal;
beforeAll(async () => {
  portal = await startPortal();
});
afterAll(async () => {
  await portal?.close();
});

describe("each role logs in and lands where it should", () => {
  it("the login page lists the demo accounts in demo mode", async () => {
    const page = await newPage(portal);
    await page.goto(`${portal.url}/login`);
    await expect.poll(() => page.locator("text=演示账号").count()).toBeGreaterThan(0);
    expect(await page.locator("text=head-dayushu").count()).toBeGreaterThan(0);
    await shot(page, "login");
  });

  it("a wrong password is refused with a Chinese message and no session", async () => {
    const page = await newPage(portal);
    await page.goto(`${portal.url}/login`);
    await page.fill("input[name=username]", "stats");
    await page.fill("input[name=password]", "wrong-password");
    await page.click("button[type=submit]");
    await expect.poll(() => page.locator("text=用户名或密码不正确").count()).toBe(1);
    expect(new URL(page.url()).pathname).toBe("/login");
  });

  const landings: Array<[string, RegExp]> = [
    ["leader1", /\/my-units$/],
    ["head-dayushu", /\/units\/dayushu$/],
    ["stats", /\/data-entry$/],
    ["hr", /\/overview$/],
    ["admin", /\/admin$/],
  ];
  for (const [username, path] of landings)
    it(`${username} lands on ${path.source}`, async () => {
      const page = await newPage(portal);
      await login(portal, page, username);
      expect(new URL(page.url()).pathname).toMatch(path);
      await page.context().close();
    });

  it("a page outside the role's menu sends the user to their own landing page", async () => {
    const page = await newPage(portal);
    await login(portal, page, "head-dayushu");
    await page.goto(`${portal.url}/audit`);
    await page.waitForURL(/\/units\/dayushu$/);
  });
});
