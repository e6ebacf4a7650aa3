/**
 * Explanations that add up (rulebook.md §8, §9), for random rulebooks and figures, read back by
 * the reader of `./testing` (`@scorecard/scoring/testing`: each text parsed back into the numbers
 * it shows, the method's rule redone, the result rounding to the stated score); and their words
 * worked by hand. The demo court's explanations are read back in packages/demo
 * (scoring-explain.test.ts).
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { indicatorsOf, type FieldRef, type ManualRow, type Period, type Rulebook, type WindowKind } from "@scorecard/rules";
import { explanationText, formatValue, num, scorePeriod, type PeriodResult } from "./index";
import { auditAll } from "./testing";
import { YEAR, RUNS, constructScenarioArb, manualRowsArb, monthArb, periodOf, realisticArb, realisticConstructsArb, scenarioArb, windowArb, type Scenario } from "./test/generators";
import { facts, rulebook } from "./test/fixtures";

// ─── random rulebooks and figures ────────────────────────────────────────────────────────────

const UNITS = ["%", "天", undefined] as const;
/** Gives the computed indicators units (rates, days, none) in turn from `offset`, so that every method meets each; a committee score stays in 分. */
function withUnits(rb: Rulebook, offset: number): Rulebook {
  let k = offset;
  return {
    ...rb,
    sections: rb.sections.map((s) => ({
      ...s,
      indicators: s.indicators.map((ind) => {
        if (ind.formula.type === "manual") return ind;
        const { unit: _u, ...rest } = ind;
        const unit = UNITS[k++ % UNITS.length];
        return unit === undefined ? rest : { ...rest, unit };
      }),
    })),
  };
}

/** a few seconds on a quiet machine; time enough for a busy one and for ORACLE_RUNS */
const LONG = 60_000 * RUNS;

/** How often each §9 construct was read, so that a property over them cannot pass by not meeting them. */
type Seen = Record<"weighted" | "manualLast" | "manualMean" | "smallBase" | "groupRank" | "groupMean" | "internal", number>;
const seenNone = (): Seen => ({ weighted: 0, manualLast: 0, manualMean: 0, smallBase: 0, groupRank: 0, groupMean: 0, internal: 0 });
function count(seen: Seen, result: PeriodResult): void {
  for (const u of result.units)
    for (const r of Object.values(u.indicators)) {
      const e = r.explanation!;
      const f = e.formula;
      if (f.type === "manual") {
        if (f.aggregate === "mean" && f.entries.length > 1) seen.manualMean++;
        else if (f.entries.length) seen.manualLast++;
      } else if ((f.type === "field" ? [f.field] : [f.num, f.den]).some((o) => o.terms)) seen.weighted++;
      if (e.nullReason === "smallBase") seen.smallBase++;
      if (e.group && e.rank !== null && !e.internalRanking) seen.groupRank++;
      if (e.group && e.meanOf && e.meanOf.n > 0) seen.groupMean++;
      if (e.internalRanking) seen.internal++;
    }
}

/** Scores one random scenario's month and audits it; throws the first problems. */
function auditScenario(s: Scenario, month: number, window: WindowKind | undefined, rbs: readonly Rulebook[] = s.rulebooks, seen?: Seen): void {
  const opts = { data: s.data, period: periodOf(YEAR, month), ...(window ? { window } : {}) };
  const result = scorePeriod({ rulebooks: s.single ? rbs[0]! : rbs, ...opts });
  if (seen) count(seen, result);
  const { problems } = auditAll(rbs, result, s.data.manual ?? []);
  if (problems.length) throw new Error(problems.slice(0, 3).join("\n"));
}

const FINE = [1 / 3, 0.125, 2 / 3, 0.015] as const;
/** Weights that are not two decimals (a third, an eighth): each weighted term's weight scaled by one of them in turn from `offset`. */
function withFineWeights(rb: Rulebook, offset: number): Rulebook {
  let k = offset;
  const fine = (ref: FieldRef): FieldRef => (typeof ref === "string" ? ref : ref.map((t) => ({ ...t, weight: t.weight * FINE[k++ % FINE.length]! })));
  return {
    ...rb,
    sections: rb.sections.map((s) => ({
      ...s,
      indicators: s.indicators.map((ind) => {
        const f = ind.formula;
        if (f.type === "manual") return ind;
        return { ...ind, formula: f.type === "field" ? { ...f, field: fine(f.field) } : { ...f, num: fine(f.num), den: fine(f.den) } };
      }),
    })),
  };
}

