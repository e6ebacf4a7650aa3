/**
 * Random rulebooks and data for the property tests (the oracle's and the explanations'): shapes,
 * methods with every parameter, ties, missing months, versions of one family, and the shipped
 * rulebook over realistic figures.
 *
 * `scenarioArb` and `realisticArb` generate plain rulebooks (§2–§7 only), as they always have.
 * `constructScenarioArb` and `realisticConstructsArb` add the constructs of rulebook.md §9 with
 * moderate probability (groups and group-only indicators, manual indicators with manual scores,
 * weighted terms, minimum bases, per-item caps and `penaltyCap`), and still give a plain
 * rulebook in about a third of the runs.
 */
import fc from "fast-check";
import {
  DEFAULT_RULEBOOK,
  parseRulebook,
  type AdjustmentRow,
  type FactRow,
  type ManualRow,
  type Rulebook,
  type RulebookInput,
  type WindowKind,
} from "@scorecard/rules";

export interface Data {
  facts: FactRow[];
  adjustments: AdjustmentRow[];
  /** manual scores (rulebook.md §9); absent in plain scenarios */
  manual?: ManualRow[];
}

export function two(n: number): string {
  return n < 10 ? "0" + n : String(n);
}
export function periodOf(year: number, month: number): string {
  return year + "-" + two(month);
}

export const YEAR = 2022;
/** ORACLE_RUNS=10 multiplies every run count (for a longer hunt). */
export const RUNS = Number(process.env.ORACLE_RUNS ?? 1);
export const UNIT_KEYS = ["ua", "ub", "uc", "ud", "ue", "uf", "ug", "uh", "ui", "uj", "uk", "ul"];
/** few distinct values, so that equal aggregates (and so ties) are frequent */
const VALUES = [0, 0, 1, 2, 3, 4, 0.5];
const POINTS = [0.5, 1, 2, 2.5, 3, 4.5, 5, 7.5, 10];
const LEVELS = [-1, 0, 0.25, 0.5, 0.8, 1, 1.5, 2, 3, 5, 10, 20];
/** bonus and penalty points, some finer than hundredths (any points > 0 are valid) */
const ADJ_POINTS = [0.5, 1, 1.5, 2, 2.5, 0.125, 0.005, 0.003];
const SHARES = [0.1, 0.2, 0.25, 0.3, 0.5, 0.75, 1];
const SCORE_FRACTIONS = [0.95, 0.85, 0.75, 0.6, 0.5, 0.3, 0.1];

type AdjKind = "bonus" | "penalty" | "veto";
interface Shape {
  nFields: number;
  nSections: number;
  adj: AdjKind[];
}

const shapeArb: fc.Arbitrary<Shape> = fc.record({
  nFields: fc.integer({ min: 2, max: 5 }),
  nSections: fc.integer({ min: 1, max: 3 }),
  adj: fc.array(fc.constantFrom<AdjKind>("bonus", "penalty", "veto"), { maxLength: 4 }),
});

const fieldKey = (i: number) => `f${i}`;

/** two distinct levels (low, high) */
const levelPairArb = fc
  .tuple(fc.constantFrom(...LEVELS), fc.constantFrom(...LEVELS))
  .filter(([a, b]) => a !== b)
  .map(([a, b]) => (a < b ? ([a, b] as const) : ([b, a] as const)));

function methodArb(direction: "higher" | "lower"): fc.Arbitrary<RulebookInput["sections"][number]["indicators"][number]["method"]> {
  const pair = (lo: number, hi: number) => (direction === "higher" ? { target: hi, zeroAt: lo } : { target: lo, zeroAt: hi });
  return fc.oneof(
    fc.record({ type: fc.constant("efficacy" as const), floor: fc.constantFrom(undefined, 0, 0.5, 0.6, 0.8) }),
    fc.record({ type: fc.constant("rank" as const), step: fc.constantFrom(undefined, 0.05, 0.1, 0.25, 0.5, 1) }),
    fc.record({
      main: levelPairArb,
      byMonth: fc.option(fc.array(fc.tuple(fc.integer({ min: 1, max: 12 }), levelPairArb), { minLength: 1, maxLength: 4 }), { nil: undefined }),
    }).map(({ main, byMonth }) => ({
      type: "target" as const,
      ...pair(main[0], main[1]),
      ...(byMonth ? { byMonth: Object.fromEntries(byMonth.map(([m, [lo, hi]]) => [two(m), pair(lo, hi)])) } : {}),
    })),
    fc.constant({ type: "ratioToBest" as const }),
    fc.record({
      bounds: fc.oneof(
        levelPairArb.map(([lo, hi]) => ({ low: lo, high: hi })),
        fc.constantFrom(...LEVELS).map((lo) => ({ low: lo })),
        fc.constantFrom(...LEVELS).map((hi) => ({ high: hi })),
      ),
      step: fc.constantFrom(0.01, 0.1, 0.25, 1),
      deduct: fc.constantFrom(0.5, 1, 2),
    }).map(({ bounds, step, deduct }) => ({ type: "band" as const, ...bounds, step, deduct })),
  );
}

