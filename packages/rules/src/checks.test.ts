import { describe, expect, it } from "vitest";
import { checkFacts } from "./checks";
import { versionInForce } from "./versions";
import { DEFAULT_RULEBOOK, DEFAULT_RULEBOOK_JSON } from "./default";
import { InputError, type Problem } from "./problems";
import { parseRulebook, type RulebookInput } from "./rulebook";

const MAIXIN = { key: "maixin", name: "麦新人民法庭" };

/** A month of one tribunal that passes every check of the default rulebook. */
function goodRow(): Record<string, number> {
  return Object.fromEntries(DEFAULT_RULEBOOK.fields.map((f) => [f.key, 10])) as Record<string, number>;
}

function problemsOf(input: RulebookInput): Problem[] {
  try {
    parseRulebook(input, "rb.json");
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).problems;
  }
  throw new Error("expected an InputError");
}

function withChecks(checks: unknown, fields?: (f: RulebookInput["fields"]) => RulebookInput["fields"]): RulebookInput {
  const rb = structuredClone(DEFAULT_RULEBOOK_JSON) as RulebookInput;
  if (fields) rb.fields = fields(rb.fields);
  (rb as { checks: unknown }).checks = checks;
  return rb;
}

describe("the rulebook format: integer fields and checks (rulebook.md §7c)", () => {
  it("defaults to no checks, and reads integer fields", () => {
    const { checks: _c, ...rest } = structuredClone(DEFAULT_RULEBOOK_JSON) as RulebookInput & { checks?: unknown };
    expect(parseRulebook(rest).checks).toEqual([]);
    expect(parseRulebook(rest).fields.find((f) => f.key === "trial_closed")?.integer).toBe(true);
  });

  it("refuses repeated check keys, undeclared fields and a field compared with itself, naming the JSON path", () => {
    const ps = problemsOf(
      withChecks([
        { key: "C1", rule: "le", left: "trial_closed_in_limit", right: "trial_closed", level: "error" },
        { key: "C1", rule: "le", left: "trial_mediated", right: "nosuch", level: "error" },
        { key: "C3", rule: "le", left: "trial_closed", right: "trial_closed", level: "warning" },
      ]),
    );
    expect(ps.map((p) => [p.path, p.file])).toEqual([
      ["$.checks[1].key", "rb.json"],
      ["$.checks[1].right", "rb.json"],
      ["$.checks[2].right", "rb.json"],
    ]);
    expect(ps[0]?.zh).toContain("数据核查规则的键 \"C1\" 重复");
    expect(ps[1]?.zh).toContain("未在 fields 中声明的字段 \"nosuch\"");
    expect(ps[2]?.zh).toContain("同一个字段");
  });

  it("refuses an unknown rule, an unknown level and a non-boolean integer", () => {
    const ps = problemsOf(
      withChecks([{ key: "C1", rule: "lt", left: "trial_mediated", right: "trial_closed", level: "fatal" }], (fs) =>
        fs.map((f, i) => (i === 0 ? { ...f, integer: "yes" as unknown as boolean } : f)),
      ),
    );
    expect(ps.map((p) => p.path).sort()).toEqual(["$.checks[0].level", "$.checks[0].rule", "$.fields[0].integer"]);
    for (const p of ps) expect(p.zh).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe("checkFacts", () => {
  it("passes a good month", () => {
    expect(checkFacts(DEFAULT_RULEBOOK, MAIXIN, goodRow())).toEqual({ errors: [], warnings: [] });
  });

  it("refuses a part larger than its whole, naming the tribunal, both labels and both values", () => {
    const v = { ...goodRow(), trial_closed: 50, trial_closed_in_limit: 52 };
    const { errors, warnings } = checkFacts(DEFAULT_RULEBOOK, MAIXIN, v, { period: "2023-03" });
    expect(warnings).toEqual([]);
    expect(errors).toEqual([
      {
        check: "C1",
        level: "error",
        unit: "maixin",
        period: "2023-03",
        field: "trial_closed_in_limit",
        value: 52,
        right: { field: "trial_closed", value: 50 },
        zh: "麦新人民法庭:法定审限内结案数(52)不能大于审判结案数(50)。法定审限内结案是审判结案的一部分,请核对这两项数据。",
        en: "maixin: trial_closed_in_limit (52) must not exceed trial_closed (50)",
      },
    ]);
    // equal is fine
    expect(checkFacts(DEFAULT_RULEBOOK, MAIXIN, { ...v, trial_closed_in_limit: 50 }).errors).toEqual([]);
  });

  it("refuses a count that is not whole, and accepts fractions of days and amounts", () => {
    const { errors } = checkFacts(DEFAULT_RULEBOOK, MAIXIN, { ...goodRow(), trial_closed: 12.5, staff_enf: 4.2 });
    expect(errors.map((e) => [e.check, e.field, e.value])).toEqual([
      ["integer", "trial_closed", 12.5],
      ["integer", "staff_enf", 4.2],
    ]);
    expect(errors[0]?.zh).toBe("麦新人民法庭:审判结案数必须是整数,收到 12.5。请填写整数的件数。");
    expect(errors[1]?.zh).toContain("请填写整数的人数");
    // the whole that is not whole is not compared with its parts
    const fine = checkFacts(DEFAULT_RULEBOOK, MAIXIN, { ...goodRow(), trial_days_total: 1234.5, enf_first_amount_applied: 0.25, enf_first_amount_recovered: 0.25 });
    expect(fine.errors).toEqual([]);
  });

  it("stores a warning: the figure passes, the finding is listed", () => {
    const { errors, warnings } = checkFacts(DEFAULT_RULEBOOK, MAIXIN, { ...goodRow(), enf_first_amount_applied: 100, enf_first_amount_recovered: 120.5 });
    expect(errors).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ check: "W1", level: "warning", field: "enf_first_amount_recovered", value: 120.5, right: { field: "enf_first_amount_applied", value: 100 } });
    expect(warnings[0]?.zh).toMatch(/^麦新人民法庭:首执案件实际执行到位金额\(120\.5\)大于首执案件申请执行标的额\(100\)。.*请核实。$/);
  });

  it("lists every problem of a row at once: missing, negative, not finite, unknown, not whole, too large", () => {
    const v: Record<string, number> = { ...goodRow(), enf_closed: -1, enf_received: Infinity, trial_closed: 3.5, enf_asset_closed: 20, enf_asset_closed_in_limit: 30, extra: 1 };
    delete v.staff_enf;
    const { errors } = checkFacts(DEFAULT_RULEBOOK, "maixin", v);
    expect(errors.map((e) => [e.check, e.field])).toEqual([
      ["integer", "trial_closed"],
      ["number", "enf_received"],
      ["number", "enf_closed"],
      ["missing", "staff_enf"],
      ["unknown", "extra"],
      ["C5", "enf_asset_closed_in_limit"],
    ]);
    // a check whose value is itself wrong is not run (enf_closed is negative, so C4, C6 and C8 are not)
    expect(errors.every((e) => e.zh.startsWith("maixin:"))).toBe(true);
    expect(errors.find((e) => e.check === "missing")?.zh).toContain("缺少“执行团队干警数”的数值");
    expect(errors.find((e) => e.check === "number" && e.field === "enf_closed")?.zh).toContain("负数");
  });

  it("checks only the values present when the row is not complete (a grid being filled in)", () => {
    const { errors } = checkFacts(DEFAULT_RULEBOOK, MAIXIN, { trial_closed: 5, trial_mediated: 6, other: 1 }, { complete: false });
    expect(errors.map((e) => e.check)).toEqual(["C2"]);
  });
});

describe("versionInForce", () => {
  const v1 = DEFAULT_RULEBOOK;
  const v2 = parseRulebook({ ...structuredClone(DEFAULT_RULEBOOK_JSON), version: "2023.1", effectiveFrom: "2023-01" } as RulebookInput);
  it("takes the latest version in force, whatever the order given, and the earliest before any", () => {
    expect(versionInForce([v2, v1], "2022-12").version).toBe("2022.1");
    expect(versionInForce([v2, v1], "2023-01").version).toBe("2023.1");
    expect(versionInForce([v1, v2], "2021-06").version).toBe("2022.1");
    expect(versionInForce(v1, "2030-01")).toBe(v1);
  });
});
