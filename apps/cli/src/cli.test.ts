/**
 * The `scorecard` command from the outside (interfaces.md "The command-line tool"): bad input of
 * every kind exits 2 naming its place with nothing on stdout, and the JSON and table outputs have
 * the documented shape. Most tests call `run` in-process; a few spawn the real process.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoCourt } from "@scorecard/demo";
import { run } from "./cli";

type Result = Awaited<ReturnType<typeof run>>;
// Loosely typed JSON for corrupting the rulebook and reading outputs.
type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const here = path.dirname(fileURLToPath(import.meta.url));
const MAIN = path.join(here, "main.ts");
const ROOT = path.resolve(here, "../../..");
const FILES = ["rulebook.json", "units.csv", "facts.csv", "adjustments.csv"] as const;

const dirs: string[] = [];
let base = "";
let rulebook: Loose;
let factsLines: string[];

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "scorecard-cli-"));
  dirs.push(d);
  return d;
}

beforeAll(async () => {
  base = tempDir();
  const r = await run(["demo", "--out", base]);
  expect(r.code, r.stderr).toBe(0);
  rulebook = JSON.parse(fs.readFileSync(path.join(base, "rulebook.json"), "utf8")) as Loose;
  factsLines = fs.readFileSync(path.join(base, "facts.csv"), "utf8").trimEnd().split("\n");
});

afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A fresh copy of the demo files; returns the paths of each. */
function copy(): Record<(typeof FILES)[number], string> & { dir: string } {
  const dir = tempDir();
  for (const f of FILES) fs.copyFileSync(path.join(base, f), path.join(dir, f));
  return {
    dir,
    "rulebook.json": path.join(dir, "rulebook.json"),
    "units.csv": path.join(dir, "units.csv"),
    "facts.csv": path.join(dir, "facts.csv"),
    "adjustments.csv": path.join(dir, "adjustments.csv"),
  };
}

function editLines(file: string, edit: (lines: string[]) => void): void {
  const lines = fs.readFileSync(file, "utf8").trimEnd().split("\n");
  edit(lines);
  fs.writeFileSync(file, lines.join("\n") + "\n", "utf8");
}

/** Replaces the cell of column `key` on 1-based line `line` of a CSV file. */
function setCell(file: string, line: number, key: string, value: string): void {
  editLines(file, (lines) => {
    const col = (lines[0] ?? "").split(",").indexOf(key);
    expect(col, `column ${key}`).toBeGreaterThanOrEqual(0);
    const cells = (lines[line - 1] ?? "").split(",");
    cells[col] = value;
    lines[line - 1] = cells.join(",");
  });
}

function editRulebook(file: string, edit: (rb: Loose) => void): void {
  const rb = structuredClone(rulebook);
  edit(rb);
  fs.writeFileSync(file, JSON.stringify(rb, null, 2), "utf8");
}

function scoreArgs(f: ReturnType<typeof copy>, ...more: string[]): string[] {
  return ["score", "--rulebook", f["rulebook.json"], "--facts", f["facts.csv"], "--adjustments", f["adjustments.csv"], "--period", "2023-03", "--format", "json", ...more];
}

/** Exit 2, nothing on stdout, and every expected fragment on stderr. */
function expectBad(r: Result, ...fragments: string[]): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr).not.toBe("");
  for (const f of fragments) expect(r.stderr).toContain(f);
}

const place = (file: string, line: number) => `${file} 第 ${line} 行`;