function indicatorArb(nFields: number) {
  const field = fc.integer({ min: 0, max: nFields - 1 }).map(fieldKey);
  return fc.constantFrom<"higher" | "lower">("higher", "lower").chain((direction) =>
    fc.record({
      direction: fc.constant(direction),
      points: fc.constantFrom(...POINTS),
      formula: fc.oneof(
        fc.record({ type: fc.constant("ratio" as const), num: field, den: field }),
        fc.record({ type: fc.constant("complement" as const), num: field, den: field }),
        fc.record({ type: fc.constant("field" as const), field }),
      ),
      method: methodArb(direction),
      missing: fc.constantFrom(undefined, "mean" as const, "full" as const, "zero" as const),
    }),
  );
}

type IndicatorInput = RulebookInput["sections"][number]["indicators"][number];
/** weights of weighted terms: 发回 as 0.6 of a 改判, halves, doubles, and the default (none) */
const WEIGHTS = [undefined, 0.6, 0.5, 1, 2, 1.5, 0.25, 0.3];
/** minimum bases, some between the generated values' sums and means */
const MIN_BASES = [0.5, 1, 2, 2.5, 3, 5, 8];
/** the keys of generated groups, in an order that is not alphabetical */
const GROUP_KEYS = ["rural", "city", "hill"];

/** An indicator that may use the §9 constructs: weighted terms, a minimum base, groups, or a manual formula. */
function constructIndicatorArb(nFields: number, groupKeys: readonly string[]): fc.Arbitrary<Omit<IndicatorInput, "key" | "name">> {
  const field = fc.integer({ min: 0, max: nFields - 1 }).map(fieldKey);
  const terms = fc
    .array(fc.record({ field, weight: fc.constantFrom(...WEIGHTS) }), { minLength: 1, maxLength: 3 })
    .map((ts) => ts.map((t) => (t.weight === undefined ? { field: t.field } : { field: t.field, weight: t.weight })));
  const operand = fc.oneof({ arbitrary: field as fc.Arbitrary<string | Array<{ field: string; weight?: number }>>, weight: 3 }, { arbitrary: terms, weight: 2 });
  const groups = fc.option(fc.subarray([...groupKeys, "other"], { minLength: 1 }), { nil: undefined, freq: 3 });
  const missing = fc.constantFrom(undefined, "mean" as const, "full" as const, "zero" as const);
  const computed = fc.constantFrom<"higher" | "lower">("higher", "lower").chain((direction) =>
    fc.record({
      direction: fc.constant(direction),
      points: fc.constantFrom(...POINTS),
      formula: fc.oneof(
        fc.record({ type: fc.constant("ratio" as const), num: operand, den: operand }),
        fc.record({ type: fc.constant("complement" as const), num: operand, den: operand }),
        fc.record({ type: fc.constant("field" as const), field: operand }),
      ),
      method: methodArb(direction),
      missing,
      minBase: fc.option(fc.record({ field, min: fc.constantFrom(...MIN_BASES) }), { nil: undefined, freq: 3 }),
      groups,
    }),
  );
  const manual = fc.record({
    direction: fc.constant("higher" as const),
    points: fc.constantFrom(...POINTS),
    formula: fc.constantFrom(
      { type: "manual" as const },
      { type: "manual" as const, aggregate: "last" as const },
      { type: "manual" as const, aggregate: "mean" as const },
    ),
    method: fc.constantFrom(undefined, { type: "manual" as const }),
    missing,
    groups,
  });
  return fc.oneof({ arbitrary: computed, weight: 4 }, { arbitrary: manual, weight: 1 }).map((ind) => {
    // optional keys left out rather than set to undefined (as a file would write them)
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(ind)) if (v !== undefined) out[k] = v;
    return out as Omit<IndicatorInput, "key" | "name">;
  });
}

