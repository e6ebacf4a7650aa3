/**
 * `scorecard gap` (interfaces.md): what it would take a tribunal to move up, from real files, the
 * real process and `run` — each option, written into the facts file, reaches its rank under `score`.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gapToRank } from "@scorecard/scoring";
import { demoCourt } from "@scorecard/demo";
import { run } from "./cli";

const here = path.dirname(fileURLToPath(import.meta.url));
const MAIN = path.join(here, "main.ts");
const ROOT = path.resolve(here, "../../..");
const spawn = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", MAIN, ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });

let dir = "";
let grouped = "";
const file = (name: string) => path.join(dir, name);
type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "scorecard-cli-gap-"));
  expect((await run(["demo", "--out", dir])).code).toBe(0);
  grouped = path.join(dir, "grouped");
  expect((await run(["demo", "--out", grouped, "--variant", "grouped"])).code).toBe(0);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const files = (d = dir) => ["--rulebook", path.join(d, "rulebook.json"), "--facts", path.join(d, "facts.csv"), "--adjustments", path.join(d, "adjustments.csv"), "--units", path.join(d, "units.csv")];

/** facts.csv with one figure of one tribunal's month replaced, written beside the original. */
function factsWith(period: string, unit: string, field: string, value: number, name: string): string {
  const lines = fs.readFileSync(file("facts.csv"), "utf8").split("\n");
  const header = lines[0]!.split(",");
  const col = header.indexOf(field);
  expect(col).toBeGreaterThan(1);
  const out = lines.map((line) => {
    const cells = line.split(",");
    if (cells[0] !== period || cells[1] !== unit) return line;
    cells[col] = String(value);
    return cells.join(",");
  });
  const to = file(name);
  fs.writeFileSync(to, out.join("\n"));
  return to;
}

describe("scorecard gap", () => {
  it("prints the JSON of interfaces.md, the engine's answer, and each option written into the facts file reaches its rank", async () => {
    const r = spawn("gap", "--period", "2023-03", "--unit", "maixin", ...files(), "--format", "json");
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Loose;
    const court = demoCourt();
    const expected = gapToRank({ rulebooks: court.rulebook, data: court, period: "2023-03", unit: "maixin" });
    expect(out).toEqual({ ...expected, name: "麦新人民法庭" });
    expect(Object.keys(out)).toEqual(["period", "unit", "name", "group", "rank", "targets"]);
    expect(out.rank).toBe(7);
    expect(out.targets.map((t: Loose) => t.rank)).toEqual([6, 1]);
    const options: Loose[] = (out.targets as Loose[]).flatMap((t) => (t.options as Loose[]).map((o) => ({ ...o, rank: t.rank as number })));
    expect(options.length).toBeGreaterThan(0);
    for (const [i, o] of options.entries()) {
      const facts = factsWith("2023-03", "maixin", o.field, o.to, `facts-${i}.csv`);
      const scored = await run(["score", "--rulebook", file("rulebook.json"), "--facts", facts, "--adjustments", file("adjustments.csv"), "--period", "2023-03", "--format", "json"]);
      expect(scored.code, scored.stderr).toBe(0);
      const unit = (JSON.parse(scored.stdout).units as Loose[]).find((u) => u.unit === "maixin")!;
      expect(unit.rank, `${o.field} → ${o.to}`).toBeLessThanOrEqual(o.rank);
    }
  });

  it("prints a table in Chinese: the figures by name with 件 and 天, the indicators they move, 单项无法达到", async () => {
    const r = await run(["gap", "--period", "2023-03", "--unit", "maixin", ...files()]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("麦新人民法庭 2023年3月 差距测算(年初至当月累计)");
    expect(r.stdout).toContain("现名次:第7名");
    expect(r.stdout).toContain("要前进一名(第6名),单项需要:");
    expect(r.stdout).toContain("要成为第一名,单项需要:");
    expect(r.stdout).toMatch(/执行结案数 +\+\d+ 件 +\d+ 件 +\d+ 件 +E1 执结率、E7 人均执结数/);
    expect(r.stdout).toMatch(/单项无法达到:.*T7 超12个月未结案件数/);
    expect(r.stdout).not.toMatch(/enf_closed|maixin/);
    const days = await run(["gap", "--period", "2023-03", "--unit", "xiaojieji", ...files()]);
    expect(days.stdout).toMatch(/首执案件结案用时合计 +−[\d.]+ 天/);
  });

  it("says a tribunal already first has nothing to catch up", async () => {
    const r = await run(["gap", "--period", "2023-03", "--unit", "dayushu", ...files()]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("现名次:第1名");
    expect(r.stdout).toContain("已是第一名");
    const json = await run(["gap", "--period", "2023-03", "--unit", "dayushu", ...files(), "--format", "json"]);
    expect(JSON.parse(json.stdout).targets).toEqual([]);
  });

  it("ranks within the tribunal's group under a grouped rulebook", async () => {
    const r = await run(["gap", "--period", "2023-03", "--unit", "jianhua", ...files(grouped), "--manual", path.join(grouped, "manual.csv"), "--format", "json"]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Loose;
    const scored = await run(["score", ...files(grouped), "--manual", path.join(grouped, "manual.csv"), "--period", "2023-03", "--format", "json"]);
    const unit = (JSON.parse(scored.stdout).units as Loose[]).find((u) => u.unit === "jianhua")!;
    expect(out.group).toBe("small");
    expect(out.rank).toBe(unit.rank);
    const table = await run(["gap", "--period", "2023-03", "--unit", "jianhua", ...files(grouped), "--manual", path.join(grouped, "manual.csv")]);
    expect(table.stdout).toContain("名次为二类法庭组内排名");
  });

  it("refuses an unknown tribunal, a month without figures and missing flags, in Chinese and English, with exit status 2", async () => {
    const unknown = spawn("gap", "--period", "2023-03", "--unit", "nowhere", ...files());
    expect(unknown.status).toBe(2);
    expect(unknown.stdout).toBe("");
    expect(unknown.stderr).toContain("没有法庭“nowhere”");
    expect(unknown.stderr).toContain("unknown unit nowhere");
    const empty = await run(["gap", "--period", "2023-04", "--unit", "maixin", ...files()]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("2023年4月没有任何法庭的数据");
    expect(empty.stderr).toContain("no facts in 2023-04");
    const flags = await run(["gap", "--period", "2023-3", "--format", "xml", "--rulebook", file("rulebook.json")]);
    expect(flags.code).toBe(2);
    for (const text of ["--period 必须是 YYYY-MM", "缺少参数 --unit", "--format 只能是 json 或 table", "缺少参数 --facts"]) expect(flags.stderr).toContain(text);
    const help = await run(["help"]);
    expect(help.stdout).toContain("scorecard gap      --period YYYY-MM --unit KEY");
  });
});
