/**
 * Scoring one indicator for every unit of a period (rulebook.md §4–§5, §9): its values, the
 * method within each group, the `missing` policy, warnings and explanations.
 */
import { appliesTo, termsOf, type Field, type FieldRef, type Indicator, type ManualRow, type Period, type Rulebook } from "@scorecard/rules";
import type { DataIndex } from "./dataset";
import { explainColumn, operand, type Explanation, type NullReason, type Operand } from "./explain";
import { applyMethod, clampScore, methodParams, type Cohort, type MethodOutcome } from "./methods";
import { cents, round2, sameValue } from "./numbers";
import type { IndicatorResult, WarnLevel } from "./score-types";
import { bestFirst, extremes, sortScratch, withValues, type SortScratch } from "./sort";
import type { Detail } from "./units";

/** An aggregated figure, or undefined where the unit has none. */
function figure(agg: Float64Array, at: number): number | undefined {
  const v = agg[at]!;
  return Number.isNaN(v) ? undefined : v;
}

const NULL_REASONS: ReadonlyArray<NullReason | undefined> = [undefined, "noData", "zeroDenominator", "smallBase"];

/** The positions and weights of an operand's terms in the field order. */
function termSlots(ref: FieldRef, fieldPos: ReadonlyMap<string, number>): Array<{ j: number; w: number }> {
  return termsOf(ref).map((t) => ({ j: fieldPos.get(t.field)!, w: t.weight }));
}

/** Σ weight × aggregate over an operand's terms (rulebook.md §9), summed in the listed order; NaN when a term has no figure. */
function refValue(slots: ReadonlyArray<{ j: number; w: number }>, agg: Float64Array, base: number): number {
  if (slots.length === 1 && slots[0]!.w === 1) return agg[base + slots[0]!.j]!;
  let sum = 0;
  for (const { j, w } of slots) {
    const v = agg[base + j]!;
    if (v !== v) return NaN;
    sum += w * v;
  }
  return sum;
}

/** A unit's manual scores of one indicator over the window, in month order. */
function manualEntries(index: DataIndex, months: readonly Period[], indicator: string, unit: string): ManualRow[] {
  const out: ManualRow[] = [];
  for (const m of months) {
    const row = index.manual.get(m)?.get(indicator)?.get(unit);
    if (row) out.push(row);
  }
  return out;
}

/**
 * One indicator's value for every unit (rulebook.md §4, §9), into `values` and `reasons`: NaN
 * where null, with the reason's code (1 no data, 2 zero denominator, 3 样本不足; else 0). A manual
 * indicator's value is its latest manual score in the window, or their mean.
 */
function indicatorValues(
  ind: Indicator,
  agg: Float64Array,
  units: readonly string[],
  F: number,
  fieldPos: ReadonlyMap<string, number>,
  index: DataIndex,
  months: readonly Period[],
  values: Float64Array,
  reasons: Uint8Array,
): void {
  const n = units.length;
  reasons.fill(0);
  const f = ind.formula;
  if (f.type === "manual") {
    for (let i = 0; i < n; i++) {
      const entries = manualEntries(index, months, ind.key, units[i]!);
      if (!entries.length) {
        values[i] = NaN;
        reasons[i] = 1;
      } else if (f.aggregate === "last") values[i] = entries[entries.length - 1]!.score;
      else values[i] = entries.reduce((a, e) => a + e.score, 0) / entries.length;
    }
    return;
  }
  const a = termSlots(f.type === "field" ? f.field : f.num, fieldPos);
  const b = f.type === "field" ? null : termSlots(f.den, fieldPos);
  const baseAt = ind.minBase ? fieldPos.get(ind.minBase.field)! : -1;
  for (let i = 0; i < n; i++) {
    const base = i * F;
    if (baseAt >= 0) {
      const m = agg[base + baseAt]!;
      if (m === m && m < ind.minBase!.min) {
        values[i] = NaN;
        reasons[i] = 3;
        continue;
      }
    }
    const x = refValue(a, agg, base);
    const y = b ? refValue(b, agg, base) : 1;
    if (x !== x || y !== y) {
      values[i] = NaN;
      reasons[i] = 1;
    } else if (f.type === "field") values[i] = x;
    else if (y === 0) {
      values[i] = NaN;
      reasons[i] = 2;
    } else values[i] = f.type === "ratio" ? x / y : 1 - x / y;
  }
}

