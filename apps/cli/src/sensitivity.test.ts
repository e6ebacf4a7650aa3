/**
 * `scorecard sensitivity` (interfaces.md): how stable each tribunal's rank (with --year, its grade)
 * is when indicator points move by ±spread — from real files in a temporary directory.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoCourt } from "@scorecard/demo";
import { evaluateYear, scorePeriod, sensitivity } from "@scorecard/scoring";
import { run } from "./cli";

const here = path.dirname(fileURLToPath(import.meta.url));
const MAIN = path.join(here, "main.ts");
const ROOT = path.resolve(here, "../../..");

let dir = "";
const file = (name: string) => path.join(dir, name);
type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "scorecard-cli-sensitivity-"));
  expect((await run(["demo", "--out", dir])).code).toBe(0);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const files = () => ["--rulebook", file("rulebook.json"), "--facts", file("facts.csv"), "--adjustments", file("adjustments.csv"), "--units", file("units.csv")];
const court = demoCourt();

describe("scorecard sensitivity", () => {
  it("--year --format json: the engine's result for the files, with the defaults (1000 trials, seed 1, spread 0.1) and each tribunal's name, rank and grade", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", MAIN, "sensitivity", ...files(), "--year", "2022", "--format", "json"], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as Loose;
    expect(doc).toMatchObject({ trials: 1000, seed: 1, spread: 0.1, year: 2022 });
    const want = sensitivity({ rulebooks: court.rulebook, data: court, year: 2022 });
    expect(doc.units.map((u: Loose) => ({ unit: u.unit, rank: u.rank, grade: u.grade, unchanged: u.unchanged, rankUnchanged: u.rankUnchanged, sensitiveTo: u.sensitiveTo }))).toEqual(
      want.units.map((u) => ({ unit: u.unit, rank: u.rank, grade: u.grade, unchanged: u.unchanged, rankUnchanged: u.rankUnchanged, sensitiveTo: u.sensitiveTo })),
    );
    const annual = evaluateYear({ rulebooks: court.rulebook, data: court, year: 2022 });
    expect(doc.units.map((u: Loose) => [u.unit, u.rank, u.grade])).toEqual(annual.units.map((u) => [u.unit, u.rank, u.grade]));
    expect(doc.units.find((u: Loose) => u.unit === "maixin").name).toBe("麦新人民法庭");
  });

  it("--period --format json: the month's ranks, the shares of the joint draws and the indicators that move them", async () => {
    const r = await run(["sensitivity", ...files(), "--period", "2022-03", "--spread", "0.3", "--trials", "200", "--seed", "7", "--format", "json"]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as Loose;
    expect(doc).toMatchObject({ trials: 200, seed: 7, spread: 0.3, period: "2022-03" });
    const ranking = scorePeriod({ rulebooks: court.rulebook, data: court, period: "2022-03" });
    expect(doc.units.map((u: Loose) => [u.unit, u.rank])).toEqual(ranking.units.map((u) => [u.unit, u.rank]));
    const keys = court.rulebook.sections.flatMap((s) => s.indicators.map((i) => i.key));
    for (const u of doc.units) {
      expect(u.unchanged).toBeGreaterThanOrEqual(0);
      expect(u.unchanged).toBeLessThanOrEqual(1);
      for (const k of u.sensitiveTo) expect(keys).toContain(k);
      // rulebook order
      expect([...u.sensitiveTo].sort((a: string, b: string) => keys.indexOf(a) - keys.indexOf(b))).toEqual(u.sensitiveTo);
    }
    // ±30 % moves some of the demo court's close March ranks
    expect(doc.units.some((u: Loose) => u.unchanged < 1 && u.sensitiveTo.length > 0)).toBe(true);
  });

  it("--format table (the default): tribunals by name, shares as percentages, sensitive indicators by key and name, what the columns mean", async () => {
    const month = await run(["sensitivity", ...files(), "--period", "2022-03", "--spread", "0.3", "--trials", "200"]);
    expect(month.code, month.stderr).toBe(0);
    expect(month.stdout).toContain("2022年3月 名次稳定性(各指标分值上下浮动 30%,200 次随机抽样,随机种子 1)");
    expect(month.stdout).toMatch(/大榆树人民法庭\s+\d+\.\d%/);
    expect(month.stdout).toMatch(/[TE]\d+ [\u4e00-\u9fa5]+/); // e.g. "T3 结案均衡度"
    expect(month.stdout).toContain("名次不变:各指标分值同时在 ±30% 内随机变动的 200 次抽样中");
    expect(month.stdout).not.toContain("dayushu");
    const year = await run(["sensitivity", ...files(), "--year", "2022", "--trials", "100"]);
    expect(year.code, year.stderr).toBe(0);
    expect(year.stdout).toContain("2022年 年度等次稳定性");
    expect(year.stdout).toMatch(/名次\s+法庭\s+等次\s+等次不变\s+名次不变\s+敏感指标/);
    expect(year.stdout).toMatch(/麦新人民法庭\s+合格/);
  });

  it("the same seed gives the same output; the seed is part of it", async () => {
    const args = ["sensitivity", ...files(), "--year", "2023", "--trials", "300", "--format", "json"];
    const a = await run([...args, "--seed", "42"]);
    const b = await run([...args, "--seed", "42"]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    const others = await Promise.all(["43", "44", "45"].map((s) => run([...args, "--seed", s])));
    const shares = (out: string) => JSON.stringify((JSON.parse(out) as Loose).units.map((u: Loose) => u.unchanged));
    expect(others.some((o) => shares(o.stdout) !== shares(a.stdout))).toBe(true);
    expect((JSON.parse(others[0]!.stdout) as Loose).seed).toBe(43);
  });

  it("refuses a bad --spread, both --period and --year, neither, and a bad --trials or --seed: exit 2, the flag named in Chinese, nothing on stdout", async () => {
    const cases: Array<[string[], string]> = [
      [["--year", "2022", "--spread", "abc"], "--spread 必须是大于 0 且小于 1 的小数"],
      [["--year", "2022", "--spread", "0"], "--spread 必须是大于 0 且小于 1 的小数"],
      [["--year", "2022", "--spread", "1.5"], "--spread 必须是大于 0 且小于 1 的小数"],
      [["--period", "2022-03", "--year", "2022"], "--period 与 --year 只能给出一个"],
      [[], "请给出 --period YYYY-MM(某月的名次)或 --year YYYY(年度等次)之一"],
      [["--year", "2022", "--trials", "0"], "--trials 必须是 1 至 1000000 之间的整数"],
      [["--year", "2022", "--trials", "ten"], "--trials 必须是 1 至 1000000 之间的整数"],
      [["--year", "2022", "--seed", "1.5"], "--seed 必须是整数"],
      [["--period", "2022-3"], "--period 必须是 YYYY-MM 格式的月份"],
      [["--year", "2022", "--window", "month"], "--window 只能与 --period 一起使用"],
    ];
    for (const [extra, message] of cases) {
      const r = await run(["sensitivity", ...files(), ...extra]);
      expect(r.code, extra.join(" ")).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain(message);
    }
    const noFiles = await run(["sensitivity", "--year", "2022"]);
    expect(noFiles.code).toBe(2);
    expect(noFiles.stderr).toContain("缺少参数 --rulebook");
    const missing = await run(["sensitivity", "--rulebook", file("nope.json"), "--facts", file("facts.csv"), "--year", "2022"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("文件不存在");
  });
});
