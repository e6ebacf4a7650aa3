/**
 * The data checks through the command line (rulebook.md §7c): a facts file breaking an error
 * check exits 2 naming the file, line, column and tribunal; warnings and history outliers are
 * listed by `validate`, which still passes.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "./cli";

let dir = "";
let header: string[] = [];
let lines: string[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "scorecard-checks-"));
  const r = await run(["demo", "--out", dir]);
  expect(r.code, r.stderr).toBe(0);
  lines = fs.readFileSync(path.join(dir, "facts.csv"), "utf8").trimEnd().split("\n");
  header = (lines[0] ?? "").split(",");
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Writes a copy of facts.csv with cells changed on the row of `unit` in `period`; returns its path and the 1-based line. */
function factsWith(period: string, unit: string, cells: Record<string, (row: Record<string, number>) => number>): { file: string; line: number } {
  const out = [...lines];
  const i = out.findIndex((l) => l.startsWith(`${period},${unit},`));
  expect(i).toBeGreaterThan(0);
  const row = (out[i] ?? "").split(",");
  const values = Object.fromEntries(header.map((k, c) => [k, Number(row[c])]));
  for (const [key, f] of Object.entries(cells)) row[header.indexOf(key)] = String(f(values));
  out[i] = row.join(",");
  const file = path.join(dir, `facts-${Object.keys(cells).join("-")}.csv`);
  fs.writeFileSync(file, out.join("\n") + "\n", "utf8");
  return { file, line: i + 1 };
}

const rb = () => path.join(dir, "rulebook.json");
const units = () => path.join(dir, "units.csv");

describe("data checks in the CLI", () => {
  it("score exits 2 on a part larger than its whole, naming file, line, column and the tribunal", async () => {
    const { file, line } = factsWith("2023-03", "maixin", { trial_closed_in_limit: (v) => (v.trial_closed ?? 0) + 2 });
    const r = await run(["score", "--rulebook", rb(), "--facts", file, "--units", units(), "--period", "2023-03", "--format", "json"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    const column = header.indexOf("trial_closed_in_limit") + 1;
    expect(r.stderr).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} 第 ${line} 行 第 ${column} 列 字段 trial_closed_in_limit:麦新人民法庭:法定审限内结案数\\(\\d+\\)不能大于审判结案数\\(\\d+\\)`));
    // validate refuses it the same way
    const v = await run(["validate", "--rulebook", rb(), "--facts", file]);
    expect(v.code).toBe(2);
    expect(v.stderr).toContain(`第 ${line} 行`);
    expect(v.stderr).toContain("maixin:法定审限内结案数");
  });

  it("exits 2 on 12.5 件", async () => {
    const { file, line } = factsWith("2022-06", "dayushu", { trial_closed: () => 12.5 });
    const r = await run(["validate", "--rulebook", rb(), "--facts", file, "--units", units()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file} 第 ${line} 行 第 ${header.indexOf("trial_closed") + 1} 列 字段 trial_closed:大榆树人民法庭:审判结案数必须是整数,收到 12.5`);
  });

  it("validate passes a file with warnings and lists each, with the demo's one outlier", async () => {
    const { file, line } = factsWith("2023-03", "jianhua", { trial_appealed: (v) => (v.trial_closed ?? 0) + 1 });
    const r = await run(["validate", "--rulebook", rb(), "--facts", file, "--units", units()]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("数据提示 2 条");
    expect(r.stdout).toContain(`${file} 第 ${line} 行 第 ${header.indexOf("trial_appealed") + 1} 列 字段 trial_appealed:建华人民法庭:上诉案件数`);
    expect(r.stdout).toMatch(/吉日嘎郎吐人民法庭 首执案件申请执行标的额 2022年12月为 127\.72 万元,是前 6 个月中位数 39\.12 万元的 3\.26 倍,请核实。/);
    expect(r.stdout).toContain("校验通过");
  });
});