describe("bad facts CSV: exit 2, naming file, line and field", () => {
  it.each([
    ["an empty cell", ""],
    ["a negative number", "-3"],
    ["a non-finite number (1e999)", "1e999"],
    ["NaN", "NaN"],
    ["Infinity", "Infinity"],
    ["text", "abc"],
    ["a percentage", "95%"],
  ])("%s", async (_what, value) => {
    const f = copy();
    setCell(f["facts.csv"], 3, "enf_closed", value);
    expectBad(await run(scoreArgs(f)), place(f["facts.csv"], 3), "字段 enf_closed");
  });

  it("an unknown column", async () => {
    const f = copy();
    editLines(f["facts.csv"], (lines) => lines.forEach((l, i) => (lines[i] = l + (i === 0 ? ",bogus_col" : ",1"))));
    expectBad(await run(scoreArgs(f)), place(f["facts.csv"], 1), "bogus_col");
  });

  it("a missing field column", async () => {
    const f = copy();
    editLines(f["facts.csv"], (lines) => lines.forEach((l, i) => (lines[i] = l.slice(0, l.lastIndexOf(",")))));
    expectBad(await run(scoreArgs(f)), place(f["facts.csv"], 1), "字段 staff_enf");
  });

  it("a duplicate (period, unit) row, naming both lines", async () => {
    const f = copy();
    editLines(f["facts.csv"], (lines) => lines.push(lines[2] ?? ""));
    const last = factsLines.length + 1;
    const r = await run(scoreArgs(f));
    expectBad(r, place(f["facts.csv"], last), "字段 unit", "第 3 行");
  });

  it.each(["2022-13", "2022-1", "2022/01", ""])("a bad period %j", async (period) => {
    const f = copy();
    setCell(f["facts.csv"], 4, "period", period);
    expectBad(await run(scoreArgs(f)), place(f["facts.csv"], 4), "字段 period");
  });

  it("a short row", async () => {
    const f = copy();
    editLines(f["facts.csv"], (lines) => (lines[4] = (lines[4] ?? "").split(",").slice(0, -2).join(",")));
    expectBad(await run(scoreArgs(f)), place(f["facts.csv"], 5), "enf_terminated_compliant");
  });

  it("reports every problem of the file, not just the first", async () => {
    const f = copy();
    setCell(f["facts.csv"], 3, "enf_closed", "x");
    setCell(f["facts.csv"], 7, "trial_received", "-1");
    setCell(f["facts.csv"], 9, "period", "2022-00");
    const r = await run(scoreArgs(f));
    expectBad(r, `${place(f["facts.csv"], 3)} 第 14 列 字段 enf_closed`, `${place(f["facts.csv"], 7)} 第 3 列 字段 trial_received`, `${place(f["facts.csv"], 9)} 第 1 列 字段 period`);
    expect(r.stderr.trim().split("\n")).toHaveLength(3);
  });

  it("reports the problems of the facts and adjustments files together", async () => {
    const f = copy();
    setCell(f["facts.csv"], 3, "enf_closed", "");
    setCell(f["adjustments.csv"], 2, "item", "Z9");
    expectBad(await run(scoreArgs(f)), place(f["facts.csv"], 3), place(f["adjustments.csv"], 2), "字段 item");
  });
});

describe("bad adjustments CSV", () => {
  it("an unknown adjustment item", async () => {
    const f = copy();
    setCell(f["adjustments.csv"], 2, "item", "Z9");
    expectBad(await run(scoreArgs(f)), place(f["adjustments.csv"], 2), "字段 item", "Z9");
  });

  it.each(["0", "-1", "1.5", "two", ""])("a bad count %j", async (count) => {
    const f = copy();
    setCell(f["adjustments.csv"], 3, "count", count);
    expectBad(await run(scoreArgs(f)), place(f["adjustments.csv"], 3), "字段 count");
  });

  it("a bad period and a short row", async () => {
    const f = copy();
    setCell(f["adjustments.csv"], 2, "period", "2023年3月");
    editLines(f["adjustments.csv"], (lines) => (lines[3] = "2022-07,yihetala"));
    expectBad(await run(scoreArgs(f)), `${place(f["adjustments.csv"], 2)} 第 1 列 字段 period`, `${place(f["adjustments.csv"], 4)} 第 3 列 字段 item`);
  });
});