/** Groups over UNIT_KEYS (some units left to `other`, some listed units without figures). */
const groupsArb: fc.Arbitrary<Array<{ key: string; name: string; units: string[] }>> = fc.oneof(
  { arbitrary: fc.constant([] as Array<{ key: string; name: string; units: string[] }>), weight: 1 },
  {
    arbitrary: fc
      .record({ n: fc.integer({ min: 1, max: 3 }), assign: fc.array(fc.integer({ min: -1, max: 2 }), { minLength: UNIT_KEYS.length, maxLength: UNIT_KEYS.length }) })
      .map(({ n, assign }) =>
        GROUP_KEYS.slice(0, n)
          .map((key, gi) => ({ key, name: `分组${key}`, units: UNIT_KEYS.filter((_, ui) => (assign[ui] as number) % n === gi && (assign[ui] as number) >= 0) }))
          .filter((g) => g.units.length > 0),
      ),
    weight: 3,
  },
);

function rulebookArb(shape: Shape, version: string, effectiveFrom: string, constructs = false): fc.Arbitrary<RulebookInput> {
  if (!constructs) return plainRulebookArb(shape, version, effectiveFrom);
  return groupsArb.chain((groups) =>
    fc
      .record({
        base: plainRulebookArb(shape, version, effectiveFrom),
        sections: fc.array(
          fc.array(fc.oneof({ arbitrary: constructIndicatorArb(shape.nFields, groups.map((g) => g.key)), weight: 2 }, { arbitrary: indicatorArb(shape.nFields), weight: 1 }), {
            minLength: 1,
            maxLength: 4,
          }),
          { minLength: shape.nSections, maxLength: shape.nSections },
        ),
        caps: fc.array(fc.option(fc.constantFrom(0.5, 1, 2, 0.125, 3, 0.005), { nil: undefined, freq: 2 }), { minLength: shape.adj.length, maxLength: shape.adj.length }),
        penaltyCap: fc.option(fc.constantFrom(0, 0.5, 1, 2.5, 5, 0.125), { nil: undefined, freq: 2 }),
        ranking: fc.constantFrom(undefined, "published" as const, "internal" as const),
        gradeFractions: fc.shuffledSubarray(SCORE_FRACTIONS, { minLength: 3, maxLength: 3 }),
        fineMins: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
      })
      .map(({ base, sections, caps, penaltyCap, ranking, gradeFractions, fineMins }) => {
        const input: RulebookInput = {
          ...base,
          sections: sections.map((inds, si) => ({
            key: `s${si}`,
            name: `板块${si}`,
            indicators: inds.map((ind, ii) => ({ key: `s${si}i${ii}`, name: `指标${si}.${ii}`, ...ind })),
          })),
          adjustments: (base.adjustments ?? []).map((a, i) => (a.kind !== "veto" && caps[i] !== undefined ? { ...a, cap: caps[i] } : a)),
          ...(groups.length > 0 ? { groups } : {}),
          ...(penaltyCap !== undefined ? { penaltyCap } : {}),
          ...(ranking !== undefined ? { ranking } : {}),
        };
        // the grades' minScores were drawn against the plain sections' full score: draw them again
        return withGrades(input, gradeFractions, fineMins);
      }),
  );
}

