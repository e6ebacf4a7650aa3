/**
 * The §9 constructs from the command line (rulebook.md §9, interfaces.md `--manual`): the grouped
 * demo court written by `demo --variant grouped`, scored from its files with `--manual` by the real
 * process; groups in the JSON and the table (ranks within each group, never across); the committee's
 * scores with their reasons in the explanations; caps said beside the penalty; bad manual files and
 * bad §9 rulebooks refused with exit 2 naming the file line or the JSON path.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "./cli";

// Loosely typed JSON for reading outputs and corrupting the rulebook.
type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const here = path.dirname(fileURLToPath(import.meta.url));
const MAIN = path.join(here, "main.ts");
const ROOT = path.resolve(here, "../../..");

const spawn = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", MAIN, ...args], { cwd: ROOT, encoding: "utf8", timeout: 30_000 });

const dirs: string[] = [];
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "scorecard-cli-groups-"));
  dirs.push(d);
  return d;
}

let dir = "";
const file = (name: string) => path.join(dir, name);
/** The grouped court's score of 2023-03 from its files, --manual included, as the real process prints it. */
let scored: Loose;

const files = (d = dir) => ["--rulebook", path.join(d, "rulebook.json"), "--facts", path.join(d, "facts.csv"), "--adjustments", path.join(d, "adjustments.csv")];

beforeAll(() => {
  dir = tempDir();
  const demo = spawn("demo", "--out", dir, "--variant", "grouped");
  expect(demo.status, demo.stderr).toBe(0);
  expect(demo.stdout).toContain("manual.csv");
  const p = spawn("score", ...files(), "--manual", file("manual.csv"), "--period", "2023-03", "--format", "json");
  expect(p.status, p.stderr).toBe(0);
  expect(p.stderr).toBe("");
  scored = JSON.parse(p.stdout) as Loose;
}, 90_000);

afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** Exit 2, nothing on stdout, and every expected fragment on stderr. */
function expectBad(r: { code: number; stdout: string; stderr: string }, ...fragments: string[]): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe("");
  for (const f of fragments) expect(r.stderr).toContain(f);
}

/** A copy of the grouped demo's files, the manual file edited line by line. */
function withManual(edit: (lines: string[]) => void): string {
  const d = tempDir();
  for (const f of ["rulebook.json", "facts.csv", "adjustments.csv", "manual.csv", "units.csv"]) fs.copyFileSync(file(f), path.join(d, f));
  const m = path.join(d, "manual.csv");
  const lines = fs.readFileSync(m, "utf8").trimEnd().split("\n");
  edit(lines);
  fs.writeFileSync(m, lines.join("\n") + "\n");
  return d;
}

describe("demo --variant", () => {
  it("writes manual.csv for the grouped variants, and none for the default court", async () => {
    const lines = fs.readFileSync(file("manual.csv"), "utf8").trimEnd().split("\n");
    expect(lines[0]).toBe("period,unit,indicator,score,reason");
    expect(lines.length).toBeGreaterThan(100);
    expect(lines.slice(1).every((l) => /^20\d\d-\d\d,[a-z]+,M1,\d+(\.\d+)?,.+$/.test(l))).toBe(true);

    const kailu = tempDir();
    const k = await run(["demo", "--out", kailu]);
    expect(k.code, k.stderr).toBe(0);
    expect(fs.readdirSync(kailu).sort()).toEqual(["adjustments.csv", "facts.csv", "rulebook-2023.1.json", "rulebook.json", "units.csv"]);

    const internal = tempDir();
    const i = await run(["demo", "--out", internal, "--variant", "internal"]);
    expect(i.code, i.stderr).toBe(0);
    expect(fs.readdirSync(internal)).toContain("manual.csv");
    expect((JSON.parse(fs.readFileSync(path.join(internal, "rulebook.json"), "utf8")) as Loose).ranking).toBe("internal");
  });

  it("refuses an unknown variant with exit 2", async () => {
    expectBad(await run(["demo", "--out", tempDir(), "--variant", "rural"]), "--variant", "grouped", "rural");
    expectBad(await run(["score", "--demo", "--variant", "x", "--period", "2023-03"]), "--variant");
  });
});

