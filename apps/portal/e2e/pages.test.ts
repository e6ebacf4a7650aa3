import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { login, newPage, shot, startPortal, type Portal } from "./harness";

let portal: Portal;
beforeAll(async () => {
  portal = await startPortal();
});
afterAll(async () => {
  await portal?.close();
});

/** True once a canvas has been drawn on (some pixel is not transparent). */
const drawnCanvas = () =>
  [...document.querySelectorAll("canvas")].some((c) => {
    const ctx = (c as HTMLCanvasElement).getContext("2d");
    if (!ctx || !c.width || !c.height) return false;
    const data = ctx.getImageData(0, 0, c.width, c.height).data;
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return true;
    return false;
  });

const NAMES = ["大榆树人民法庭", "东风人民法庭", "黑龙坝人民法庭", "麦新人民法庭", "义和塔拉人民法庭", "建华人民法庭", "小街基人民法庭", "吉日嘎郎吐人民法庭"];

describe("the portal as its users see it", () => {
  it("the overview shows the eight tribunals of 2023-03 and a drawn chart", async () => {
    const page = await newPage(portal);
    await login(portal, page, "hr");
    await page.waitForSelector(".el-table__row");
    const table = await page.locator(".el-table").first().innerText();
    for (const name of NAMES) expect(table).toContain(name);
    expect(await page.locator(".el-table").first().locator(".el-table__body tr").count()).toBe(8);
    await page.waitForFunction(drawnCanvas);
    expect(await page.locator("text=2023年3月").count()).toBeGreaterThan(0);
    await shot(page, "overview");
  });

  it("a leader sees the tribunals they oversee first", async () => {
    const page = await newPage(portal);
    await login(portal, page, "leader1");
    expect(new URL(page.url()).pathname).toBe("/my-units");
    const me = await page.evaluate(async () => (await (await fetch("/trpc/auth.me")).json()).result.data as { units: string[] });
    const units = await page.evaluate(async () => (await (await fetch("/trpc/units.list")).json()).result.data as Array<{ key: string; name: string }>);
    const mine = units.filter((u) => me.units.includes(u.key)).map((u) => u.name);
    const others = units.filter((u) => !me.units.includes(u.key)).map((u) => u.name);
    expect(mine.length).toBeGreaterThan(0);
    await page.waitForSelector(`text=${mine[0]}`);
    const text = await page.locator("main").innerText();
    const lastMine = Math.max(...mine.map((n) => text.indexOf(n)));
    const firstOther = Math.min(...others.map((n) => text.indexOf(n)).filter((i) => i >= 0));
    expect(lastMine).toBeGreaterThanOrEqual(0);
    expect(lastMine).toBeLessThan(firstOther);
    await shot(page, "my-units");
  });

  it("a head reads why each point was given for their own draft, and is refused another tribunal's", async () => {
    const page = await newPage(portal);
    await login(portal, page, "head-dayushu");
    expect(new URL(page.url()).pathname).toBe("/units/dayushu");
    await page.waitForSelector("text=大榆树人民法庭");
    // the explanation of the engine, with numbers filled in
    await expect.poll(() => page.locator("text=/执结率 = 执行结案数 \\d+件? ÷ 执行收案数 \\d+件?/").count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator("text=/功效系数法/").count()).toBeGreaterThan(0);
    await shot(page, "unit-head-own");

    await page.goto(`${portal.url}/units/dongfeng`);
    await expect.poll(() => page.locator("text=/审核期间庭长只能查看本庭的草稿分数/").count()).toBeGreaterThan(0);
    expect(await page.locator("text=/功效系数法/").count()).toBe(0);
    await shot(page, "unit-head-refused");
    // the server refuses it too, whatever the page shows
    const r = await page.evaluate(async () => (await fetch(`/trpc/scores.unit?input=${encodeURIComponent(JSON.stringify({ unit: "dongfeng", period: "2023-03" }))}`)).status);
    expect(r).toBe(403);
  });

  it("screenshots of the other main pages", async () => {
    const page = await newPage(portal);
    await login(portal, page, "admin");
    await page.waitForSelector("text=账号");
    await shot(page, "admin");
    for (const [path, name] of [["/compare", "compare"], ["/audit", "audit"], ["/adjustments", "adjustments"]] as const) {
      await page.goto(`${portal.url}${path}`);
      await page.waitForLoadState("networkidle");
      await shot(page, name);
    }
  });
});