/** The grades' minScores drawn again as fractions of the new full score, as the plain draw does. */
function withGrades(input: RulebookInput, fractions: number[], fine: boolean[]): RulebookInput {
  let full = 0;
  for (const s of input.sections) for (const i of s.indicators) full += i.points;
  const grades = input.annual.grades;
  const n = grades.length;
  if (n <= 1) return input;
  const mins = fractions
    .slice(0, n - 1)
    .map((f) => Math.round(full * f * 100) / 100)
    .sort((a, b) => b - a)
    .map((m, i) => (fine[i] ? Math.round(m * 1000 + 5) / 1000 : m));
  // keep them strictly descending (a tiny full score could make two equal)
  for (let i = 1; i < mins.length; i++) if ((mins[i] as number) >= (mins[i - 1] as number)) mins[i] = (mins[i - 1] as number) - 0.01;
  return {
    ...input,
    annual: { ...input.annual, grades: grades.map((g, i) => (i < n - 1 ? { ...g, minScore: mins[i] as number } : g)) },
  };
}

function plainRulebookArb(shape: Shape, version: string, effectiveFrom: string): fc.Arbitrary<RulebookInput> {
  const sectionKeys = Array.from({ length: shape.nSections }, (_, i) => `s${i}`);
  return fc
    .record({
      window: fc.constantFrom("month" as const, "ytd" as const),
      aggregates: fc.array(fc.constantFrom("sum" as const, "mean" as const, "last" as const), {
        minLength: shape.nFields,
        maxLength: shape.nFields,
      }),
      sections: fc.array(fc.array(indicatorArb(shape.nFields), { minLength: 1, maxLength: 4 }), {
        minLength: shape.nSections,
        maxLength: shape.nSections,
      }),
      adjPoints: fc.array(fc.constantFrom(...ADJ_POINTS), { minLength: shape.adj.length, maxLength: shape.adj.length }),
      bonusCap: fc.constantFrom(0, 1, 2.5, 5, 100, 0.125, 1.005),
      tieBreak: fc.shuffledSubarray(sectionKeys),
      basis: fc.constantFrom("ytd" as const, "meanOfMonths" as const),
      nGrades: fc.integer({ min: 1, max: 4 }),
      gradeFractions: fc.shuffledSubarray(SCORE_FRACTIONS, { minLength: 3, maxLength: 3 }),
      fineMins: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
      shares: fc.array(fc.option(fc.constantFrom(...SHARES), { nil: undefined, freq: 2 }), { minLength: 4, maxLength: 4 }),
      lastShare: fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: fc.constantFrom(0.5, 0.75, 1), weight: 1 }),
      vetoCap: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
      rewards: fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 2 }),
      talk: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
    })
    .map((r) => {
      const sections = r.sections.map((inds, si) => ({
        key: `s${si}`,
        name: `板块${si}`,
        indicators: inds.map((ind, ii) => ({ key: `s${si}i${ii}`, name: `指标${si}.${ii}`, ...ind })),
      }));
      let full = 0;
      for (const s of sections) for (const i of s.indicators) full += i.points;
      // minScores on the hundredths grid, some half a hundredth above it (e.g. 1.005, which a
      // rounding to hundredths would move)
      const mins = [...new Set(r.gradeFractions.slice(0, r.nGrades - 1).map((f) => Math.round(full * f * 100) / 100))]
        .sort((a, b) => b - a)
        .map((m, i) => (r.fineMins[i] ? Math.round(m * 1000 + 5) / 1000 : m));
      const grades = [
        ...mins.map((minScore, i) => ({ key: `g${i}`, name: `等次${i}`, minScore, maxShare: r.shares[i] })),
        { key: `g${mins.length}`, name: `等次${mins.length}`, maxShare: r.lastShare },
      ];
      const input: RulebookInput = {
        format: "scorecard-rulebook/1",
        id: "fam",
        version,
        title: `办法 ${version}`,
        effectiveFrom,
        window: r.window,
        fields: r.aggregates.map((aggregate, i) => ({ key: fieldKey(i), label: `字段${i}`, aggregate })),
        sections,
        adjustments: shape.adj.map((kind, i) =>
          kind === "veto" ? { key: `A${i}`, name: `项目${i}`, kind } : { key: `A${i}`, name: `项目${i}`, kind, points: r.adjPoints[i] },
        ),
        bonusCap: r.bonusCap,
        tieBreak: r.tieBreak,
        annual: {
          basis: r.basis,
          grades,
          vetoCap: r.vetoCap === undefined ? undefined : grades[Math.min(r.vetoCap, grades.length - 1)]?.key,
          rewards: r.rewards.map((topRanks, i) => ({ key: `r${i}`, name: `奖励${i}`, topRanks })),
          talk: r.talk === undefined ? undefined : { monthsLast: r.talk },
        },
      };
      return input;
    });
}