describe("score of the grouped court with --manual", () => {
  it("ranks each group 1..4 on its own, every unit carrying its group", () => {
    expect(scored.groups).toEqual([
      { key: "large", name: "一类法庭" },
      { key: "small", name: "二类法庭" },
    ]);
    const units = scored.units as Loose[];
    expect(units).toHaveLength(8);
    for (const g of ["large", "small"]) {
      const inGroup = units.filter((u) => u.group === g);
      expect(inGroup.map((u) => u.rank)).toEqual([1, 2, 3, 4]);
      // ordered by total within the group
      const totals = inGroup.map((u) => u.total as number);
      expect(totals).toEqual([...totals].sort((a, b) => b - a));
    }
    // listed group by group, the rulebook's order
    expect(units.map((u) => u.group)).toEqual(["large", "large", "large", "large", "small", "small", "small", "small"]);
    // T8 applies to 一类法庭 only
    for (const u of units) expect("T8" in u.indicators).toBe(u.group === "large");
  });

  it("explains M1 by the committee's scores with their reasons, from manual.csv", () => {
    const rows = fs
      .readFileSync(file("manual.csv"), "utf8")
      .trimEnd()
      .split("\n")
      .slice(1)
      .map((l) => {
        const [period, unit, , score, ...reason] = l.split(",");
        return { period, unit, score: Number(score), reason: reason.join(",").replace(/^"|"$/g, "") };
      });
    for (const u of scored.units as Loose[]) {
      const m1 = u.indicators.M1 as Loose;
      const e = m1.explanation as Loose;
      expect(e.formula.type).toBe("manual");
      const entries = e.formula.entries as Loose[];
      expect(entries.length).toBeGreaterThan(0);
      for (const entry of entries) {
        expect(entry.reason).not.toBe("");
        expect(rows).toContainEqual({ period: entry.period, unit: u.unit, score: entry.score, reason: entry.reason });
      }
      const latest = entries[entries.length - 1] as Loose;
      expect(m1.score).toBe(latest.score);
      expect(e.text).toContain(`考评委员会评议 ${latest.score} 分`);
      expect(e.text).toContain(`理由:“${latest.reason}”`);
    }
    // 麦新 has no score for 2023-03: its latest is February's
    const maixin = (scored.units as Loose[]).find((u) => u.unit === "maixin") as Loose;
    expect((maixin.indicators.M1.explanation.formula.entries as Loose[]).map((x) => x.period)).toEqual(["2023-01", "2023-02"]);
  });

  it("without --manual the committee's scores are missing, and the totals change", async () => {
    const r = await run(["score", ...files(), "--period", "2023-03", "--format", "json"]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as Loose;
    for (const u of doc.units as Loose[]) expect(u.indicators.M1.value).toBeNull();
    const total = (d: Loose, unit: string) => (d.units as Loose[]).find((u) => u.unit === unit)!.total as number;
    expect(total(doc, "dayushu")).not.toBe(total(scored, "dayushu"));
  });

  it("scores from the files exactly as the built-in --demo --variant grouped", async () => {
    const builtIn = await run(["score", "--demo", "--variant", "grouped", "--period", "2023-03", "--format", "json"]);
    expect(builtIn.code, builtIn.stderr).toBe(0);
    const fromFiles = await run(["score", ...files(), "--manual", file("manual.csv"), "--units", file("units.csv"), "--period", "2023-03", "--format", "json"]);
    expect(fromFiles.code, fromFiles.stderr).toBe(0);
    expect(JSON.parse(builtIn.stdout)).toEqual(JSON.parse(fromFiles.stdout));
    // the names are all --units adds
    const unnamed = JSON.parse(fromFiles.stdout) as Loose;
    for (const u of unnamed.units as Loose[]) delete u.name;
    expect(unnamed).toEqual(scored);
  });

  it("says the caps: 麦新's P1 cut to its cap of 1.5", () => {
    const maixin = (scored.units as Loose[]).find((u) => u.unit === "maixin") as Loose;
    expect(maixin).toMatchObject({ penalty: 1.5, penaltyUncapped: 2 });
    expect(maixin.itemCaps).toEqual([{ item: "P1", name: "有效投诉、涉执信访", kind: "penalty", sum: 2, cap: 1.5 }]);
  });
});

describe("the table of the grouped court", () => {
  it("shows a table per group, ranked within it, the penalty cut by a cap marked and said", () => {
    const p = spawn("score", ...files(), "--manual", file("manual.csv"), "--units", file("units.csv"), "--period", "2023-03");
    expect(p.status, p.stderr).toBe(0);
    const lines = p.stdout.split("\n");
    expect(lines[1]).toContain("2023年3月 分组排名");
    const large = lines.indexOf("一类法庭(4 个法庭,名次为组内排名)");
    const small = lines.indexOf("二类法庭(4 个法庭,名次为组内排名)");
    expect(large).toBeGreaterThan(0);
    expect(small).toBeGreaterThan(large);
    const rowsOf = (from: number) => lines.slice(from + 3, from + 7);
    // each group's rows: ranks 1..4, its own tribunals
    for (const [at, names] of [
      [large, ["大榆树人民法庭", "东风人民法庭", "黑龙坝人民法庭", "小街基人民法庭"]],
      [small, ["建华人民法庭", "义和塔拉人民法庭", "吉日嘎郎吐人民法庭", "麦新人民法庭"]],
    ] as const) {
      const rows = rowsOf(at);
      expect(rows.map((r) => r.trim().split(/\s+/)[0])).toEqual(["1", "2", "3", "4"]);
      expect(rows.map((r) => r.trim().split(/\s+/)[1]).sort()).toEqual([...names].sort());
    }
    // T8 (一类法庭 only) is a column of the first table only
    expect(lines[large + 1]).toMatch(/\bT8\b/);
    expect(lines[small + 1]).not.toMatch(/\bT8\b/);
    expect(lines[large + 1]).toMatch(/\bM1$/);
    // 麦新's penalty: 1.50, marked, and the cap in words below
    const maixin = rowsOf(small).find((r) => r.includes("麦新人民法庭")) ?? "";
    expect(maixin).toContain("1.50*");
    expect(lines).toContain("* 麦新人民法庭:“有效投诉、涉执信访”扣分 2.00 分,超过该项上限 1.50 分,按 1.50 分计。");
    expect(p.stdout).toContain("T8 人均结案数(4 分,只考核一类法庭)");
    expect(p.stdout).not.toContain("不通报排名");
  });

  it("under the internal variant says the ranks are not to be published", async () => {
    const r = await run(["score", "--demo", "--variant", "internal", "--period", "2023-03"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("本考核办法不通报排名");
    const json = await run(["score", "--demo", "--variant", "internal", "--period", "2023-03", "--format", "json"]);
    expect((JSON.parse(json.stdout) as Loose).ranking).toBe("internal");
  });

  it("the default court's table is one ranking, without group headings", async () => {
    const r = await run(["score", "--demo", "--period", "2023-03"]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[1]).toContain("2023年3月 排名 ·");
    expect(lines[3]).toMatch(/^名次/);
    expect(r.stdout).not.toContain("组内");
    expect(lines.slice(5, 13).map((l) => l.trim().split(/\s+/)[0])).toEqual(["1", "2", "3", "4", "5", "6", "7", "8"]);
    const json = JSON.parse((await run(["score", "--demo", "--period", "2023-03", "--format", "json"])).stdout) as Loose;
    expect(json.groups).toEqual([{ key: "other", name: "全部法庭" }]);
    expect((json.units as Loose[]).every((u) => u.group === "other")).toBe(true);
  });
});

describe("evaluate of the grouped court", () => {
  it("carries group on every unit and quota, ranks within each group", () => {
    const p = spawn("evaluate", ...files(), "--manual", file("manual.csv"), "--year", "2022", "--format", "json");
    expect(p.status, p.stderr).toBe(0);
    const doc = JSON.parse(p.stdout) as Loose;
    expect(doc.groups.map((g: Loose) => g.key)).toEqual(["large", "small"]);
    const units = doc.units as Loose[];
    for (const g of ["large", "small"]) expect(units.filter((u) => u.group === g).map((u) => u.rank)).toEqual([1, 2, 3, 4]);
    expect(new Set((doc.quotas as Loose[]).map((q) => q.group))).toEqual(new Set(["large", "small"]));
    expect((doc.quotas as Loose[]).find((q) => q.group === "small" && q.grade === "excellent")).toMatchObject({ n: 4, quota: 1, given: 1 });
  });

  it("prints a table per group and the quotas of each group", async () => {
    const r = await run(["evaluate", ...files(), "--manual", file("manual.csv"), "--units", file("units.csv"), "--year", "2022"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("一类法庭(4 个法庭,名次、名额、奖励和末位均在组内计算)");
    expect(r.stdout).toContain("二类法庭(4 个法庭,名次、名额、奖励和末位均在组内计算)");
    expect(r.stdout).toContain("  一类法庭 优秀:名额 4 × 25% = 1 个,评定 1 个");
    expect(r.stdout).toContain("  二类法庭 优秀:名额 4 × 25% = 1 个,评定 1 个");
    expect(r.stdout).toContain("年度组内排名末位");
  });
});

describe("the documents take --manual", () => {
  it("notice, summary and annual from files with --manual; the notice changes with the committee's scores", async () => {
    const out = tempDir();
    const withM = path.join(out, "with.html");
    const without = path.join(out, "without.html");
    const a = await run(["notice", ...files(), "--manual", file("manual.csv"), "--units", file("units.csv"), "--period", "2023-03", "--format", "html", "--out", withM]);
    expect(a.code, a.stderr).toBe(0);
    const b = await run(["notice", ...files(), "--units", file("units.csv"), "--period", "2023-03", "--format", "html", "--out", without]);
    expect(b.code, b.stderr).toBe(0);
    // 大榆树's total with its committee scores (100.21) is in the notice only when they are read
    const dayushu = ((scored.units as Loose[]).find((u) => u.unit === "dayushu") as Loose).total as number;
    expect(fs.readFileSync(withM, "utf8")).toContain(dayushu.toFixed(2));
    expect(fs.readFileSync(without, "utf8")).not.toContain(dayushu.toFixed(2));
    for (const argv of [
      ["summary", "--quarter", "2023-Q1", "--format", "html", "--out", path.join(out, "q.html")],
      ["annual", "--year", "2022", "--format", "html", "--out", path.join(out, "y.html")],
    ]) {
      const r = await run([...argv, ...files(), "--manual", file("manual.csv")]);
      expect(r.code, r.stderr).toBe(0);
    }
  });

  it("a bad manual file stops a document with exit 2 and writes nothing", async () => {
    const d = withManual((lines) => (lines[3] = lines[3]!.replace(/,M1,[\d.]+,/, ",M1,7,")));
    const out = path.join(d, "notice.docx");
    expectBad(await run(["notice", ...files(d), "--manual", path.join(d, "manual.csv"), "--period", "2023-03", "--format", "docx", "--out", out]), `${path.join(d, "manual.csv")} 第 4 行`);
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe("bad --manual files: exit 2 naming file, line and column", () => {
  it("a score above the indicator's points (the real process, score and validate)", () => {
    const d = withManual((lines) => (lines[5] = lines[5]!.replace(/,M1,[\d.]+,/, ",M1,5.5,")));
    const m = path.join(d, "manual.csv");
    for (const argv of [
      ["score", ...files(d), "--manual", m, "--period", "2023-03", "--format", "json"],
      ["validate", "--rulebook", path.join(d, "rulebook.json"), "--manual", m],
    ]) {
      const p = spawn(...argv);
      expect(p.status, p.stderr).toBe(2);
      expect(p.stdout).toBe("");
      expect(p.stderr).toContain(`${m} 第 6 行 第 4 列 字段 score`);
      expect(p.stderr).toContain("超过该指标的分值 5 分");
      expect(p.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("names the tribunal when --units is given, and reports every problem of the file", async () => {
    const d = withManual((lines) => {
      lines[1] = "2022-01,dayushu,T1,3,好"; // not a manual indicator
      lines[2] = "2022-01,dongfeng,M1,-1,"; // negative, no reason
      lines.push(lines[4]!); // a duplicate of line 5
    });
    const m = path.join(d, "manual.csv");
    const r = await run(["validate", "--rulebook", path.join(d, "rulebook.json"), "--manual", m, "--units", path.join(d, "units.csv")]);
    const count = fs.readFileSync(m, "utf8").trimEnd().split("\n").length;
    expectBad(
      r,
      `${m} 第 2 行 第 3 列 字段 indicator:大榆树人民法庭 2022年1月:“结收比”`,
      `${m} 第 3 行 第 4 列 字段 score:东风人民法庭 2022年1月`,
      `${m} 第 3 行 第 5 列 字段 reason`,
      `${m} 第 ${count} 行 第 3 列 字段 indicator`,
      `第 5 行和第 ${count} 行都有`,
    );
    expect(r.stderr.trim().split("\n")).toHaveLength(4);
  });

  it("an unknown column and a missing one, as the facts file", async () => {
    const d = withManual((lines) => (lines[0] = "period,unit,indicator,score,comment"));
    const m = path.join(d, "manual.csv");
    expectBad(await run(["score", ...files(d), "--manual", m, "--period", "2023-03"]), `${m} 第 1 行 第 5 列 字段 comment`, `${m} 第 1 行 字段 reason`);
  });

  it("a missing file", async () => {
    const m = path.join(tempDir(), "none.csv");
    expectBad(await run(["score", ...files(), "--manual", m, "--period", "2023-03"]), m, "不存在");
  });

  it("validate counts the manual rows of a good file", async () => {
    const r = await run(["validate", "--rulebook", file("rulebook.json"), "--facts", file("facts.csv"), "--manual", file("manual.csv")]);
    expect(r.code, r.stderr).toBe(0);
    const rows = fs.readFileSync(file("manual.csv"), "utf8").trimEnd().split("\n").length - 1;
    expect(r.stdout).toContain(`评议打分 ${file("manual.csv")}:${rows} 行。`);
    expect(r.stdout).toContain("分 2 组考核(一类法庭、二类法庭)");
    expect(r.stdout).toContain("校验通过");
  });
});

describe("validate a §9 rulebook: exit 2 with the JSON path and a Chinese message", () => {
  const rulebook = () => JSON.parse(fs.readFileSync(file("rulebook.json"), "utf8")) as Loose;
  const trialIndex = (rb: Loose, key: string) => (rb.sections[0].indicators as Loose[]).findIndex((i) => i.key === key);

  it.each([
    [
      "an unknown group",
      (rb: Loose) => (rb.sections[0].indicators[trialIndex(rb, "T8")].groups = ["rural"]),
      (rb: Loose) => `$.sections[0].indicators[${trialIndex(rb, "T8")}].groups[0]`,
      "分组 \"rural\" 不存在",
    ],
    ["a unit in two groups", (rb: Loose) => rb.groups[1].units.push("dayushu"), (rb: Loose) => `$.groups[1].units[${rb.groups[1].units.length}]`, "只能属于一个分组"],
    [
      "a weight of 0",
      (rb: Loose) => (rb.sections[0].indicators[trialIndex(rb, "T5")].formula.num[1].weight = 0),
      (rb: Loose) => `$.sections[0].indicators[${trialIndex(rb, "T5")}].formula.num[1].weight`,
      "权重",
    ],
  ])("%s", async (_what, mutate, jsonPath, text) => {
    const rb = rulebook();
    const where = jsonPath(rb);
    mutate(rb);
    const f = path.join(tempDir(), "rulebook.json");
    fs.writeFileSync(f, JSON.stringify(rb, null, 2));
    const r = await run(["validate", "--rulebook", f]);
    expectBad(r, `${f} ${where}:`, text);
    expect(r.stderr).toMatch(/[\u4e00-\u9fff]/);
  });
});