/** The scenario with committee scores for most tribunals in most months (the generators' are sparse), one per tribunal, indicator and month. */
function withDenseManual(arb: fc.Arbitrary<Scenario>): fc.Arbitrary<Scenario> {
  return arb.chain((s) =>
    fc.array(manualRowsArb(s.rulebooks), { minLength: 6, maxLength: 6 }).map((lists) => {
      const ids = new Set<string>();
      const manual = [...(s.data.manual ?? []), ...lists.flat()].filter((r) => {
        const id = `${r.period}|${r.unit}|${r.indicator}`;
        if (ids.has(id)) return false;
        ids.add(id);
        return true;
      });
      return { ...s, data: { ...s.data, manual } };
    }),
  );
}

describe("explanations add up for random rulebooks and figures", () => {
  it("every method, both directions, byMonth targets, null values, clamps", () => {
    fc.assert(
      fc.property(scenarioArb, monthArb, windowArb, fc.nat(), (s, month, window, offset) =>
        auditScenario(s, month, window, s.rulebooks.map((rb) => withUnits(rb, offset))),
      ),
      { numRuns: 300 * RUNS },
    );
  }, LONG);
  it("the shipped rulebook over realistic figures", () => {
    fc.assert(
      fc.property(realisticArb, monthArb, windowArb, (s, month, window) => auditScenario(s, month, window)),
      { numRuns: 100 * RUNS },
    );
  }, LONG);
  it("the §9 constructs: weighted terms, committee scores (last and mean), 样本不足, groups and group-only indicators, internal ranking", () => {
    const seen = seenNone();
    fc.assert(
      fc.property(constructScenarioArb, monthArb, windowArb, fc.nat(), (s, month, window, offset) =>
        auditScenario(s, month, window, s.rulebooks.map((rb) => withUnits(rb, offset)), seen),
      ),
      { numRuns: 300 * RUNS },
    );
    // means of several committee scores are rare here (the next property has them)
    for (const [what, n] of Object.entries(seen)) if (what !== "manualMean") expect(n, what).toBeGreaterThan(0);
  }, LONG);
  it("the shipped rulebook made a §9 考核办法, over realistic figures and committee scores", () => {
    const seen = seenNone();
    fc.assert(
      fc.property(realisticConstructsArb, monthArb, windowArb, (s, month, window) => auditScenario(s, month, window, s.rulebooks, seen)),
      { numRuns: 100 * RUNS },
    );
    for (const what of ["weighted", "manualLast", "smallBase", "groupRank", "groupMean"] as const) expect(seen[what], what).toBeGreaterThan(0);
  }, LONG);
  it("weighted terms with weights of a third or an eighth", () => {
    const seen = seenNone();
    fc.assert(
      fc.property(constructScenarioArb, monthArb, windowArb, fc.nat(), (s, month, window, offset) =>
        auditScenario(s, month, window, s.rulebooks.map((rb) => withFineWeights(withUnits(rb, offset), offset)), seen),
      ),
      { numRuns: 150 * RUNS },
    );
    expect(seen.weighted).toBeGreaterThan(0);
  }, LONG);
  it("committee scores in most months: the latest of several, and means of several", () => {
    const seen = seenNone();
    fc.assert(
      fc.property(fc.oneof(withDenseManual(constructScenarioArb), withDenseManual(realisticConstructsArb)), monthArb, windowArb, (s, month, window) =>
        auditScenario(s, month, window, s.rulebooks, seen),
      ),
      { numRuns: 150 * RUNS },
    );
    for (const what of ["manualLast", "manualMean"] as const) expect(seen[what], what).toBeGreaterThan(0);
  }, LONG);
});

// ─── words, signs and clamps, one case each ──────────────────────────────────────────────────

function textOf(rb: Rulebook, values: Record<string, number | Record<string, number>>, unit: string, key = "X"): string {
  const r = scorePeriod({ rulebooks: rb, data: { facts: facts("2022-01", values) }, period: "2022-01" });
  return r.units.find((u) => u.unit === unit)!.indicators[key]!.explanation!.text;
}
const rate = (method: Parameters<typeof rulebook>[0][number]["method"], direction: "higher" | "lower" = "higher", points = 7) =>
  rulebook([{ key: "X", name: "改判率", unit: "%", direction, points, formula: { type: "ratio", num: "a", den: "b" }, method }]);