function dataArb(shape: Shape): fc.Arbitrary<Data> {
  const valuesArb = fc
    .array(fc.constantFrom(...VALUES), { minLength: shape.nFields, maxLength: shape.nFields })
    .map((vs) => Object.fromEntries(vs.map((v, i) => [fieldKey(i), v])));
  const unitArb = fc.record({
    missRate: fc.constantFrom(0, 0, 0.15, 0.4),
    months: fc.array(fc.record({ roll: fc.double({ min: 0, max: 1, noNaN: true }), values: valuesArb }), { minLength: 12, maxLength: 12 }),
    cloneOf: fc.option(fc.nat(), { nil: undefined, freq: 3 }),
  });
  return fc.integer({ min: 3, max: 12 }).chain((nUnits) =>
    fc
      .record({
        units: fc.array(unitArb, { minLength: nUnits, maxLength: nUnits }),
        outside: fc.array(fc.tuple(fc.integer({ min: 0, max: nUnits - 1 }), fc.constantFrom("2021-12", "2023-01"), valuesArb), { maxLength: 3 }),
        adjustments: fc.array(
          fc.record({
            month: fc.integer({ min: 1, max: 12 }),
            unit: fc.integer({ min: 0, max: nUnits - 1 }),
            item: fc.nat(),
            count: fc.integer({ min: 1, max: 3 }),
          }),
          { maxLength: shape.adj.length === 0 ? 0 : 8 },
        ),
        // figures end before December (a provisional year); adjustments may still come later
        lastMonth: fc.option(fc.integer({ min: 1, max: 11 }), { nil: undefined, freq: 3 }),
      })
      .map(({ units, outside, adjustments, lastMonth }) => {
        const facts: FactRow[] = [];
        const rowsOf: Array<Array<{ month: number; values: Record<string, number> }>> = [];
        units.forEach((u, ui) => {
          let rows: Array<{ month: number; values: Record<string, number> }>;
          if (u.cloneOf !== undefined && ui > 0) rows = rowsOf[u.cloneOf % ui] as typeof rows;
          else rows = u.months.map((m, i) => ({ month: i + 1, values: m.values, keep: m.roll >= u.missRate })).filter((m) => m.keep);
          rowsOf.push(rows);
          for (const r of rows) {
            if (lastMonth !== undefined && r.month > lastMonth) continue;
            facts.push({ period: periodOf(YEAR, r.month), unit: UNIT_KEYS[ui] as string, values: { ...r.values } });
          }
        });
        const seen = new Set(facts.map((f) => f.period + f.unit));
        for (const [ui, period, values] of outside) {
          const unit = UNIT_KEYS[ui] as string;
          if (seen.has(period + unit)) continue;
          seen.add(period + unit);
          facts.push({ period, unit, values });
        }
        const adj: AdjustmentRow[] = adjustments.map((a) => ({
          period: periodOf(YEAR, a.month),
          unit: UNIT_KEYS[a.unit] as string,
          item: `A${a.item % Math.max(1, shape.adj.length)}`,
          count: a.count,
        }));
        return { facts, adjustments: adj };
      }),
  );
}

export interface Scenario {
  rulebooks: Rulebook[];
  data: Data;
  /** pass the rulebooks as one object (single version) instead of an array */
  single: boolean;
}

function makeScenarioArb(constructs: boolean): fc.Arbitrary<Scenario> {
  return shapeArb.chain((shape) =>
    fc
      .record({
        v1From: fc.constantFrom("2021-07", "2022-01"),
        v2Month: fc.option(fc.integer({ min: 2, max: 12 }), { nil: undefined, freq: 2 }),
        single: fc.boolean(),
        reversed: fc.boolean(),
        // the later version drops one adjustment item (a veto incurred under v1 must survive it)
        v2Drops: fc.option(fc.nat(), { nil: undefined, freq: 2 }),
      })
      .chain((meta) =>
        fc
          .record({
            v1: rulebookArb(shape, "v1", meta.v1From, constructs),
            v2: meta.v2Month === undefined ? fc.constant(undefined) : rulebookArb(shape, "v2", periodOf(YEAR, meta.v2Month), constructs),
            data: dataArb(shape),
          })
          .map(({ v1, v2, data }) => {
            const rulebooks = [parseRulebook(v1)];
            if (v2 !== undefined && meta.v2Drops !== undefined && v2.adjustments?.length) {
              const drop = v2.adjustments[meta.v2Drops % v2.adjustments.length]!.key;
              v2 = { ...v2, adjustments: v2.adjustments.filter((a) => a.key !== drop) };
            }
            if (v2 !== undefined) rulebooks.push(parseRulebook(v2));
            if (meta.reversed) rulebooks.reverse();
            return { rulebooks, data, single: meta.single && rulebooks.length === 1 };
          }),
      ),
  );
}