function worseThan(ind: Indicator, value: number, limit: number | undefined): boolean {
  return limit !== undefined && (ind.direction === "higher" ? value < limit : value > limit);
}

/** Red when the value is worse than `warn.red`, else yellow when worse than `warn.yellow`. */
function warnLevel(ind: Indicator, value: number | null): WarnLevel | null {
  if (value === null || !ind.warn) return null;
  if (worseThan(ind, value, ind.warn.red)) return "red";
  if (worseThan(ind, value, ind.warn.yellow)) return "yellow";
  return null;
}

/** What scoring one indicator of a period reads, and the scratch it works in (reused indicator after indicator). */
export interface IndicatorContext {
  rb: Rulebook;
  index: DataIndex;
  period: Period;
  months: Period[];
  units: string[];
  agg: Float64Array;
  F: number;
  fieldPos: ReadonlyMap<string, number>;
  fieldByKey: ReadonlyMap<string, Field>;
  groups: Array<{ key: string; name: string }>;
  members: Map<string, number[]>;
  detail: Detail;
  S: number;
  /** each unit's section scores in hundredths (unit × section), added to */
  sectionCents: Float64Array;
  // scratch, by unit
  values: Float64Array;
  reasons: Uint8Array;
  /** competition rank within the group, where the unit has a value */
  rank: Int32Array;
  scores: Float64Array;
  sort: SortScratch;
}

/** An indicator's scratch, by unit: values, reasons, ranks, scores and the sort's. */
type Scratch = Pick<IndicatorContext, "values" | "reasons" | "rank" | "scores" | "sort">;

const scratches = new WeakMap<DataIndex, Scratch>();

/**
 * The scratch of scorings of an index, for cohorts of up to `n` units (views of the same memory
 * for every scoring, which reads it only until it returns): a year of rankings allocates it once.
 */
export function scratchOf(index: DataIndex, n: number): Scratch {
  let s = scratches.get(index);
  if (!s || s.values.length < n) {
    s = { values: new Float64Array(n), reasons: new Uint8Array(n), rank: new Int32Array(n), scores: new Float64Array(n), sort: sortScratch(n) };
    scratches.set(index, s);
  }
  if (s.values.length === n) return s;
  const { sort } = s;
  return {
    values: s.values.subarray(0, n),
    reasons: s.reasons.subarray(0, n),
    rank: s.rank.subarray(0, n),
    scores: s.scores.subarray(0, n),
    sort: { units: sort.units.subarray(0, n), keys: sort.keys.subarray(0, n), units2: sort.units2.subarray(0, n), keys2: sort.keys2.subarray(0, n) },
  };
}

/**
 * Scores one indicator for every unit, group by group (rulebook.md §4–§5, §9), adds the scores to
 * the units' section, and returns each unit's result (explained when asked) unless only totals
 * are asked for.
 */