describe("the words follow the direction", () => {
  const lower = rate({ type: "target", target: 0.02, zeroAt: 0.1 }, "lower");
  const higher = rate({ type: "target", target: 0.98, zeroAt: 0.9 }, "higher");
  it("a lower rate above its zero line is 高于零分线, at it 达到零分线", () => {
    const t = textOf(lower, { u: { a: 1, b: 9 }, v: { a: 1, b: 10 }, w: { a: 0, b: 5 } }, "u");
    expect(t).toContain("11.1111% 高于零分线,得 0 分");
    expect(t).not.toContain("未超过");
    expect(textOf(lower, { u: { a: 1, b: 9 }, v: { a: 1, b: 10 } }, "v")).toContain("10.00% 达到零分线,得 0 分");
  });
  it("a lower rate below its target is 低于达标线, a higher one above it 高于达标线; at it 达到达标线", () => {
    expect(textOf(lower, { u: { a: 1, b: 100 } }, "u")).toContain("1.00% 低于达标线,已达标,得满分 7 分");
    expect(textOf(lower, { u: { a: 1, b: 50 } }, "u")).toContain("2.00% 达到达标线,已达标");
    expect(textOf(higher, { u: { a: 99, b: 100 } }, "u")).toContain("99.00% 高于达标线,已达标");
    expect(textOf(higher, { u: { a: 49, b: 50 } }, "u")).toContain("98.00% 达到达标线,已达标");
  });
  it("a month's own target line is named as that month's", () => {
    const rising = rate({ type: "target", target: 0.5, zeroAt: 0.2, byMonth: { "01": { target: 0.1, zeroAt: 0.02 } } });
    expect(textOf(rising, { u: { a: 1, b: 20 } }, "u")).toContain("达标线法:1月的达标线 10.00%,零分线 2.00%;7 × (5.00% − 2.00%) ÷ (10.00% − 2.00%) = 2.63 分。");
  });
  it("a higher rate below its zero line is 低于零分线", () => {
    expect(textOf(higher, { u: { a: 8, b: 10 } }, "u")).toContain("80.00% 低于零分线,得 0 分");
  });
});

describe("the clamp is said only when it clamps", () => {
  it("an arithmetic that equals the points up to binary noise reads as the points", () => {
    // 7 × (0.6 + 0.4 × (x − w) ÷ (b − w)) with x = b gives 7.000000000000001 in doubles
    const rb = rate({ type: "efficacy", floor: 0.6 });
    const r = scorePeriod({ rulebooks: rb, data: { facts: facts("2022-01", { u: { a: 1, b: 3 }, v: { a: 1, b: 10 } }) }, period: "2022-01" });
    const e = r.units.find((u) => u.unit === "u")!.indicators.X!.explanation!;
    expect(e.text).not.toContain("限定");
    expect(e.text).toMatch(/ = 7 分。$/);
  });
  it("a negative rate scored against a positive best is clamped to 0, and says so", () => {
    const rb = rulebook([{ key: "X", name: "服判息诉率", unit: "%", direction: "higher", points: 4, formula: { type: "complement", num: "a", den: "b" }, method: { type: "ratioToBest" } }]);
    const t = textOf(rb, { u: { a: 3, b: 1 }, v: { a: 1, b: 2 } }, "u");
    expect(t).toContain("服判息诉率 = 1 − 甲 3 ÷ 乙 1 = −200.00%");
    expect(t).toContain("4 × (−200.00%) ÷ 50.00% = −16,限定在 0 至 4 分之间,得 0 分。");
  });
});

