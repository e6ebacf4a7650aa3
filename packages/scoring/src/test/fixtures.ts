import { parseRulebook, type FactRow, type Rulebook, type RulebookInput } from "@scorecard/rules";

type IndicatorInput = RulebookInput["sections"][number]["indicators"][number];

/** A small valid rulebook: fields a, b, c (sum), one section `s` with the given indicators. */
export function rulebook(indicators: IndicatorInput[], extra: Partial<RulebookInput> = {}): Rulebook {
  return parseRulebook({
    format: "scorecard-rulebook/1",
    id: "test",
    version: "1",
    title: "测试办法",
    effectiveFrom: "2022-01",
    window: "month",
    fields: [
      { key: "a", label: "甲", aggregate: "sum" },
      { key: "b", label: "乙", aggregate: "sum" },
      { key: "c", label: "丙", aggregate: "sum" },
    ],
    sections: [{ key: "s", name: "板块", indicators }],
    adjustments: [],
    bonusCap: 5,
    tieBreak: [],
    annual: { basis: "ytd", grades: [{ key: "ok", name: "合格" }] },
    ...extra,
  });
}

/** One indicator scoring field `a` (a `field` formula) with the given method. */
export function fieldIndicator(method: IndicatorInput["method"], points = 10, direction: "higher" | "lower" = "higher", key = "X"): IndicatorInput {
  return { key, name: "指标", direction, points, formula: { type: "field", field: "a" }, method };
}

/** Facts rows of one period from `unit → a` (b, c default 1). */
export function facts(period: string, values: Record<string, number | Record<string, number>>): FactRow[] {
  return Object.entries(values).map(([unit, v]) => ({
    period,
    unit,
    values: typeof v === "number" ? { a: v, b: 1, c: 1 } : { a: 0, b: 1, c: 1, ...v },
  }));
}