/** Plain rulebooks (rulebook.md §2–§7), as generated before §9. */
export const scenarioArb: fc.Arbitrary<Scenario> = makeScenarioArb(false);

/** Fractions of an indicator's points a committee gives (0.644 · 10 = 6.44) */
const MANUAL_FRACTIONS = [0, 0.25, 0.5, 0.644, 0.8, 0.95, 1];

/**
 * Manual scores for every manual indicator of the scenario's versions: some months without one,
 * some units without figures (outside the cohort), some outside the year, each ≤ the indicator's
 * points in every version that makes it manual.
 */
export function manualRowsArb(rulebooks: readonly Rulebook[]): fc.Arbitrary<ManualRow[]> {
  const points = new Map<string, number>();
  for (const rb of rulebooks)
    for (const sec of rb.sections)
      for (const ind of sec.indicators)
        if (ind.formula.type === "manual") points.set(ind.key, Math.min(points.get(ind.key) ?? Infinity, ind.points));
  if (points.size === 0) return fc.constant([]);
  const keys = [...points.keys()];
  return fc
    .array(
      fc.record({
        indicator: fc.constantFrom(...keys),
        period: fc.oneof({ arbitrary: fc.integer({ min: 1, max: 12 }).map((m) => periodOf(YEAR, m)), weight: 8 }, { arbitrary: fc.constantFrom("2021-12", "2023-01"), weight: 1 }),
        unit: fc.constantFrom(...UNIT_KEYS),
        fraction: fc.constantFrom(...MANUAL_FRACTIONS),
      }),
      { maxLength: 40 },
    )
    .map((rows) => {
      const seen = new Set<string>();
      const out: ManualRow[] = [];
      for (const r of rows) {
        const id = `${r.period}|${r.unit}|${r.indicator}`;
        if (seen.has(id)) continue; // one score per unit, indicator and month
        seen.add(id);
        const p = points.get(r.indicator) as number;
        out.push({ period: r.period, unit: r.unit, indicator: r.indicator, score: Math.min(p, Math.round(p * r.fraction * 100) / 100), reason: `评议 ${r.fraction}` });
      }
      return out;
    });
}

/**
 * Rulebooks with the §9 constructs in about two runs of three (each construct itself with moderate
 * probability), plain ones otherwise; manual scores for their manual indicators.
 */
export const constructScenarioArb: fc.Arbitrary<Scenario> = fc
  .oneof({ arbitrary: makeScenarioArb(true), weight: 2 }, { arbitrary: scenarioArb, weight: 1 })
  .chain((s) => manualRowsArb(s.rulebooks).map((manual) => ({ ...s, data: { ...s.data, manual } })));

export const windowArb = fc.constantFrom<WindowKind | undefined>(undefined, "month", "ytd", "quarter", "year");
export const monthArb = fc.integer({ min: 1, max: 12 });