describe("bad units CSV and empty files", () => {
  it("a duplicate unit key and an empty name", async () => {
    const f = copy();
    editLines(f["units.csv"], (lines) => {
      lines.push("dayushu,又一个大榆树,某人");
      lines[3] = "heilongba,,韩玉梅";
    });
    const r = await run([...scoreArgs(f), "--units", f["units.csv"]]);
    expectBad(r, `${place(f["units.csv"], 10)} 第 1 列 字段 key`, `${place(f["units.csv"], 4)} 第 2 列 字段 name`);
  });

  it("an empty facts file", async () => {
    const f = copy();
    fs.writeFileSync(f["facts.csv"], "");
    expectBad(await run(scoreArgs(f)), place(f["facts.csv"], 1));
  });

  it("a period before any rulebook version is in force", async () => {
    expectBad(await run(["score", "--demo", "--period", "2021-05", "--format", "json"]), "2021-05");
  });
});

describe("bad rulebook: exit 2 naming the file and the JSON path", () => {
  it.each([
    ["a formula naming an undeclared field", (rb: Loose) => (rb.sections[0].indicators[0].formula.num = "ghost_field"), "$.sections[0].indicators[0].formula.num", "ghost_field"],
    ["a duplicate indicator key", (rb: Loose) => (rb.sections[1].indicators[1].key = "T1"), "$.sections[1].indicators[1].key", "重复"],
    ["a duplicate field key", (rb: Loose) => rb.fields.push({ ...rb.fields[0] }), `$.fields[${demoCourt().rulebook.fields.length}].key`, "重复"],
    ["target equal to zeroAt", (rb: Loose) => Object.assign(rb.sections[0].indicators[4].method, { target: 0.05, zeroAt: 0.05 }), "$.sections[0].indicators[4].method", "零分线"],
    ["a rank step of 0", (rb: Loose) => (rb.sections[0].indicators[3].method.step = 0), "$.sections[0].indicators[3].method.step", ""],
    ["a negative band step", (rb: Loose) => (rb.sections[0].indicators[1].method.step = -0.01), "$.sections[0].indicators[1].method.step", ""],
    ["zero indicator points", (rb: Loose) => (rb.sections[1].indicators[2].points = 0), "$.sections[1].indicators[2].points", ""],
    ["an unknown key", (rb: Loose) => (rb.sections[0].indicators[1].pionts = 3), "$.sections[0].indicators[1]", "pionts"],
  ])("%s", async (_what, mutate, jsonPath, text) => {
    const f = copy();
    editRulebook(f["rulebook.json"], mutate);
    const r = await run(scoreArgs(f));
    expectBad(r, `${f["rulebook.json"]} ${jsonPath}`, text);
    // The same for validate.
    expectBad(await run(["validate", "--rulebook", f["rulebook.json"]]), `${f["rulebook.json"]} ${jsonPath}`);
  });

  it("malformed JSON, naming line and column", async () => {
    const f = copy();
    editLines(f["rulebook.json"], (lines) => (lines[2] = (lines[2] ?? "").replace(/,$/, "")));
    expectBad(await run(scoreArgs(f)), `${f["rulebook.json"]} 第 4 行`, "JSON");
  });

  it("an empty rulebook file", async () => {
    const f = copy();
    fs.writeFileSync(f["rulebook.json"], "");
    expectBad(await run(scoreArgs(f)), f["rulebook.json"], "JSON");
  });
});

