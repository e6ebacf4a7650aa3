/**
 * The files of 季总结 and 年奖惩 over real HTTP, on SQLite and PostgreSQL (product.md "Quarterly and
 * annual"): the published 2023 Q1 summary and 2022 evaluation download as Word documents that say
 * what they are (the override's reason too), the CLI writes from the database the very files the
 * portal downloads, and 2023 is a 预估 a leader may read and a head may not. (Drafting, numbering,
 * overrides and publishing through the procedures: packages/api/src/routers/summaries-annual.test.ts.)
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeResult, scorecard, startTestServer, testBackends, type ApiClient, type TestServer } from "./test-server";

let now = new Date("2023-04-10T02:00:00Z");
const clock = () => now;

describe.each(testBackends())("the files of quarterly summaries and the annual evaluation (%s)", (backend) => {
  let t: TestServer;
  let head: ApiClient, leader: ApiClient;
  beforeAll(async () => {
    now = new Date("2023-04-10T02:00:00Z");
    t = await startTestServer(backend, { clock });
    const [stats, hr] = [await t.login("stats"), await t.login("hr")];
    [head, leader] = [await t.login("head-heilongba"), await t.login("leader1")];
    // March's notice, then the Q1 summary; 2022 evaluated with an override, then published
    const draft = await stats.query<{ commentary: string }>("notices.draft", { period: "2023-03" });
    const notice = await stats.mutate("notices.publish", { period: "2023-03", commentary: draft.data.commentary, acknowledgeWarnings: true });
    expect(notice.ok, describeResult(notice)).toBe(true);
    const sd = await stats.query<{ commentary: string }>("summaries.draft", { quarter: "2023-Q1" });
    const summary = await stats.mutate("summaries.publish", { quarter: "2023-Q1", commentary: sd.data.commentary });
    expect(summary.ok, describeResult(summary)).toBe(true);
    const c = await hr.query<{ snapshot: { result: { units: Array<{ unit: string; rank: number | null }> } } }>("annual.compute", { year: 2022 });
    const first = c.data.snapshot.result.units.find((u) => u.rank === 1)!;
    const override = await hr.mutate("annual.override", { year: 2022, unit: first.unit, grade: "good", reason: "年内发生重大舆情,经党组研究调整" });
    expect(override.ok, describeResult(override)).toBe(true);
    const annual = await hr.mutate("annual.publish", { year: 2022 });
    expect(annual.ok, describeResult(annual)).toBe(true);
  }, 180_000);
  afterAll(() => t?.stop());

  it("downloads the published 2023 Q1 summary as a Word document of 2023年第一季度", async () => {
    const docx = await head.files<Buffer>("/files/summary?quarter=2023-Q1&format=docx");
    expect(docx.ok).toBe(true);
    const xml = await (await JSZip.loadAsync(docx.data)).file("word/document.xml")!.async("string");
    expect(xml).toContain("2023年第一季度");
  });

  it("downloads the published 2022 evaluation, which names the vetoed tribunal and the override's reason", async () => {
    const docx = await head.files<Buffer>("/files/annual?year=2022&format=docx");
    const xml = await (await JSZip.loadAsync(docx.data)).file("word/document.xml")!.async("string");
    expect(xml).toContain("关于2022年度人民法庭绩效考核结果的通报");
    expect(xml).toContain("黑龙坝人民法庭");
    expect(xml).toContain("年内发生重大舆情,经党组研究调整");
  });

  it("writes from the database with the CLI the files the portal downloads: the published summary and evaluation, and 2023 as 预估", { timeout: 90_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "scorecard-period-docs-"));
    try {
      for (const [args, path, name] of [
        [["summary", "--quarter", "2023-Q1"], "/files/summary?quarter=2023-Q1&format=docx", "2023年第一季度"],
        [["annual", "--year", "2022"], "/files/annual?year=2022&format=docx", "2022年度"],
      ] as const) {
        const out = join(dir, `${args[2]}.docx`);
        const run = await scorecard(t.databaseUrl, [...args, "--format", "docx", "--out", out]);
        expect(run.code, run.stderr).toBe(0);
        expect(run.stdout).toContain(name);
        expect(Buffer.compare(readFileSync(out), (await leader.files<Buffer>(path)).data)).toBe(0);
      }
      const est = await scorecard(t.databaseUrl, ["annual", "--year", "2023", "--format", "html", "--out", join(dir, "2023.html")]);
      expect(est.code, est.stderr).toBe(0);
      expect(est.stdout).toContain("预估");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("shows 2023 as 预估 to a leader, and not to a head", async () => {
    const file = await leader.files<Buffer>("/files/annual?year=2023&format=html");
    expect(file.ok).toBe(true);
    expect(file.data.toString("utf8")).toContain("预估");
    expect((await head.files("/files/annual?year=2023&format=html")).status).toBe(403);
  });
});
