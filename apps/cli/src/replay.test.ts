/**
 * `scorecard replay` (interfaces.md): a year under the versions in force and under a draft that
 * replaces them in every month, side by side — from the real process and from `run`.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateYear, scorePeriod } from "@scorecard/scoring";
import { demoCourt } from "@scorecard/demo";
import { defaultDraftRulebook, parseRulebook } from "@scorecard/rules";
import { run } from "./cli";

const here = path.dirname(fileURLToPath(import.meta.url));
const MAIN = path.join(here, "main.ts");
const ROOT = path.resolve(here, "../../..");
const spawn = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", MAIN, ...args], { cwd: ROOT, encoding: "utf8", timeout: 30_000 });

let dir = "";
const file = (name: string) => path.join(dir, name);
type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "scorecard-cli-replay-"));
  expect((await run(["demo", "--out", dir])).code).toBe(0);
  const rb = JSON.parse(fs.readFileSync(file("rulebook.json"), "utf8")) as Loose;
  rb.version = "2023.1-草案";
  rb.effectiveFrom = "2023-04";
  for (const s of rb.sections) for (const i of s.indicators) if (i.key === "E4") Object.assign(i, { points: 10, method: { type: "efficacy", floor: 0.6 } });
  fs.writeFileSync(file("draft.json"), JSON.stringify(rb));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const args = () => ["replay", "--rulebook", file("rulebook.json"), "--draft", file("draft.json"), "--facts", file("facts.csv"), "--adjustments", file("adjustments.csv"), "--units", file("units.csv"), "--year", "2022"];

describe("scorecard replay", () => {
  it("prints one JSON document whose two sides are what scoring with each side's rules gives", () => {
    const r = spawn(...args(), "--format", "json");
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Loose;
    const court = demoCourt();
    const draft = parseRulebook({ ...JSON.parse(fs.readFileSync(file("draft.json"), "utf8")), effectiveFrom: "2022-01" });
    const cur = evaluateYear({ rulebooks: court.rulebook, data: court, year: 2022 });
    const dft = evaluateYear({ rulebooks: draft, data: court, year: 2022 });
    expect(out.year).toBe(2022);
    expect(out.units).toHaveLength(8);
    for (const u of out.units as Loose[]) {
      expect(u.name).toMatch(/人民法庭$/);
      expect(u.current).toMatchObject({ rank: cur.units.find((x) => x.unit === u.unit)!.rank, grade: cur.units.find((x) => x.unit === u.unit)!.grade });
      expect(u.draft).toMatchObject({ rank: dft.units.find((x) => x.unit === u.unit)!.rank, total: dft.units.find((x) => x.unit === u.unit)!.total });
      expect(u.months).toHaveLength(12);
    }
    const march = scorePeriod({ rulebooks: draft, data: court, period: "2022-03", explain: false });
    const dayushu = (out.units as Loose[]).find((u) => u.unit === "dayushu")!;
    expect(dayushu.months[2]).toEqual({ period: "2022-03", current: 2, draft: march.units.find((x) => x.unit === "dayushu")!.rank });
  });

  it("prints a readable table with both sides and the months whose ranks move", () => {
    const r = spawn(...args());
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("2022年 按草案 2023.1-草案 重算");
    expect(r.stdout).toMatch(/大榆树人民法庭\s+1\s+98\.56\s+优秀\s+1\s+100\.56\s+优秀\s+不变/);
    expect(r.stdout).toContain("大榆树人民法庭:3月 2→1,4月 2→1");
  });

  it("writes the shipped 2023.1 draft beside the active rulebook, and replays 2022 under it", async () => {
    const written = JSON.parse(fs.readFileSync(file("rulebook-2023.1.json"), "utf8")) as Loose;
    expect(parseRulebook(written)).toEqual(defaultDraftRulebook);
    expect(written).toMatchObject({ id: "kailu-tribunals", version: "2023.1", effectiveFrom: "2023-01" });
    const r = await run(["replay", "--rulebook", file("rulebook.json"), "--draft", file("rulebook-2023.1.json"), "--facts", file("facts.csv"), "--adjustments", file("adjustments.csv"), "--units", file("units.csv"), "--year", "2022", "--format", "json"]);
    expect(r.code, r.stderr).toBe(0);
    const maixin = (JSON.parse(r.stdout) as Loose).units.find((u: Loose) => u.unit === "maixin");
    expect(maixin.current.grade).toBe("pass");
    expect(maixin.draft.grade).toBe("good");
  });

  it("refuses a missing or invalid draft with its place, exit 2 and nothing on stdout", async () => {
    const missing = await run(["replay", "--rulebook", file("rulebook.json"), "--facts", file("facts.csv"), "--year", "2022"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--draft");
    fs.writeFileSync(file("bad.json"), JSON.stringify({ ...JSON.parse(fs.readFileSync(file("draft.json"), "utf8")), bonusCap: -1 }));
    const bad = spawn("replay", "--rulebook", file("rulebook.json"), "--draft", file("bad.json"), "--facts", file("facts.csv"), "--year", "2022");
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toContain("bad.json");
    expect(bad.stderr).toContain("$.bonusCap");
  });
});
