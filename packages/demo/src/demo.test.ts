import { AdjustmentRowSchema, FactRowSchema, indicatorsOf, type FactRow } from "@scorecard/rules";
import { scorePeriod } from "@scorecard/scoring";
import { describe, expect, it, vi } from "vitest";
import { DEMO_HEADS, DEMO_LEADERS, DEMO_PERIODS, DEMO_UNITS, demoCourt } from "./index";

const court = demoCourt();
const { rulebook, facts, adjustments } = court;

const sumOf = (rows: readonly FactRow[], key: string) => rows.reduce((a, r) => a + r.values[key]!, 0);
const in2022 = facts.filter((r) => r.period.startsWith("2022-"));
const in2023q1 = facts.filter((r) => ["2023-01", "2023-02", "2023-03"].includes(r.period));
const chinese = /^[\u4e00-\u9fff]{2,4}$/;

/** percentage points / days within the paper's rounding */
function expectClose(actual: number, expected: number, tolerance = 0.05) {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);
}

describe("the demo court's people and tribunals", () => {
  it("has the eight tribunals of default-rulebook.md, in order", () => {
    expect(DEMO_UNITS.map((u) => [u.key, u.name])).toEqual([
      ["dayushu", "大榆树人民法庭"],
      ["dongfeng", "东风人民法庭"],
      ["heilongba", "黑龙坝人民法庭"],
      ["maixin", "麦新人民法庭"],
      ["yihetala", "义和塔拉人民法庭"],
      ["jianhua", "建华人民法庭"],
      ["xiaojieji", "小街基人民法庭"],
      ["jirigalangtu", "吉日嘎郎吐人民法庭"],
    ]);
    expect(court.units).toEqual(DEMO_UNITS);
  });

  it("has five leaders, each overseeing at least one tribunal, together all eight", () => {
    expect(DEMO_LEADERS.map((l) => l.username)).toEqual(["leader1", "leader2", "leader3", "leader4", "leader5"]);
    const keys = new Set(DEMO_UNITS.map((u) => u.key));
    for (const l of DEMO_LEADERS) {
      expect(l.name).toMatch(chinese);
      expect(l.units.length).toBeGreaterThanOrEqual(1);
      for (const u of l.units) expect(keys.has(u)).toBe(true);
    }
    expect(new Set(DEMO_LEADERS.flatMap((l) => l.units))).toEqual(keys);
    expect(court.leaders).toEqual(DEMO_LEADERS);
  });

  it("has a head for every tribunal, head-<key>", () => {
    expect(DEMO_HEADS.map((h) => [h.username, h.unit])).toEqual(DEMO_UNITS.map((u) => [`head-${u.key}`, u.key]));
    for (const h of DEMO_HEADS) expect(h.name).toMatch(chinese);
    expect(new Set(DEMO_HEADS.map((h) => h.name)).size).toBe(8);
    expect(court.heads).toEqual(DEMO_HEADS);
  });

  it("uses the shipped default rulebook", () => {
    expect(rulebook.id).toBe("kailu-tribunals");
    expect(rulebook.version).toBe("2022.1");
  });
});

describe("determinism", () => {
  it("gives the same court on every call", () => {
    expect(demoCourt()).toEqual(demoCourt());
  });

  it("uses neither Math.random nor the clock", () => {
    const random = vi.spyOn(Math, "random").mockImplementation(() => {
      throw new Error("Math.random called");
    });
    const now = vi.spyOn(Date, "now").mockImplementation(() => {
      throw new Error("Date.now called");
    });
    try {
      expect(demoCourt()).toEqual(court);
    } finally {
      random.mockRestore();
      now.mockRestore();
    }
  });

  it("hands out fresh objects, so one caller's changes do not leak into the next", () => {
    const a = demoCourt();
    a.facts[0]!.values.enf_received = 999_999;
    a.units[0]!.name = "x";
    a.leaders[0]!.units.push("x");
    a.adjustments.pop();
    expect(demoCourt()).toEqual(court);
  });
});

