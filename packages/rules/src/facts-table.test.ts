import { describe, expect, it } from "vitest";
import { readFactsCsv } from "./csv";
import { writeFactsCsv } from "./csv-text";
import { DEFAULT_RULEBOOK, DEFAULT_RULEBOOK_JSON } from "./default";
import type { FactRow } from "./data";
import { formatProblem, InputError, type Problem } from "./problems";
import { parseRulebook, type RulebookInput } from "./rulebook";
import { oneProblem, problemsOf } from "./test/csv-fixtures";

const KEYS = DEFAULT_RULEBOOK.fields.map((f) => f.key);
const col = (key: string) => KEYS.indexOf(key) + 3;
const row = (period: string, unit: string, over: Record<string, number> = {}): FactRow => ({
  period,
  unit,
  values: { ...Object.fromEntries(KEYS.map((k) => [k, 10])), ...over },
});
const csv = (rows: FactRow[]) => writeFactsCsv(rows, KEYS);

describe("readFactsCsv: the data checks of the version in force (rulebook.md §7c)", () => {
  it("refuses a part larger than its whole at its line and column, naming the tribunal by name when known", () => {
    const text = csv([row("2023-03", "dayushu"), row("2023-03", "maixin", { trial_closed: 50, trial_closed_in_limit: 52 })]);
    const p = oneProblem(() => readFactsCsv(text, DEFAULT_RULEBOOK, "facts.csv", { names: new Map([["maixin", "麦新人民法庭"]]) }));
    expect(p).toMatchObject({ file: "facts.csv", line: 3, column: col("trial_closed_in_limit"), field: "trial_closed_in_limit" });
    expect(p.zh).toMatch(/^麦新人民法庭:法定审限内结案数\(52\)不能大于审判结案数\(50\)。/);
    expect(formatProblem(p)).toMatch(/^facts\.csv 第 3 行 第 5 列 字段 trial_closed_in_limit:麦新人民法庭/);
    // without names, the key
    expect(oneProblem(() => readFactsCsv(text, DEFAULT_RULEBOOK)).zh).toMatch(/^maixin:法定审限内结案数/);
  });

  it("refuses 12.5 件 at its cell, with every other problem of the file", () => {
    const text = csv([row("2023-03", "maixin", { trial_closed: 12.5 }), row("2023-03", "dayushu", { enf_first_closed: 11, staff_enf: -1 })]);
    const ps = problemsOf(() => readFactsCsv(text, DEFAULT_RULEBOOK, "f.csv"));
    expect(ps.map((p) => [p.line, p.column, p.field])).toEqual([
      [2, col("trial_closed"), "trial_closed"],
      [3, col("staff_enf"), "staff_enf"],
      [3, col("enf_first_closed"), "enf_first_closed"],
    ]);
    expect(ps[0]?.zh).toBe("maixin:审判结案数必须是整数,收到 12.5。请填写整数的件数。");
    expect(ps[1]?.zh).toContain("负数");
  });

  it("reads a row with a warning and hands the warning over with its place", () => {
    const warnings: Problem[] = [];
    const text = csv([row("2023-03", "maixin", { trial_appealed: 11 })]);
    expect(readFactsCsv(text, DEFAULT_RULEBOOK, "f.csv", { warnings })).toHaveLength(1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ file: "f.csv", line: 2, column: col("trial_appealed"), field: "trial_appealed", check: "W2", level: "warning" });
    expect(warnings[0]?.zh).toMatch(/^maixin:上诉案件数\(11\)大于审判结案数\(10\)。/);
    // without a place to put them, warnings do not stop the read
    expect(readFactsCsv(text, DEFAULT_RULEBOOK)).toHaveLength(1);
  });

  it("applies each row the checks of the version in force at its month", () => {
    const v2 = parseRulebook({ ...structuredClone(DEFAULT_RULEBOOK_JSON), version: "2023.1", effectiveFrom: "2023-01", checks: [] } as RulebookInput);
    const text = csv([row("2022-12", "maixin", { trial_mediated: 11 }), row("2023-01", "maixin", { trial_mediated: 11 })]);
    const ps = problemsOf(() => readFactsCsv(text, [v2, DEFAULT_RULEBOOK]));
    expect(ps.map((p) => [p.line, (p as { check?: string }).check])).toEqual([[2, "C2"]]);
  });

  it("reads the demo-sized file of many months whole", () => {
    const rows = ["2023-01", "2023-02", "2023-03"].flatMap((p) => ["a", "b"].map((u) => row(p, u)));
    expect(readFactsCsv(csv(rows), DEFAULT_RULEBOOK)).toEqual(rows);
    expect(() => readFactsCsv(csv([...rows, row("2023-04", "a", { enf_terminated_compliant: 11 })]), DEFAULT_RULEBOOK)).toThrow(InputError);
  });
});