/** The shipped rulebook (and a meanOfMonths variant of it) over realistic random figures. */
export const realisticArb: fc.Arbitrary<Scenario> = fc
  .record({
    basis: fc.constantFrom("ytd" as const, "meanOfMonths" as const),
    window: fc.constantFrom("ytd" as const, "month" as const),
    units: fc.array(
      fc.array(
        fc.record({
          present: fc.integer({ min: 0, max: 19 }),
          values: fc.array(fc.integer({ min: 0, max: 60 }), { minLength: DEFAULT_RULEBOOK.fields.length, maxLength: DEFAULT_RULEBOOK.fields.length }),
          cents: fc.integer({ min: 0, max: 99 }),
        }),
        { minLength: 12, maxLength: 12 },
      ),
      { minLength: 8, maxLength: 8 },
    ),
    adjustments: fc.array(
      fc.record({
        month: fc.integer({ min: 1, max: 12 }),
        unit: fc.integer({ min: 0, max: 7 }),
        item: fc.constantFrom(...DEFAULT_RULEBOOK.adjustments.map((a) => a.key)),
        count: fc.integer({ min: 1, max: 3 }),
      }),
      { maxLength: 10 },
    ),
  })
  .map(({ basis, window, units, adjustments }) => {
    const rb = { ...structuredClone(DEFAULT_RULEBOOK), window, annual: { ...structuredClone(DEFAULT_RULEBOOK.annual), basis } };
    const facts: FactRow[] = [];
    units.forEach((months, ui) =>
      months.forEach((m, mi) => {
        if (m.present === 0) return; // about one month in twenty missing
        const values: Record<string, number> = {};
        DEFAULT_RULEBOOK.fields.forEach((f, fi) => {
          let v = m.values[fi] as number;
          if (f.key.startsWith("enf_first_amount")) v = v * 1000 + m.cents / 100; // amounts with cents
          if (f.key.startsWith("judges") || f.key.startsWith("staff")) v = v % 5; // headcounts, sometimes 0
          values[f.key] = v;
        });
        facts.push({ period: periodOf(YEAR, mi + 1), unit: UNIT_KEYS[ui] as string, values });
      }),
    );
    const adj: AdjustmentRow[] = adjustments.map((a) => ({ period: periodOf(YEAR, a.month), unit: UNIT_KEYS[a.unit] as string, item: a.item, count: a.count }));
    return { rulebooks: [parseRulebook(rb)], data: { facts, adjustments: adj }, single: true };
  });

/**
 * The shipped rulebook turned into one of the 考核办法 of rulebook.md §9: two groups (and `other`),
 * a weighted 改发率 with a minimum base, an indicator for some groups only, a committee-scored
 * (manual) section, item caps and a penalty cap; over realistic figures with manual scores.
 */
export const realisticConstructsArb: fc.Arbitrary<Scenario> = fc
  .record({ s: realisticArb, aggregate: fc.constantFrom("last" as const, "mean" as const), penaltyCap: fc.constantFrom(0, 1.5, 3) })
  .chain(({ s, aggregate, penaltyCap }) => {
    const base = structuredClone(s.rulebooks[0] as Rulebook) as RulebookInput;
    const input: RulebookInput = {
      ...base,
      groups: [
        { key: "rural", name: "农村法庭", units: ["ua", "ub", "uc", "ud"] },
        { key: "city", name: "城区法庭", units: ["ue", "uf"] },
      ],
      penaltyCap,
      adjustments: (base.adjustments ?? []).map((a) => (a.key === "P1" ? { ...a, cap: 2 } : a.key === "B2" ? { ...a, cap: 2 } : a)),
      sections: [
        ...base.sections.map((sec) => ({
          ...sec,
          indicators: sec.indicators.map((ind) => {
            if (ind.key === "T5")
              return {
                ...ind,
                formula: { type: "ratio" as const, num: [{ field: "trial_reversed" }, { field: "trial_appealed", weight: 0.6 }], den: "trial_judged_first" },
                minBase: { field: "trial_judged_first", min: 20 },
              };
            if (ind.key === "T8") return { ...ind, groups: ["rural", "other"] };
            if (ind.key === "E7") return { ...ind, groups: ["city"] };
            return ind;
          }),
        })),
        {
          key: "review",
          name: "评议考核",
          indicators: [
            { key: "M1", name: "考评委员会评议", direction: "higher" as const, points: 10, formula: { type: "manual" as const, aggregate } },
            { key: "M2", name: "群众满意度", direction: "higher" as const, points: 5, formula: { type: "manual" as const }, method: { type: "manual" as const }, missing: "zero" as const, groups: ["rural"] },
          ],
        },
      ],
    };
    const rb = parseRulebook(input);
    return manualRowsArb([rb]).map((manual) => ({ rulebooks: [rb], data: { ...s.data, manual }, single: true }));
  });