describe("files and arguments", () => {
  it("a missing file exits 2 naming it", async () => {
    const f = copy();
    const missing = path.join(f.dir, "no-such-facts.csv");
    expectBad(await run(["score", "--rulebook", f["rulebook.json"], "--facts", missing, "--period", "2023-03"]), missing, "不存在");
    const missingRb = path.join(f.dir, "nope.json");
    expectBad(await run(["validate", "--rulebook", missingRb]), missingRb);
  });

  it("an unknown command exits 2", async () => {
    expectBad(await run(["frobnicate"]), "frobnicate");
    expectBad(await run([]));
  });

  it.each([
    [["score", "--demo", "--period", "2023-03", "--bogus"], "bogus"],
    [["score", "--demo", "--period", "2023-03", "stray"], ""],
    [["score", "--demo"], "--period"],
    [["score", "--demo", "--period", "2023-3"], "--period"],
    [["score", "--demo", "--period", "2023-03", "--window", "week"], "--window"],
    [["score", "--demo", "--period", "2023-03", "--format", "xml"], "--format"],
    [["evaluate", "--demo", "--year", "22"], "--year"],
    [["score", "--period", "2023-03"], "--rulebook"],
    [["demo"], "--out"],
  ])("bad arguments %j exit 2", async (argv, text) => {
    expectBad(await run(argv), text);
  });

  it("validate exits 0 on good files", async () => {
    const f = copy();
    const r = await run(["validate", "--rulebook", f["rulebook.json"], "--facts", f["facts.csv"], "--adjustments", f["adjustments.csv"]]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("校验通过");
  });
});

describe("facts with a BOM and Chinese label headers", () => {
  it("is accepted and scores the same as the key header", async () => {
    const f = copy();
    const labels = new Map<string, string>((rulebook.fields as Array<{ key: string; label: string }>).map((x) => [x.key, x.label]));
    expect(labels.get("enf_closed")).toBe("执行结案数");
    editLines(f["facts.csv"], (lines) => {
      lines[0] = "\uFEFF" + (lines[0] ?? "").split(",").map((k) => labels.get(k) ?? k).join(",");
    });
    // Windows line ends too, as Excel writes them.
    fs.writeFileSync(f["facts.csv"], fs.readFileSync(f["facts.csv"], "utf8").replace(/\n/g, "\r\n"));
    expect(fs.readFileSync(f["facts.csv"], "utf8")).toMatch(/^\uFEFFperiod,unit,审判新收案件数,/);
    const viaLabels = await run(scoreArgs(f));
    expect(viaLabels.code, viaLabels.stderr).toBe(0);
    const viaKeys = await run(scoreArgs({ ...f, "facts.csv": path.join(base, "facts.csv") }));
    expect(viaLabels.stdout).toBe(viaKeys.stdout);
    const v = await run(["validate", "--rulebook", f["rulebook.json"], "--facts", f["facts.csv"]]);
    expect(v.code, v.stderr).toBe(0);
  });

  it("names the label's field when a cell under a label header is bad", async () => {
    const f = copy();
    editLines(f["facts.csv"], (lines) => {
      lines[0] = "\uFEFF" + (lines[0] ?? "").replace("enf_closed", "执行结案数");
      const cells = (lines[2] ?? "").split(",");
      cells[13] = "十二";
      lines[2] = cells.join(",");
    });
    expectBad(await run(scoreArgs(f)), place(f["facts.csv"], 3), "字段 enf_closed");
  });
});

describe("score --format json", () => {
  it("prints one JSON document with the documented shape", async () => {
    const f = copy();
    const r = await run([...scoreArgs(f), "--units", f["units.csv"]]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
    const doc = JSON.parse(r.stdout) as Loose;
    expect(doc.rulebook).toEqual({ id: "kailu-tribunals", version: "2022.1" });
    expect(doc.period).toBe("2023-03");
    expect(doc.window).toEqual({ kind: "ytd", from: "2023-01", to: "2023-03" });
    const units = doc.units as Loose[];
    expect(units).toHaveLength(8);
    const keys = (rulebook.sections as Loose[]).flatMap((s) => (s.indicators as Loose[]).map((i) => i.key as string));
    for (const u of units) {
      expect(u).toMatchObject({ unit: expect.any(String), rank: expect.any(Number), total: expect.any(Number), bonus: expect.any(Number), penalty: expect.any(Number), veto: expect.any(Boolean) });
      expect(Object.keys(u.sections).sort()).toEqual(["enforcement", "trial"]);
      expect(Object.keys(u.indicators).sort()).toEqual([...keys].sort());
      for (const k of keys) {
        const ind = u.indicators[k] as Loose;
        expect(ind.value === null || typeof ind.value === "number").toBe(true);
        expect(typeof ind.score).toBe("number");
        expect(ind.rank === null || typeof ind.rank === "number").toBe(true);
      }
      expect(u.name).toMatch(/人民法庭$/);
    }
    const order = [...units].sort((a, b) => a.rank - b.rank || (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0));
    expect(units.map((u) => u.unit)).toEqual(order.map((u) => u.unit));
    expect(units[0]?.rank).toBe(1);
  });

  it.each([
    ["month", "2023-03", "2023-03"],
    ["quarter", "2023-01", "2023-03"],
    ["year", "2023-01", "2023-12"],
  ])("--window %s", async (kind, from, to) => {
    const r = await run(["score", "--demo", "--period", "2023-03", "--window", kind, "--format", "json"]);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as Loose).window).toEqual({ kind, from, to });
  });

  it("demo --out files score the same as --demo", async () => {
    const dir = tempDir();
    const d = await run(["demo", "--out", dir]);
    expect(d.code, d.stderr).toBe(0);
    for (const name of FILES) expect(fs.existsSync(path.join(dir, name)), name).toBe(true);
    const fromFiles = await run([
      "score",
      "--rulebook",
      path.join(dir, "rulebook.json"),
      "--facts",
      path.join(dir, "facts.csv"),
      "--adjustments",
      path.join(dir, "adjustments.csv"),
      "--units",
      path.join(dir, "units.csv"),
      "--period",
      "2023-03",
      "--format",
      "json",
    ]);
    const builtIn = await run(["score", "--demo", "--period", "2023-03", "--format", "json"]);
    expect(fromFiles.code, fromFiles.stderr).toBe(0);
    expect(builtIn.code, builtIn.stderr).toBe(0);
    expect(JSON.parse(fromFiles.stdout)).toEqual(JSON.parse(builtIn.stdout));
  });
});