describe("signs", () => {
  it("subtracting a negative value shows it in parentheses with the minus sign", () => {
    const rb = rulebook([{ key: "X", name: "服判息诉率", unit: "%", direction: "higher", points: 5, formula: { type: "complement", num: "a", den: "b" }, method: { type: "efficacy", floor: 0.6 } }]);
    const t = textOf(rb, { u: { a: 3, b: 1 }, v: { a: 1, b: 2 }, w: { a: 0, b: 1 } }, "v");
    expect(t).toContain("最差值 −200.00%");
    expect(t).toContain("(50.00% − (−200.00%)) ÷ (100.00% − (−200.00%))");
    expect(t).not.toMatch(/− -|-\d/);
  });
  it("formatValue and num print negatives with the minus sign, and keep two decimals of a rate by default", () => {
    expect(formatValue(-2, "%")).toBe("−200.00%");
    expect(formatValue(0.98745, "%")).toBe("98.75%");
    expect(formatValue(0.987432, "%", 4)).toBe("98.7432%");
    expect(formatValue(45.2, "天")).toBe("45.2天");
    expect(num(-0.5)).toBe("−0.5");
    expect(num(-0.001)).toBe("0");
  });
});

describe("digits grow where four are not enough", () => {
  const rb = rate({ type: "target", target: 0.02, zeroAt: 0.1 }, "lower");
  const ind = indicatorsOf(rb)[0]!;
  it("a value whose four decimals would round the score the other way is shown with more", () => {
    // 7 × (10% − x) ÷ (10% − 2%): x = 18/269 gives 2.894981…, with 6.6914% it would give 2.895025 → 2.90
    const t = textOf(rb, { u: { a: 18, b: 269 } }, "u");
    expect(t).toContain("7 × (10.00% − 6.69145%) ÷ (10.00% − 2.00%) = 2.89 分。");
    // x = 3/140 gives exactly 6.875 → 6.88; 2.1429% gives 6.87496 and 2.14286% 6.8749975, both 6.87
    expect(textOf(rb, { u: { a: 3, b: 140 } }, "u")).toContain("7 × (10.00% − 2.142857%) ÷ (10.00% − 2.00%) = 6.88 分。");
  });
  it("every unit of an indicator shows the same decimals, so the cohort's best and worst read the same", () => {
    const eff = rate({ type: "efficacy", floor: 0.6 });
    const r = scorePeriod({ rulebooks: eff, data: { facts: facts("2022-01", { u: { a: 3, b: 140 }, v: { a: 1, b: 3 }, w: { a: 1, b: 7 } }) }, period: "2022-01" });
    const heads = r.units.map((u) => /最优值 [^,]+,最差值 [^;]+/.exec(u.indicators.X!.explanation!.text)![0]);
    expect(new Set(heads).size).toBe(1);
  });
  it("explanationText chooses the digits for one explanation, or takes them", () => {
    const r = scorePeriod({ rulebooks: rb, data: { facts: facts("2022-01", { u: { a: 18, b: 269 } }) }, period: "2022-01" });
    const e = r.units[0]!.indicators.X!.explanation!;
    expect(explanationText(ind, e)).toBe(e.text);
    expect(explanationText(ind, e, 2)).toContain("6.69%");
  });
});

