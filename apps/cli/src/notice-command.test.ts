/**
 * `scorecard notice` from the outside: the real process writes the month's notice from the demo
 * files as a draft, the very document @scorecard/documents renders, byte for byte every time;
 * bad input exits 2 in Chinese and English and writes nothing.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoCourt } from "@scorecard/demo";
import { buildNoticeSnapshot, defaultIssuedAt, noticeDocx } from "@scorecard/documents";
import { scorePeriod } from "@scorecard/scoring";
import { run } from "./cli";

const here = path.dirname(fileURLToPath(import.meta.url));
const MAIN = path.join(here, "main.ts");
const ROOT = path.resolve(here, "../../..");
let dir = "";

const spawn = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", MAIN, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 60_000,
    // no database here: without file options the command must say what to give, never create one
    env: { ...process.env, DATABASE_URL: path.join(os.tmpdir(), `scorecard-no-such-${process.pid}.db`) },
  });
const files = (...more: string[]) => [
  "--rulebook",
  path.join(dir, "rulebook.json"),
  "--facts",
  path.join(dir, "facts.csv"),
  "--adjustments",
  path.join(dir, "adjustments.csv"),
  "--units",
  path.join(dir, "units.csv"),
  ...more,
];

/** The cells of every row of the document's first table (the ranking). */
async function rankingRows(bytes: Uint8Array): Promise<string[][]> {
  const xml = await (await JSZip.loadAsync(bytes)).file("word/document.xml")!.async("string");
  const table = xml.slice(xml.indexOf("<w:tbl>"), xml.indexOf("</w:tbl>"));
  return [...table.matchAll(/<w:tr>([\s\S]*?)<\/w:tr>/g)].map((tr) =>
    [...tr[1]!.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((tc) => [...tc[1]!.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join("")),
  );
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "scorecard-notice-"));
  const r = await run(["demo", "--out", dir]);
  expect(r.code, r.stderr).toBe(0);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("scorecard notice", () => {
  it("writes the 2023-03 notice from the demo files as a Word draft with the engine's ranking, the same bytes every run", async () => {
    const out = path.join(dir, "2023-03.docx");
    const p = spawn("notice", "--period", "2023-03", "--format", "docx", "--out", out, ...files());
    expect(p.status, p.stderr).toBe(0);
    expect(p.stdout).toContain("已写出2023年3月考核通报草稿(Word 文档");
    expect(p.stdout).toContain("成文日期按 2023年4月5日 计");
    const bytes = new Uint8Array(fs.readFileSync(out));

    const d = demoCourt();
    const engine = scorePeriod({ rulebooks: d.rulebook, data: d, period: "2023-03" });
    const names = new Map(d.units.map((u) => [u.key, u.name]));
    const rows = await rankingRows(bytes);
    expect(rows[0]).toEqual(["名次", "较上月", "法庭", "审判工作", "执行工作", "加分", "扣分", "总分"]);
    expect(rows.slice(1).map((r) => [r[0], r[2], r[7]])).toEqual(engine.units.map((u) => [String(u.rank), names.get(u.unit), u.total.toFixed(2)]));
    const xml = await (await JSZip.loadAsync(bytes)).file("word/document.xml")!.async("string");
    expect(xml).toContain("草  稿");
    expect(xml).not.toContain("开法考");

    // the very document the library renders for the same draft
    const same = await noticeDocx(
      buildNoticeSnapshot({
        rulebooks: [d.rulebook],
        data: d,
        period: "2023-03",
        units: d.units,
        revision: 1,
        number: null,
        issuedBy: null,
        issuedAt: defaultIssuedAt("2023-03"),
      }),
    );
    expect(Buffer.from(bytes).equals(Buffer.from(same))).toBe(true);
    // and again, byte for byte
    const again = path.join(dir, "again.docx");
    expect(spawn("notice", "--period", "2023-03", "--format", "docx", "--out", again, ...files()).status).toBe(0);
    expect(fs.readFileSync(again).equals(fs.readFileSync(out))).toBe(true);
  });

  it("writes the workbook and the print page, from --demo as from the files", async () => {
    for (const format of ["xlsx", "html"] as const) {
      const a = path.join(dir, `demo.${format}`);
      const b = path.join(dir, `files.${format}`);
      expect((await run(["notice", "--demo", "--period", "2023-03", "--format", format, "--out", a])).code).toBe(0);
      expect((await run(["notice", "--period", "2023-03", "--format", format, "--out", b, ...files()])).code).toBe(0);
      expect(fs.readFileSync(a).equals(fs.readFileSync(b))).toBe(true);
    }
    expect(fs.readFileSync(path.join(dir, "demo.html"), "utf8")).toContain("<title>草稿 关于2023年3月人民法庭审判执行工作绩效考核情况的通报</title>");
    expect(fs.readFileSync(path.join(dir, "demo.xlsx")).subarray(0, 2).toString()).toBe("PK");
  });

  it("exits 2 in Chinese and English on bad arguments, and writes nothing", async () => {
    const out = path.join(dir, "never.docx");
    const cases: Array<[string[], string]> = [
      [["notice", "--demo", "--format", "docx", "--out", out], "缺少参数 --period"],
      [["notice", "--demo", "--period", "2023-3", "--format", "docx", "--out", out], "--period 必须是 YYYY-MM 格式的月份"],
      [["notice", "--demo", "--period", "2023-03", "--format", "pdf", "--out", out], "--format 只能是 docx、xlsx 或 html"],
      [["notice", "--demo", "--period", "2023-03", "--format", "docx"], "缺少参数 --out"],
      [["notice", "--demo", "--period", "2024-06", "--format", "docx", "--out", out], "2024年6月没有考核数据"],
      [["notice", "--demo", "--period", "2021-03", "--format", "docx", "--out", out], "2021年3月没有考核数据"],
      [["notice", "--period", "2023-03", "--format", "docx", "--out", out], "请用 --rulebook 和 --facts 给出数据文件"],
      [["notice", "--demo", "--period", "2023-03", "--format", "docx", "--out", path.join(dir, "no-such-dir", "n.docx")], "所在目录不存在"],
    ];
    for (const [args, zh] of cases) {
      const r = await run(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain(zh);
      // the English after the Chinese, in parentheses
      expect(r.stderr).toMatch(/ \([\x20-\x7e]+\)\s*$/);
    }
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(dir).some((f) => f.endsWith(".tmp"))).toBe(false);
  });

  it("refuses bad facts from the real process with their place, nothing on stdout, no file", () => {
    const bad = path.join(dir, "bad.csv");
    const lines = fs.readFileSync(path.join(dir, "facts.csv"), "utf8").trimEnd().split("\n");
    const col = lines[0]!.split(",").indexOf("enf_closed");
    const cells = lines[2]!.split(",");
    cells[col] = "-1";
    lines[2] = cells.join(",");
    fs.writeFileSync(bad, lines.join("\n") + "\n");
    const out = path.join(dir, "bad.docx");
    const p = spawn("notice", "--period", "2023-03", "--format", "docx", "--out", out, "--rulebook", path.join(dir, "rulebook.json"), "--facts", bad);
    expect(p.status).toBe(2);
    expect(p.stdout).toBe("");
    expect(p.stderr).toContain("第 3 行");
    expect(p.stderr).toContain("enf_closed");
    expect(fs.existsSync(out)).toBe(false);
  });
});