describe("score --format table", () => {
  it("prints a Chinese ranking", async () => {
    const f = copy();
    const r = await run(["score", "--rulebook", f["rulebook.json"], "--facts", f["facts.csv"], "--adjustments", f["adjustments.csv"], "--units", f["units.csv"], "--period", "2023-03", "--format", "table"]);
    expect(r.code, r.stderr).toBe(0);
    for (const word of ["名次", "法庭", "审判", "执行", "加分", "扣分", "总分", "大榆树人民法庭"]) expect(r.stdout).toContain(word);
    expect(() => JSON.parse(r.stdout) as unknown).toThrow();
  });

  it("is the default format", async () => {
    const r = await run(["score", "--demo", "--period", "2023-03"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("名次");
  });
});

describe("evaluate --format json", () => {
  it("has the documented shape", async () => {
    const f = copy();
    const r = await run(["evaluate", "--rulebook", f["rulebook.json"], "--facts", f["facts.csv"], "--adjustments", f["adjustments.csv"], "--year", "2022", "--format", "json"]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as Loose;
    expect(doc.rulebook).toEqual({ id: "kailu-tribunals", version: "2022.1" });
    expect(doc.year).toBe(2022);
    expect(doc.basis).toBe(rulebook.annual.basis);
    const units = doc.units as Loose[];
    expect(units).toHaveLength(8);
    for (const u of units) {
      expect(u).toMatchObject({ unit: expect.any(String), total: expect.any(Number), rewards: expect.any(Array), talk: expect.any(Boolean), veto: expect.any(Boolean), complete: expect.any(Boolean) });
      expect(u.rank === null || typeof u.rank === "number").toBe(true);
      expect(u.grade === null || typeof u.grade === "string").toBe(true);
    }
    // ranked units by rank then key, unranked last
    const ranked = units.filter((u) => u.rank !== null);
    expect(units.slice(0, ranked.length)).toEqual(ranked);
    for (let i = 1; i < ranked.length; i++) {
      const a = ranked[i - 1] as Loose;
      const b = ranked[i] as Loose;
      expect(a.rank < b.rank || (a.rank === b.rank && a.unit < b.unit)).toBe(true);
    }
  });

  it("prints a Chinese table by default", async () => {
    const r = await run(["evaluate", "--demo", "--year", "2022"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("等次");
  });

  it("2023 on the demo (figures to March) is provisional and counts three months, not twelve (rulebook.md §7)", async () => {
    const r = await run(["evaluate", "--demo", "--year", "2023", "--format", "json"]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as Loose;
    expect(doc).toMatchObject({ year: 2023, provisional: true, months: ["2023-01", "2023-02", "2023-03"], asOf: "2023-03" });
    const units = doc.units as Loose[];
    expect(units).toHaveLength(8);
    for (const u of units) {
      expect(u.scoredMonths).toBe(3);
      expect(u.monthsLast).toBeLessThanOrEqual(3);
      expect((u.monthlyRanks as Loose[]).slice(3).every((m) => m.rank === null)).toBe(true);
    }
    const xiaojieji = units.find((u) => u.unit === "xiaojieji") as Loose;
    expect(xiaojieji.monthsLast).toBeLessThanOrEqual(3);

    const table = await run(["evaluate", "--demo", "--year", "2023"]);
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.split("\n");
    expect(lines[0]).toBe("预估:2023年12月尚无数据,按已有的 3 个月(2023年1月至2023年3月)计算,不能发布。");
    expect(table.stdout).toContain("2023 年度考核(预估)");
    expect(table.stdout).not.toMatch(/1[0-2] 个月排名末位/);
  });

  it("2022 on the demo is final and shows the quota arithmetic, why each tribunal got its grade and the veto", async () => {
    const r = await run(["evaluate", "--demo", "--year", "2022", "--format", "json"]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as Loose;
    expect(doc).toMatchObject({ provisional: false, asOf: "2022-12" });
    expect(doc.months).toHaveLength(12);
    expect(doc.quotas[0]).toEqual({ group: "other", grade: "excellent", maxShare: 0.25, n: 8, quota: 2, given: 2 });
    const heilongba = (doc.units as Loose[]).find((u) => u.unit === "heilongba") as Loose;
    expect(heilongba).toMatchObject({ veto: true, grade: "pass", rewards: [] });
    expect(heilongba.gradeReason.code).toBe("vetoCap");
    expect(heilongba.vetoes).toEqual([expect.objectContaining({ period: "2022-08", item: "V1", name: "发生违法违纪问题被追责", version: "2022.1" })]);

    const table = await run(["evaluate", "--demo", "--year", "2022"]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).not.toContain("预估");
    expect(table.stdout).toContain("  优秀:名额 8 × 25% = 2 个,评定 2 个");
    expect(table.stdout).toContain("  黑龙坝人民法庭:有一票否决事项,等次不高于合格,评为合格");
    expect(table.stdout).toContain("  黑龙坝人民法庭:2022年8月“发生违法违纪问题被追责”(V1)");
  });
});

describe("two rulebook versions via repeated --rulebook", () => {
  async function twoVersions(): Promise<{ f: ReturnType<typeof copy>; v2: string }> {
    const f = copy();
    const v2 = path.join(f.dir, "rulebook-v2.json");
    const rb = structuredClone(rulebook);
    rb.version = "2022.2";
    rb.effectiveFrom = "2022-07";
    // T1 worth 9 instead of 7, T3 4 instead of 6: same full score, different points.
    rb.sections[0].indicators[0].points = 9;
    rb.sections[0].indicators[2].points = 4;
    fs.writeFileSync(v2, JSON.stringify(rb, null, 2));
    return { f, v2 };
  }

  const t1Max = (doc: Loose) => Math.max(...(doc.units as Loose[]).map((u) => u.indicators.T1.score as number));

  it.each([
    ["in file order", false],
    ["in reverse order", true],
  ])("picks the version per period (%s)", async (_what, reverse) => {
    const { f, v2 } = await twoVersions();
    const rbs = reverse ? ["--rulebook", v2, "--rulebook", f["rulebook.json"]] : ["--rulebook", f["rulebook.json"], "--rulebook", v2];
    const at = async (period: string) => {
      const r = await run(["score", ...rbs, "--facts", f["facts.csv"], "--adjustments", f["adjustments.csv"], "--period", period, "--format", "json"]);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as Loose;
    };
    const march = await at("2022-03");
    const sept = await at("2022-09");
    expect(march.rulebook.version).toBe("2022.1");
    expect(sept.rulebook.version).toBe("2022.2");
    expect(t1Max(march)).toBeLessThanOrEqual(7);
    expect(t1Max(sept)).toBeGreaterThan(7);
    expect(t1Max(sept)).toBeLessThanOrEqual(9);
  });

  it("evaluate takes the version in force at December", async () => {
    const { f, v2 } = await twoVersions();
    const r = await run(["evaluate", "--rulebook", f["rulebook.json"], "--rulebook", v2, "--facts", f["facts.csv"], "--year", "2022", "--format", "json"]);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as Loose).rulebook.version).toBe("2022.2");
  });

  it("an item the later version drops is not counted, and the table and the JSON say so (rulebook.md §7b)", async () => {
    const f = copy();
    const v2 = path.join(f.dir, "rulebook-v2.json");
    const rb = structuredClone(rulebook);
    rb.version = "2022.2";
    rb.effectiveFrom = "2022-07";
    rb.adjustments = (rb.adjustments as Loose[]).filter((a) => a.key !== "P2"); // 督办事项逾期未办结, 0.5 each
    delete rb.supervision; // it names P2 as the penalty of an overdue 督办
    fs.writeFileSync(v2, JSON.stringify(rb, null, 2));
    const args = (period: string, format: string) =>
      ["score", "--rulebook", f["rulebook.json"], "--rulebook", v2, "--facts", f["facts.csv"], "--adjustments", f["adjustments.csv"], "--units", f["units.csv"], "--period", period, "--format", format];

    // 2022-10 (ytd, 2022.2) holds P2 of 2022-06 (吉日嘎郎吐, once) and 2022-10 (小街基, twice)
    const table = await run(args("2022-10", "table"));
    expect(table.code, table.stderr).toBe(0);
    const notes = table.stdout.split("\n").filter((l) => l.startsWith("注意:"));
    expect(notes).toEqual([
      "注意:2022年6月吉日嘎郎吐人民法庭的加减分项目“督办事项逾期未办结”(P2)共 1 次(备注:院领导督办事项逾期未办结),在 2022.2 版考核办法中没有此项,未计入考核结果。",
      "注意:2022年10月小街基人民法庭的加减分项目“督办事项逾期未办结”(P2)共 2 次(备注:长期未结案件清理督办逾期未办结),在 2022.2 版考核办法中没有此项,未计入考核结果。",
    ]);
    expect(table.stdout).toContain("年初至当月累计(2022年1月至2022年10月)");

    const json = await run(args("2022-10", "json"));
    expect(json.code, json.stderr).toBe(0);
    const doc = JSON.parse(json.stdout) as Loose;
    expect(doc.rulebook.version).toBe("2022.2");
    expect(doc.ignoredAdjustments).toEqual([
      { period: "2022-06", unit: "jirigalangtu", name: "吉日嘎郎吐人民法庭", item: "P2", itemName: "督办事项逾期未办结", count: 1, note: "院领导督办事项逾期未办结", text: notes[0]!.slice(3) },
      { period: "2022-10", unit: "xiaojieji", name: "小街基人民法庭", item: "P2", itemName: "督办事项逾期未办结", count: 2, note: "长期未结案件清理督办逾期未办结", text: notes[1]!.slice(3) },
    ]);
    // not counted: 小街基's penalty under 2022.2 lacks the 2 × 0.5 that 2022.1 alone counts
    const only1 = await run(["score", "--rulebook", f["rulebook.json"], "--facts", f["facts.csv"], "--adjustments", f["adjustments.csv"], "--period", "2022-10", "--format", "json"]);
    const penalty = (d: Loose) => (d.units as Loose[]).find((u) => u.unit === "xiaojieji")!.penalty as number;
    expect(penalty(JSON.parse(only1.stdout) as Loose) - penalty(doc)).toBeCloseTo(1, 9);

    // a period the earlier version scores counts P2 and says nothing
    const june = await run(args("2022-06", "table"));
    expect(june.code, june.stderr).toBe(0);
    expect(june.stdout).not.toContain("注意");
    expect((JSON.parse((await run(args("2022-06", "json"))).stdout) as Loose).ignoredAdjustments).toEqual([]);
  });

  it("rejects two versions taking effect in the same month", async () => {
    const f = copy();
    const twin = path.join(f.dir, "twin.json");
    fs.writeFileSync(twin, JSON.stringify({ ...rulebook, version: "2022.9" }));
    expectBad(await run(["validate", "--rulebook", f["rulebook.json"], "--rulebook", twin]), "2022-01");
  });
});

describe("the real process", () => {
  const spawn = (...args: string[]) =>
    spawnSync(process.execPath, ["--import", "tsx", MAIN, ...args], { cwd: ROOT, encoding: "utf8", timeout: 20_000 });

  it("exits 2 on bad facts with nothing on stdout and the place on stderr", () => {
    const f = copy();
    setCell(f["facts.csv"], 3, "enf_closed", "-1");
    setCell(f["adjustments.csv"], 2, "count", "0");
    const p = spawn(...scoreArgs(f));
    expect(p.status, p.stderr).toBe(2);
    expect(p.stdout).toBe("");
    expect(p.stderr).toContain(`${place(f["facts.csv"], 3)} 第 14 列 字段 enf_closed`);
    expect(p.stderr).toContain(`${place(f["adjustments.csv"], 2)} 第 4 列 字段 count`);
    expect(p.stderr).not.toMatch(/\n\s+at /); // no stack trace for bad input
  });

  it("exits 2 on a bad rulebook and on an unknown command", () => {
    const f = copy();
    editRulebook(f["rulebook.json"], (rb) => (rb.sections[1].indicators[0].formula.den = "ghost_field"));
    const p = spawn("validate", "--rulebook", f["rulebook.json"]);
    expect(p.status, p.stderr).toBe(2);
    expect(p.stdout).toBe("");
    expect(p.stderr).toContain(`${f["rulebook.json"]} $.sections[1].indicators[0].formula.den`);
    const u = spawn("frobnicate");
    expect(u.status).toBe(2);
    expect(u.stdout).toBe("");
    expect(u.stderr).toContain("frobnicate");
  });

  it("exits 0 with exactly one JSON document on stdout", () => {
    const f = copy();
    const p = spawn(...scoreArgs(f), "--units", f["units.csv"]);
    expect(p.status, p.stderr).toBe(0);
    expect(p.stderr).toBe("");
    const doc = JSON.parse(p.stdout) as Loose;
    expect(doc.period).toBe("2023-03");
    expect((doc.units as Loose[]).map((u) => u.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it("exits 2 naming a missing file", () => {
    const missing = path.join(os.tmpdir(), "scorecard-no-such-dir", "facts.csv");
    const p = spawn("validate", "--rulebook", path.join(base, "rulebook.json"), "--facts", missing);
    expect(p.status).toBe(2);
    expect(p.stdout).toBe("");
    expect(p.stderr).toContain(missing);
  });
});