describe("the §9 constructs in words", () => {
  const at = (rb: Rulebook, data: { facts: ReturnType<typeof facts>; manual?: ManualRow[] }, period: Period, unit: string, key = "X") =>
    scorePeriod({ rulebooks: rb, data, period }).units.find((u) => u.unit === unit)!.indicators[key]!.explanation!.text;
  /** 改发率 with a 发回 counted as 0.6 of a 改判 */
  const weighted = (extra: Partial<Parameters<typeof rulebook>[0][number]> = {}, rbExtra: Parameters<typeof rulebook>[1] = {}) =>
    rulebook(
      [
        {
          key: "X",
          name: "改发率",
          unit: "%",
          direction: "lower",
          points: 7,
          formula: { type: "ratio", num: [{ field: "a" }, { field: "b", weight: 0.6 }], den: "c" },
          method: { type: "target", target: 0.02, zeroAt: 0.1 },
          ...extra,
        },
      ],
      rbExtra,
    );

  it("a weighted operand shows each figure, its weight and their sum, and the sum gives the value", () => {
    expect(textOf(weighted(), { u: { a: 2, b: 0, c: 32 } }, "u")).toBe(
      "改发率 = (甲 2 + 0.6 × 乙 0 = 2) ÷ 丙 32 = 6.25%(第 1 名)。达标线法:达标线 2.00%,零分线 10.00%;7 × (10.00% − 6.25%) ÷ (10.00% − 2.00%) = 3.28 分。",
    );
    expect(textOf(weighted(), { u: { a: 1, b: 1, c: 8 } }, "u")).toContain("改发率 = (甲 1 + 0.6 × 乙 1 = 1.6) ÷ 丙 8 = 20.00%(第 1 名)。");
  });
  it("a weight of a third: the sum carries the decimals that make the shown sum ÷ the denominator the shown value", () => {
    // with 0.6667 ÷ 3 a reader would get 22.2233%, not 22.2222%
    const third = weighted({ formula: { type: "ratio", num: [{ field: "a", weight: 1 / 3 }, { field: "b" }], den: "c" } });
    expect(textOf(third, { u: { a: 2, b: 0, c: 3 } }, "u")).toContain("改发率 = (0.3333333333 × 甲 2 + 乙 0 = 0.666667) ÷ 丙 3 = 22.2222%(第 1 名)。");
  });

  it("a base below the minimum is 样本不足, shown below it, and scored by the missing policy", () => {
    const rb = weighted({ minBase: { field: "c", min: 15 } });
    const data = { u: { a: 1, b: 0, c: 13 }, v: { a: 0, b: 0, c: 20 }, w: { a: 1, b: 0, c: 20 } };
    expect(textOf(rb, data, "u")).toBe(
      "改发率:样本不足(丙 13,少于 15),不参与比较。该项无有效数值,按其他有数值法庭得分的平均数计分:2 个法庭得分之和 11.38 ÷ 2 = 5.69 分(满分 7 分)。",
    );
    // a base that two decimals would show as the minimum itself is shown with more
    expect(textOf(rb, { ...data, u: { a: 1, b: 0, c: 14.996 } }, "u")).toContain("改发率:样本不足(丙 14.996,少于 15),不参与比较。");
    const zero = weighted({ minBase: { field: "c", min: 15 }, missing: "zero" });
    expect(textOf(zero, data, "u")).toBe("改发率:样本不足(丙 13,少于 15),不参与比较。该项无有效数值,按规定计 0 分,得 0 分(满分 7 分)。");
  });

  /** a committee-scored indicator over the year so far */
  const committee = (aggregate: "last" | "mean") =>
    rulebook([{ key: "X", name: "庭务管理评议", direction: "higher", points: 5, formula: { type: "manual", aggregate } }], { window: "ytd" });
  const months = [...facts("2022-01", { u: 1, v: 1 }), ...facts("2022-02", { u: 1, v: 1 }), ...facts("2022-03", { u: 1, v: 1 })];
  const score = (period: Period, unit: string, s: number, reason: string): ManualRow => ({ period, unit, indicator: "X", score: s, reason });

  it("a committee score is read back with its month and reason; of several, the latest is said to be the latest", () => {
    const one = [score("2022-02", "u", 4, "作风良好"), score("2022-02", "v", 4.5, "庭务规范")];
    expect(at(committee("last"), { facts: months, manual: one }, "2022-02", "u")).toBe(
      "庭务管理评议:考评委员会评议 4 分(2022年2月),理由:“作风良好”(第 2 名)。按评议分计,得 4 分(满分 5 分)。",
    );
    const two = [score("2022-01", "u", 3, "卷宗归档滞后"), ...one];
    expect(at(committee("last"), { facts: months, manual: two }, "2022-02", "u")).toBe(
      "庭务管理评议:考评委员会评议 4 分(2022年2月,计分期间内最近一次),理由:“作风良好”(第 2 名)。按评议分计,得 4 分(满分 5 分)。",
    );
  });

  it("a mean of committee scores lists them and divides their sum; scores finer than hundredths are shown as entered", () => {
    const two = [score("2022-01", "u", 4, "卷宗规范"), score("2022-02", "u", 3.5, "接待不及时"), score("2022-02", "v", 4, "作风良好")];
    expect(at(committee("mean"), { facts: months, manual: two }, "2022-02", "u")).toBe(
      "庭务管理评议:考评委员会评议 4 分(2022年1月),理由:“卷宗规范”;3.5 分(2022年2月),理由:“接待不及时”;平均 7.5 ÷ 2 = 3.75 分(第 2 名)。按评议分计,得 3.75 分(满分 5 分)。",
    );
    // 4.125 and 4.125: shown as 4.13 and 4.13 they would add up to 8.26, not 8.25
    const fine = [score("2022-01", "u", 4.125, "甲"), score("2022-02", "u", 4.125, "乙")];
    expect(at(committee("mean"), { facts: months, manual: fine }, "2022-02", "u")).toBe(
      "庭务管理评议:考评委员会评议 4.125 分(2022年1月),理由:“甲”;4.125 分(2022年2月),理由:“乙”;平均 8.25 ÷ 2 = 4.125 分(第 1 名)。按评议分计,得 4.13 分(满分 5 分)。",
    );
    const three = [score("2022-01", "u", 4, "甲"), score("2022-02", "u", 4, "乙"), score("2022-03", "u", 3, "丙")];
    expect(at(committee("mean"), { facts: months, manual: three }, "2022-03", "u")).toContain("平均 11 ÷ 3 = 3.6667 分(第 1 名)。按评议分计,得 3.67 分(满分 5 分)。");
  });

  it("a tribunal without a committee score is scored by the missing policy", () => {
    const one = [score("2022-02", "v", 4.5, "庭务规范")];
    expect(at(committee("last"), { facts: months, manual: one }, "2022-02", "u")).toBe(
      "庭务管理评议:本期无考评委员会评议打分。该项无有效数值,按其他有数值法庭得分的平均数计分:1 个法庭得分之和 4.5 ÷ 1 = 4.5 分(满分 5 分)。",
    );
  });

  // 农村法庭 u, v; 其他法庭 w, x
  const grouped = (extra: Parameters<typeof rulebook>[1] = {}, method: Parameters<typeof rulebook>[0][number]["method"] = { type: "efficacy", floor: 0.6 }) =>
    rulebook([{ key: "X", name: "结案率", unit: "%", direction: "higher", points: 7, formula: { type: "ratio", num: "a", den: "b" }, method }], {
      groups: [{ key: "rural", name: "农村法庭", units: ["u", "v"] }],
      ...extra,
    });
  const four = { u: { a: 1, b: 0 }, v: { a: 1, b: 2 }, w: { a: 1, b: 4 }, x: { a: 3, b: 4 } };

  it("ranks are within the group and named with it; the mean of a missing value is the group's", () => {
    expect(textOf(grouped(), four, "v")).toBe("结案率 = 甲 1 ÷ 乙 2 = 50.00%(农村法庭中第 1 名)。功效系数法:只有 1 个法庭有数值(50.00%),得满分 7 分。");
    expect(textOf(grouped(), four, "w")).toContain("结案率 = 甲 1 ÷ 乙 4 = 25.00%(其他法庭中第 2 名)。功效系数法:最优值 75.00%,最差值 25.00%;");
    // u's mean is v's 7 alone, not the mean over v, w and x
    expect(textOf(grouped(), four, "u")).toBe(
      "结案率 = 甲 1 ÷ 乙 0 = 无法计算(分母为 0)。该项无有效数值,按农村法庭中其他有数值法庭得分的平均数计分:1 个法庭得分之和 7 ÷ 1 = 7 分(满分 7 分)。",
    );
    expect(textOf(grouped(), { u: { a: 1, b: 0 }, v: { a: 1, b: 0 }, w: { a: 1, b: 4 } }, "u")).toBe(
      "结案率 = 甲 1 ÷ 乙 0 = 无法计算(分母为 0)。该项无有效数值,农村法庭中各法庭均无数值,计满分 7 分。",
    );
  });

  it("under ranking kept internal the formula names no rank and the rank method says its rule without the arithmetic", () => {
    const internal = grouped({ ranking: "internal" }, { type: "rank", step: 0.05 });
    expect(textOf(internal, four, "w")).toBe("结案率 = 甲 1 ÷ 乙 4 = 25.00%。排名赋分法:按在 2 个有数值的法庭中的名次赋分(名次不通报),得 6.65 分(满分 7 分)。");
    expect(textOf(grouped({}, { type: "rank", step: 0.05 }), four, "w")).toBe(
      "结案率 = 甲 1 ÷ 乙 4 = 25.00%(其他法庭中第 2 名)。排名赋分法:在 2 个有数值的法庭中列第 2 名,每降一名扣满分的 5%;7 × max(0, 1 − 0.05 × 1) = 6.65 分。",
    );
  });
});