export function scoreIndicator(ctx: IndicatorContext, ind: Indicator, si: number): Array<IndicatorResult | undefined> | null {
  const { rb, agg, F, fieldPos, fieldByKey, index, months, units, S, sectionCents, values, reasons, rank, scores } = ctx;
  const n = units.length;
  const explain = ctx.detail === "explain";
  // to explain: each unit's outcome of the method (none where scored by `missing`)
  const outcomes: Array<MethodOutcome | undefined> | null = explain ? new Array(n) : null;
  const column: Array<IndicatorResult | undefined> | null = ctx.detail === "totals" ? null : new Array(n);
  indicatorValues(ind, agg, units, F, fieldPos, index, months, values, reasons);
  const params = methodParams(ind, ctx.period);
  const explained: Explanation[] = [];
  for (const g of ctx.groups) {
    if (!appliesTo(ind, g.key)) continue;
    const group = ctx.members.get(g.key)!;
    if (!group.length) continue;
    let withValue = 0;
    for (const i of group) if (values[i] === values[i]) withValue++;
    // the units with a value, best first, and their competition ranks within the group; a ranking
    // kept only for its totals needs them for the rank method, and for a mean of the others' scores
    // (summed in this order)
    const ordered = column !== null || ind.method.type === "rank" || (ind.missing === "mean" && withValue < group.length);
    const order = ordered ? bestFirst(group, values, ind.direction === "higher", ctx.sort) : withValues(group, values, ctx.sort.units);
    if (ordered)
      for (let k = 0; k < order.length; k++) {
        const i = order[k]!;
        rank[i] = k > 0 && sameValue(values[order[k - 1]!]!, values[i]!) ? rank[order[k - 1]!]! : k + 1;
      }
    const cohort: Cohort | null = !order.length ? null : ordered ? { n: order.length, best: values[order[0]!]!, worst: values[order[order.length - 1]!]! } : extremes(order, values, ind.direction === "higher");

    let sumScores = 0;
    let sumCents = 0; // the same sum in whole hundredths, for the explanation of `missing: "mean"`
    for (let k = 0; k < order.length; k++) {
      const i = order[k]!;
      const o = applyMethod(ind, params, values[i]!, cohort!, rank[i]!);
      if (outcomes) outcomes[i] = o;
      const sc = round2(clampScore(o.raw, ind.points));
      scores[i] = sc;
      sumScores += sc;
      sumCents += cents(sc);
    }
    let missingScore: number;
    if (ind.missing === "full") missingScore = ind.points;
    else if (ind.missing === "zero") missingScore = 0;
    else missingScore = order.length ? round2(sumScores / order.length) : ind.points;

    for (const i of group) {
      const isNull = values[i] !== values[i];
      const score = isNull ? missingScore : scores[i]!;
      sectionCents[i * S + si]! += cents(score);
      if (!column) continue;
      const value = isNull ? null : values[i]!;
      const r = isNull ? null : rank[i]!;
      const result: IndicatorResult = { value, score, rank: r, warn: warnLevel(ind, value) };
      if (explain) {
        const reason = NULL_REASONS[reasons[i]!];
        const o = outcomes![i];
        const e: Explanation = {
          formula: explainFormula(ind, fieldByKey, agg, i * F, fieldPos, index, months, units[i]!),
          value,
          method: ind.method.type,
          params,
          cohort: { n: order.length, best: cohort?.best ?? null, worst: cohort?.worst ?? null },
          rank: r,
          raw: o ? o.raw : null,
          branch: o ? o.branch : "missing",
          points: ind.points,
          score,
          text: "",
        };
        if (rb.groups.length) e.group = g.name;
        if (rb.ranking === "internal") e.internalRanking = true;
        if (reason) e.nullReason = reason;
        if (reason === "smallBase") {
          const mb = ind.minBase!;
          e.minBase = { base: operand(fieldByKey.get(mb.field), mb.field, figure(agg, i * F + fieldPos.get(mb.field)!)), min: mb.min };
        }
        if (!o) {
          e.missing = ind.missing;
          if (ind.missing === "mean") e.meanOf = { sum: sumCents / 100, n: order.length };
        }
        explained.push(e);
        result.explanation = e;
      }
      column[i] = result;
    }
  }
  if (explain) explainColumn(ind, explained);
  return column;
}

/** The formula of one unit's explanation: operands with their aggregated figures and terms, or its manual scores. */
function explainFormula(
  ind: Indicator,
  fieldByKey: ReadonlyMap<string, Field>,
  agg: Float64Array,
  base: number,
  fieldPos: ReadonlyMap<string, number>,
  index: DataIndex,
  months: readonly Period[],
  unit: string,
): Explanation["formula"] {
  const f = ind.formula;
  if (f.type === "manual")
    return { type: "manual", aggregate: f.aggregate, entries: manualEntries(index, months, ind.key, unit).map((m) => ({ period: m.period, score: m.score, reason: m.reason })) };
  const at = (ref: FieldRef): Operand => {
    if (typeof ref === "string") return operand(fieldByKey.get(ref), ref, figure(agg, base + fieldPos.get(ref)!));
    const terms = ref.map((t) => ({ ...operand(fieldByKey.get(t.field), t.field, figure(agg, base + fieldPos.get(t.field)!)), weight: t.weight }));
    const value = refValue(termSlots(ref, fieldPos), agg, base);
    return { key: ref.map((t) => t.field).join("+"), label: terms.map((t) => (t.weight === 1 ? t.label : `${t.weight}×${t.label}`)).join(" + "), value: Number.isNaN(value) ? null : value, terms };
  };
  return f.type === "field" ? { type: "field", field: at(f.field) } : { type: f.type, num: at(f.num), den: at(f.den) };
}
