import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Portal, SCREENSHOTS, startPortal, trpc, settled, view, signedIn } from "./harness";

/**
 * A correction reaches the documents that read the month (issue 16), as stats sees it in the
 * browser: March and the 2023-Q1 summary are published; March is corrected (东风 调解撤诉结案数
 * 41 → 43). The publish page starts the 情况分析 from what was published, with the fresh draft of
 * the corrected figures beside it and the changed sentences marked; stats takes them in by choice
 * and republishes. The Q1 summary's page and the summaries' list then say it needs correcting,
 * naming March's correction.
 */
let portal: Portal;
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

const OWN = "统计员补充:三月份各庭均按期完成数据报送。";

describe("a correction of March reaches the Q1 summary", () => {
  let number = "";

  it("March's correction starts from the published 情况分析, with the fresh draft beside it; stats adds the changed sentences and republishes", async () => {
    const stats = await signedIn(portal, "stats");
    // March and the quarter published as 发布 and 季度总结 would, March with the statistician's own paragraph
    const draft = await trpc<{ commentary: string }>(stats, "notices.draft", { period: "2023-03" });
    await mutate(stats, "notices.publish", { period: "2023-03", commentary: `${draft.commentary}\n${OWN}`, acknowledgeWarnings: true });
    const q1 = await trpc<{ commentary: string }>(stats, "summaries.draft", { quarter: "2023-Q1" });
    await mutate(stats, "summaries.publish", { quarter: "2023-Q1", commentary: q1.commentary });

    // the correction: 东风 调解撤诉结案数 41 → 43
    await mutate(stats, "notices.correct", { period: "2023-03", reason: "东风人民法庭调解撤诉结案数漏报2件,更正为43件。" });
    const units = await trpc<Array<{ key: string; name: string }>>(stats, "units.list");
    const dongfeng = units.find((u) => u.name.startsWith("东风"))!.key;
    const facts = await trpc<{ rows: Array<{ unit: string; version: number; values: Record<string, number> }> }>(stats, "facts.get", { period: "2023-03" });
    const row = facts.rows.find((r) => r.unit === dongfeng)!;
    expect(row.values.trial_mediated).toBe(41);
    await mutate(stats, "facts.save", { period: "2023-03", unit: dongfeng, values: { ...row.values, trial_mediated: 43 }, version: row.version });

    await stats.goto(`${portal.url}/publish/2023-03`);
    await settled(stats);
    const editor = stats.locator(".commentary-card");
    const text = editor.getByRole("textbox", { name: "情况分析" });
    // what the statistician wrote is there, not replaced by a fresh draft
    expect(await text.inputValue()).toContain(OWN);
    await expect.poll(() => editor.getByText("恢复为第 1 版已发布的文字").count()).toBe(1);
    const fresh = editor.getByRole("region", { name: "按更正后数据重新草拟的情况分析" });
    await fresh.waitFor();
    const changed = await fresh.locator("mark.changed").allInnerTexts();
    expect(changed.length).toBeGreaterThan(0);
    expect(await fresh.innerText()).not.toContain(OWN);
    await editor.screenshot({ path: join(SCREENSHOTS, "correction-commentary-1440.png") });

    await editor.getByRole("button", { name: "在末尾加入有变化的句子" }).click();
    const merged = await text.inputValue();
    expect(merged).toContain(OWN);
    expect(merged).toContain(changed[0]!.trim());

    const published = await mutate<{ number: string; revision: number }>(stats, "notices.publish", { period: "2023-03", commentary: merged, acknowledgeWarnings: true });
    expect(published.revision).toBe(2);
    number = published.number;
  });

  it("the Q1 summary's page and the list say it needs correcting, naming March's correction", async () => {
    const stats = await signedIn(portal, "stats");
    await stats.goto(`${portal.url}/summaries/2023-Q1`);
    await settled(stats);
    const banner = stats.locator(".needs-correction");
    await banner.waitFor();
    expect(await banner.innerText()).toContain(`本总结需更正:2023年3月考核通报已更正(第 2 版,${number}),本总结的数字与更正后的月份不一致,请发起更正。`);
    await view(stats, "summary-needs-correction-1440");

    await stats.goto(`${portal.url}/summaries`);
    await settled(stats);
    const row = stats.locator(".summary-list .el-table__body-wrapper tr", { hasText: "2023年第一季度" }).first();
    expect(await row.innerText()).toContain("需更正");
    expect(await row.innerText()).toContain(`因2023年3月考核通报更正(${number})`);
    await view(stats, "summaries-needs-correction-1440");

    const phone = await signedIn(portal, "leader1", 390);
    await phone.goto(`${portal.url}/summaries/2023-Q1`);
    await settled(phone);
    const seen = phone.locator(".needs-correction");
    await seen.waitFor();
    expect(await seen.innerText()).toContain("统计员将更正后重新发布");
    await view(phone, "summary-needs-correction-390");

    // the correction's editor on a phone: the fresh draft under the text being edited
    const phoneStats = await signedIn(portal, "stats", 390);
    await mutate(phoneStats, "summaries.correct", { quarter: "2023-Q1", reason: "2023年3月考核通报已更正,本总结随之更正。" });
    await phoneStats.goto(`${portal.url}/summaries/2023-Q1`);
    await settled(phoneStats);
    const editor = phoneStats.locator(".commentary-card");
    await editor.waitFor();
    await expect.poll(() => editor.getByText("恢复为第 1 版已发布的文字").count()).toBe(1);
    await editor.screenshot({ path: join(SCREENSHOTS, "summary-correction-commentary-390.png") });
  });
});