describe("the facts", () => {
  it("cover every tribunal in every month 2022-01 … 2023-03, once", () => {
    expect(DEMO_PERIODS).toHaveLength(15);
    expect(DEMO_PERIODS[0]).toBe("2022-01");
    expect(DEMO_PERIODS[14]).toBe("2023-03");
    expect(facts).toHaveLength(15 * 8);
    expect(facts.map((r) => `${r.period}/${r.unit}`)).toEqual(
      DEMO_PERIODS.flatMap((p) => DEMO_UNITS.map((u) => `${p}/${u.key}`)),
    );
  });

  it("validate against the rulebook: every declared field, finite, ≥ 0, nothing else", () => {
    const keys = rulebook.fields.map((f) => f.key);
    for (const row of facts) {
      expect(FactRowSchema.safeParse(row).success).toBe(true);
      expect(Object.keys(row.values)).toEqual(keys);
      for (const k of keys) {
        const v = row.values[k]!;
        expect(Number.isFinite(v) && v >= 0, `${row.period} ${row.unit} ${k}=${v}`).toBe(true);
      }
    }
  });

  it("hold whole numbers for counts, days and headcounts, and amounts in whole hundredths of 万元", () => {
    for (const row of facts) {
      for (const f of rulebook.fields) {
        const v = row.values[f.key]!;
        if (f.unit === "万元") expect(Math.abs(v * 100 - Math.round(v * 100)), `${row.period} ${row.unit} ${f.key}`).toBeLessThan(1e-6);
        else expect(Number.isInteger(v), `${row.period} ${row.unit} ${f.key}=${v}`).toBe(true);
      }
    }
  });

  it("are internally consistent in every row", () => {
    for (const { period, unit, values: v } of facts) {
      const at = `${period} ${unit}`;
      const le = (a: string, b: string) => expect(v[a]!, `${at}: ${a} ≤ ${b}`).toBeLessThanOrEqual(v[b]!);
      le("trial_closed_in_limit", "trial_closed");
      le("trial_mediated", "trial_closed");
      le("trial_judged_first", "trial_closed");
      expect(v.trial_mediated! + v.trial_judged_first!, at).toBeLessThanOrEqual(v.trial_closed!);
      le("trial_reversed", "trial_judged_first");
      le("trial_appealed", "trial_judged_first");
      le("enf_asset_closed_in_limit", "enf_asset_closed");
      le("enf_asset_closed", "enf_closed");
      le("enf_terminated", "enf_closed");
      expect(v.enf_asset_closed! + v.enf_terminated!, at).toBeLessThanOrEqual(v.enf_closed!);
      le("enf_terminated_compliant", "enf_terminated");
      le("enf_first_closed", "enf_closed");
      le("enf_first_completed", "enf_first_closed");
      le("enf_first_amount_recovered", "enf_first_amount_applied");
      if (v.enf_first_closed === 0) expect(v.enf_first_days_total, at).toBe(0);
      else expect(v.enf_first_days_total! / v.enf_first_closed!, at).toBeGreaterThan(5);
      if (v.trial_closed! > 0) expect(v.trial_days_total! / v.trial_closed!, at).toBeGreaterThan(10);
      expect(v.judges_trial, at).toBeGreaterThanOrEqual(1);
      expect(v.staff_enf, at).toBeGreaterThanOrEqual(1);
    }
  });

  it("keep cases pending over 12 months a small stock, mostly 0–3", () => {
    const pending = facts.map((r) => r.values.trial_pending_over12m!);
    expect(Math.max(...pending)).toBeLessThanOrEqual(4);
    expect(pending.filter((x) => x <= 3).length / pending.length).toBeGreaterThanOrEqual(0.9);
    expect(pending.filter((x) => x === 0).length).toBeGreaterThan(0);
  });

  it("staff the court with 34 enforcement officers and 10 judges every month, 1 or 2 judges a tribunal", () => {
    for (const period of DEMO_PERIODS) {
      const rows = facts.filter((r) => r.period === period);
      expect(sumOf(rows, "staff_enf"), period).toBe(34);
      expect(sumOf(rows, "judges_trial"), period).toBe(10);
      expect(new Set(rows.map((r) => r.values.judges_trial))).toEqual(new Set([1, 2]));
    }
  });

  it("follow the court's seasons: few new cases at the Spring Festival, a year-end push to close", () => {
    const month = (p: string, k: string) => sumOf(facts.filter((r) => r.period === p), k);
    const mean2022 = (k: string) => sumOf(in2022, k) / 12;
    expect(month("2022-02", "enf_received")).toBeLessThan(0.8 * mean2022("enf_received"));
    expect(month("2022-02", "trial_received")).toBeLessThan(0.8 * mean2022("trial_received"));
    expect(month("2022-12", "enf_closed")).toBeGreaterThan(1.4 * mean2022("enf_closed"));
    expect(month("2022-12", "trial_closed")).toBeGreaterThan(1.1 * mean2022("trial_closed"));
  });
});

