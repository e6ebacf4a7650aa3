/**
 * `scorecard summary` and `scorecard annual` from the outside: the real process writes the demo's
 * 2023 Q1 summary and 2022 evaluation from the demo files as drafts — the very documents
 * @scorecard/documents renders, byte for byte; bad input exits 2 in Chinese and English, writes nothing.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoCourt } from "@scorecard/demo";
import { annualDocx, buildAnnualSnapshot, buildSummarySnapshot, defaultAnnualIssuedAt, defaultSummaryIssuedAt, summaryDocx } from "@scorecard/documents";
import { evaluateYear } from "@scorecard/scoring";
import { run } from "./cli";

const here = path.dirname(fileURLToPath(import.meta.url));
const MAIN = path.join(here, "main.ts");
const ROOT = path.resolve(here, "../../..");
let dir = "";

const spawn = (...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", MAIN, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, DATABASE_URL: path.join(os.tmpdir(), `scorecard-no-such-${process.pid}.db`) },
  });
const files = () => ["--rulebook", "rulebook.json", "--facts", "facts.csv", "--adjustments", "adjustments.csv", "--units", "units.csv"].map((x, i) => (i % 2 ? path.join(dir, x) : x));

async function paragraphs(bytes: Uint8Array): Promise<string[]> {
  const xml = await (await JSZip.loadAsync(bytes)).file("word/document.xml")!.async("string");
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => [...p[0].matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(""));
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "scorecard-docs-"));
  expect((await run(["demo", "--out", dir])).code).toBe(0);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const d = demoCourt();

describe("scorecard summary", () => {
  it("writes the 2023 Q1 summary from the demo files as a Word draft, the library's bytes, the same every run", async () => {
    const out = path.join(dir, "q1.docx");
    const p = spawn("summary", "--quarter", "2023-Q1", "--format", "docx", "--out", out, ...files());
    expect(p.status, p.stderr).toBe(0);
    expect(p.stdout).toContain("已写出2023年第一季度考核总结草稿(Word 文档");
    expect(p.stdout).toContain("成文日期按 2023年4月10日 计");
    const bytes = fs.readFileSync(out);
    const texts = await paragraphs(bytes);
    expect(texts).toContain("关于2023年第一季度人民法庭审判执行工作绩效考核情况的通报");
    expect(texts).toContain("草  稿(未发布,无文号)");
    const same = await summaryDocx(
      buildSummarySnapshot({ rulebooks: [d.rulebook], data: d, quarter: "2023-Q1", units: d.units, revision: 1, number: null, issuedBy: null, issuedAt: defaultSummaryIssuedAt("2023-Q1") }),
    );
    expect(Buffer.from(bytes).equals(Buffer.from(same))).toBe(true);
    const again = path.join(dir, "q1-again.docx");
    expect((await run(["summary", "--demo", "--quarter", "2023-Q1", "--format", "docx", "--out", again])).code).toBe(0);
    expect(fs.readFileSync(again).equals(bytes)).toBe(true);
  });
});

describe("scorecard annual", () => {
  it("writes the 2022 evaluation from the demo files with the engine's grades and the 黑龙坝 veto, the library's bytes", async () => {
    const out = path.join(dir, "2022.docx");
    const p = spawn("annual", "--year", "2022", "--format", "docx", "--out", out, ...files());
    expect(p.status, p.stderr).toBe(0);
    expect(p.stdout).toContain("已写出2022年度绩效考核结果草稿(Word 文档");
    const bytes = fs.readFileSync(out);
    const texts = await paragraphs(bytes);
    expect(texts).toContain("关于2022年度人民法庭绩效考核结果的通报");
    expect(texts).toContain("黑龙坝人民法庭:2022年8月有“发生违法违纪问题被追责”一票否决事项,年度考核等次不高于合格,不得评为先进法庭。");
    const engine = evaluateYear({ rulebooks: d.rulebook, data: d, year: 2022 });
    const grades = new Map(d.rulebook.annual.grades.map((g) => [g.key, g.name]));
    const names = new Map(d.units.map((u) => [u.key, u.name]));
    const xml = await (await JSZip.loadAsync(bytes)).file("word/document.xml")!.async("string");
    const table = xml.slice(xml.indexOf("<w:tbl>"), xml.indexOf("</w:tbl>"));
    const rows = [...table.matchAll(/<w:tr>([\s\S]*?)<\/w:tr>/g)].map((tr) =>
      [...tr[1]!.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((tc) => [...tc[1]!.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join("")),
    );
    expect(rows.slice(1).map((r) => [r[0], r[1], r[4], r[5]])).toEqual(
      engine.units.map((u) => [String(u.rank), `${names.get(u.unit)}${u.veto ? "(否决)" : ""}`, u.total.toFixed(2), grades.get(u.grade!)]),
    );
    const same = await annualDocx(buildAnnualSnapshot({ rulebooks: [d.rulebook], data: d, year: 2022, units: d.units, revision: 1, number: null, issuedBy: null, issuedAt: defaultAnnualIssuedAt(2022) }));
    expect(Buffer.from(bytes).equals(Buffer.from(same))).toBe(true);
  });

  it("says 预估 for 2023, whose December has no figures, and writes the workbook and the print page", async () => {
    const r = await run(["annual", "--demo", "--year", "2023", "--format", "html", "--out", path.join(dir, "2023.html")]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("2023年度绩效考核结果预估(12月尚无数据,不能发布)");
    expect(fs.readFileSync(path.join(dir, "2023.html"), "utf8")).toContain("预估:2023年12月尚无数据,按已有的 3 个月");
    expect((await run(["annual", "--demo", "--year", "2022", "--format", "xlsx", "--out", path.join(dir, "2022.xlsx")])).code).toBe(0);
    expect(fs.readFileSync(path.join(dir, "2022.xlsx")).subarray(0, 2).toString()).toBe("PK");
  });
});

describe("bad arguments", () => {
  it("exit 2 in Chinese and English, and write nothing", async () => {
    const out = path.join(dir, "never.docx");
    const cases: Array<[string[], string]> = [
      [["summary", "--demo", "--format", "docx", "--out", out], "缺少参数 --quarter"],
      [["summary", "--demo", "--quarter", "2023Q1", "--format", "docx", "--out", out], "--quarter 必须是 YYYY-Qn 格式的季度"],
      [["summary", "--demo", "--quarter", "2023-Q3", "--format", "docx", "--out", out], "2023年第三季度没有考核数据"],
      [["summary", "--demo", "--quarter", "2023-Q1", "--format", "pdf", "--out", out], "--format 只能是 docx、xlsx 或 html"],
      [["summary", "--quarter", "2023-Q1", "--format", "docx", "--out", out], "请用 --rulebook 和 --facts 给出数据文件"],
      [["annual", "--demo", "--year", "22", "--format", "docx", "--out", out], "--year 必须是四位年份"],
      [["annual", "--demo", "--year", "2019", "--format", "docx", "--out", out], "2019年没有考核数据"],
      [["annual", "--demo", "--year", "2022", "--format", "docx"], "缺少参数 --out"],
      [["annual", "--demo", "--year", "2022", "--format", "docx", "--out", path.join(dir, "no-such-dir", "a.docx")], "所在目录不存在"],
    ];
    for (const [args, zh] of cases) {
      const r = await run(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain(zh);
      expect(r.stderr).toMatch(/ \([\x20-\x7e]+\)\s*$/);
    }
    expect(fs.existsSync(out)).toBe(false);
  });
});
