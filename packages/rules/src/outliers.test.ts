import { describe, expect, it } from "vitest";
import { DEFAULT_RULEBOOK } from "./default";
import { OUTLIER_RULE, outlierWarnings, reviewFacts, type FactsHistory } from "./outliers";
import type { Period } from "./rulebook";

const MAIXIN = { key: "maixin", name: "麦新人民法庭" };
const base = (): Record<string, number> => Object.fromEntries(DEFAULT_RULEBOOK.fields.map((f) => [f.key, 10])) as Record<string, number>;

/** maixin's history: enf_closed per month, every other figure 10. */
function history(enfClosed: Array<[Period, number]>, unit = "maixin"): FactsHistory {
  return new Map(enfClosed.map(([p, v]) => [p, new Map([[unit, { ...base(), enf_closed: v }]])]));
}

const SIX: Array<[Period, number]> = [
  ["2022-09", 28],
  ["2022-10", 30],
  ["2022-11", 26],
  ["2022-12", 40],
  ["2023-01", 30],
  ["2023-02", 34],
];

describe("outlierWarnings (product.md, Collect)", () => {
  const warnings = (v: number, h = history(SIX), period: Period = "2023-03") =>
    outlierWarnings(DEFAULT_RULEBOOK, period, MAIXIN, { ...base(), enf_closed: v }, h).filter((w) => w.field === "enf_closed");

  it("flags more than three times the median of the previous six months, naming the months used", () => {
    expect(warnings(120)).toEqual([
      {
        check: "outlier",
        level: "warning",
        unit: "maixin",
        period: "2023-03",
        field: "enf_closed",
        value: 120,
        median: 30,
        months: ["2022-09", "2022-10", "2022-11", "2022-12", "2023-01", "2023-02"],
        zh: "麦新人民法庭 执行结案数 2023年3月为 120 件,是前 6 个月中位数 30 件的 4 倍,请核实。",
        en: "maixin enf_closed 2023-03: 120 is more than three times the median 30 of the previous 6 months; please verify",
      },
    ]);
    expect(warnings(90)).toEqual([]); // exactly three times is not more
  });

  it("flags less than a third of the median", () => {
    const [w] = warnings(9);
    expect(w?.zh).toBe("麦新人民法庭 执行结案数 2023年3月为 9 件,不到前 6 个月中位数 30 件的三分之一,请核实。");
    expect(warnings(10)).toEqual([]);
  });

  it("uses only the latest six earlier months with facts, skipping months without them", () => {
    const h = history([["2022-01", 1000], ...SIX.filter(([p]) => p !== "2022-11"), ["2023-04", 1000]]);
    const [w] = warnings(200, h);
    expect(w?.months).toEqual(["2022-01", "2022-09", "2022-10", "2022-12", "2023-01", "2023-02"]);
    expect(w?.median).toBe(32);
  });

  it("makes no check with fewer than three earlier months, or a median below 10", () => {
    expect(warnings(500, history(SIX.slice(0, 2)))).toEqual([]);
    expect(warnings(500, history(SIX.slice(0, 3)))).toHaveLength(1);
    expect(warnings(500, history(SIX.map(([p]) => [p, 9] as [Period, number])))).toEqual([]);
    expect(OUTLIER_RULE).toEqual({ months: 6, minMonths: 3, minMedian: 10, factor: 3 });
  });

  it("looks at sum fields only, and at the unit's own history", () => {
    const h: FactsHistory = new Map(SIX.map(([p]) => [p, new Map([["maixin", { ...base(), staff_enf: 30, trial_pending_over12m: 30 }]])]));
    const ws = outlierWarnings(DEFAULT_RULEBOOK, "2023-03", MAIXIN, { ...base(), staff_enf: 300, trial_pending_over12m: 300 }, h);
    expect(ws).toEqual([]); // mean and last fields
    expect(warnings(120, history(SIX, "dayushu"))).toEqual([]);
  });
});

describe("reviewFacts", () => {
  it("lists data-check warnings and outliers of stored rows, with their period and unit; errors apart", () => {
    const rows = [
      ...SIX.map(([period, v]) => ({ period, unit: "maixin", values: { ...base(), enf_closed: v } })),
      { period: "2023-03", unit: "maixin", values: { ...base(), enf_closed: 120, enf_first_amount_recovered: 11 } },
      { period: "2023-03", unit: "dayushu", values: { ...base(), trial_closed_in_limit: 11 } },
    ];
    const names = new Map([["maixin", "麦新人民法庭"], ["dayushu", "大榆树人民法庭"]]);
    const r = reviewFacts({ rulebooks: DEFAULT_RULEBOOK, rows, names });
    expect(r.warnings.map((w) => [w.period, w.unit, w.check, w.field])).toEqual([
      ["2023-03", "maixin", "W1", "enf_first_amount_recovered"],
      ["2023-03", "maixin", "outlier", "enf_closed"],
    ]);
    expect(r.errors.map((e) => [e.period, e.unit, e.check])).toEqual([["2023-03", "dayushu", "C1"]]);
    expect(r.errors[0]?.zh).toMatch(/^大榆树人民法庭:/);
  });
});