describe("the facts reproduce the paper's court figures (default-rulebook.md)", () => {
  const pct = (rows: readonly FactRow[], num: string, den: string) => (100 * sumOf(rows, num)) / sumOf(rows, den);
  const avg = (rows: readonly FactRow[], num: string, den: string) => sumOf(rows, num) / sumOf(rows, den);

  it("2022: 收案 3979, 结案 3929, 执结率 98.74%, 法定期限内执结率 99.38%, 首执平均用时 61.68 天", () => {
    expect(sumOf(in2022, "enf_received")).toBe(3979);
    expect(sumOf(in2022, "enf_closed")).toBe(3929);
    expectClose(pct(in2022, "enf_closed", "enf_received"), 98.74);
    expectClose(pct(in2022, "enf_asset_closed_in_limit", "enf_asset_closed"), 99.38);
    expectClose(avg(in2022, "enf_first_days_total", "enf_first_closed"), 61.68);
  });

  it("2023-01 … 03: 收案 1147, 结案 976, 执结率 85.09%, 98.18%, 37.4 天, 首执完毕率 30.3%, 首执到位率 57.39%", () => {
    expect(sumOf(in2023q1, "enf_received")).toBe(1147);
    expect(sumOf(in2023q1, "enf_closed")).toBe(976);
    expectClose(pct(in2023q1, "enf_closed", "enf_received"), 85.09);
    expectClose(pct(in2023q1, "enf_asset_closed_in_limit", "enf_asset_closed"), 98.18);
    expectClose(avg(in2023q1, "enf_first_days_total", "enf_first_closed"), 37.4);
    expectClose(pct(in2023q1, "enf_first_completed", "enf_first_closed"), 30.3);
    expectClose(pct(in2023q1, "enf_first_amount_recovered", "enf_first_amount_applied"), 57.39);
  });
});

describe("the adjustments", () => {
  const items = new Map(rulebook.adjustments.map((a) => [a.key, a]));
  const units = new Set(DEMO_UNITS.map((u) => u.key));

  it("are valid rows naming the rulebook's items, the tribunals and the demo's months, with Chinese notes", () => {
    for (const a of adjustments) {
      expect(AdjustmentRowSchema.safeParse(a).success).toBe(true);
      expect(items.has(a.item), a.item).toBe(true);
      expect(units.has(a.unit), a.unit).toBe(true);
      expect(DEMO_PERIODS).toContain(a.period);
      expect(a.note).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it("include a few of every bonus and penalty item", () => {
    for (const key of ["B1", "B2", "B3", "B4", "P1", "P2", "P3"]) {
      expect(adjustments.filter((a) => a.item === key).length, key).toBeGreaterThanOrEqual(2);
    }
  });

  it("include exactly one veto", () => {
    const vetoes = adjustments.filter((a) => items.get(a.item)?.kind === "veto");
    expect(vetoes).toHaveLength(1);
    expect(vetoes[0]).toMatchObject({ item: "V1", count: 1 });
  });
});

describe("scored under the default rulebook", () => {
  const rankings = DEMO_PERIODS.map((period) => scorePeriod({ rulebooks: rulebook, data: { facts, adjustments }, period }));

  it("ranks all eight tribunals every month, every indicator with a value", () => {
    for (const r of rankings) {
      expect(r.units).toHaveLength(8);
      for (const u of r.units) {
        for (const ind of indicatorsOf(rulebook)) expect(u.indicators[ind.key]?.value, `${r.period} ${u.unit} ${ind.key}`).not.toBeNull();
      }
    }
  });

  it("separates the tribunals: totals spread by ≥ 10 points in at least 12 of the 15 months", () => {
    const spreads = rankings.map((r) => {
      const totals = r.units.map((u) => u.total);
      return Math.max(...totals) - Math.min(...totals);
    });
    expect(spreads.filter((s) => s >= 10).length).toBeGreaterThanOrEqual(12);
  });

  it("lets the order move: the ranking changes from month to month and more than one tribunal comes last", () => {
    const last = new Set(rankings.map((r) => r.units[r.units.length - 1]!.unit));
    expect(last.size).toBeGreaterThan(1);
    const orders = new Set(rankings.map((r) => r.units.map((u) => u.unit).join()));
    expect(orders.size).toBeGreaterThan(5);
  });
});
