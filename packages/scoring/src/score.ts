import {
  appliesTo,
  groupList,
  termsOf,
  windowMonths,
  type AdjustmentRow,
  type FieldRef,
  type ManualRow,
  type AdjustmentKind,
  type Field,
  type Indicator,
  type Period,
  type Rulebook,
  type WindowKind,
} from "@scorecard/rules";
import { indexData, type DataIndex, type DataSet } from "./dataset";
import { windowAggregates } from "./windows";
import { explainColumn, operand, type Explanation, type NullReason, type Operand } from "./explain";
import { applyMethod, clampScore, methodParams, type Cohort, type MethodOutcome } from "./methods";
import { cents, clean, competitionRanks, round2, sameValue } from "./numbers";
import { inForce } from "./in-force";
import { orderVersions } from "./versions";

export type WarnLevel = "red" | "yellow";

export interface IndicatorResult {
  /** unrounded value, or null (zero denominator, no data) */
  value: number | null;
  /** rounded to 2 decimals */
  score: number;
  /** competition rank of the value among the cohort; null for a null value */
  rank: number | null;
  /** warning level by the indicator's `warn` thresholds */
  warn: WarnLevel | null;
  /** present unless the run was made with `explain: false` */
  explanation?: Explanation;
}

/** One adjustment event counted in a unit's bonus, penalty or veto. */
export interface AppliedAdjustment {
  period: Period;
  item: string;
  name: string;
  kind: AdjustmentKind;
  count: number;
  /** points each (none for a veto) */
  points: number | null;
  note?: string;
}

/** A bonus or penalty item whose own `cap` cut what it gives or takes in the window. */
export interface ItemCap {
  item: string;
  name: string;
  kind: "bonus" | "penalty";
  /** Σ count × points of the item in the window */
  sum: number;
  cap: number;
}

export interface UnitResult {
  unit: string;
  /** the unit's group (rulebook.md §9); `other` when the rulebook has no groups */
  group: string;
  /** rank within the group */
  rank: number;
  total: number;
  sections: Record<string, number>;
  /** after the cap */
  bonus: number;
  /** Σ count × points of the bonus items, before any cap */
  bonusUncapped: number;
  /** after the items' caps and `penaltyCap` */
  penalty: number;
  /** Σ count × points of the penalty items, before any cap */
  penaltyUncapped: number;
  /** items whose own cap cut them */
  itemCaps: ItemCap[];
  veto: boolean;
  indicators: Record<string, IndicatorResult>;
  adjustments: AppliedAdjustment[];
}

export interface PeriodResult {
  rulebook: { id: string; version: string };
  period: Period;
  window: { kind: WindowKind; from: Period; to: Period };
  /** `internal`: ranks are for admin, hr and stats only (rulebook.md §9); the engine computes them all the same */
  ranking: "published" | "internal";
  /** the groups that have units in this ranking, in the rulebook's order (`other` last) */
  groups: Array<{ key: string; name: string }>;
  /** ordered by group, then rank, then unit key */
  units: UnitResult[];
  /** adjustments in the window whose item the version in force does not have: not counted */
  ignoredAdjustments: AdjustmentRow[];
}

export interface ScoreOptions {
  /** one rulebook, or the versions of one family (chosen per period, rulebook.md §7a) */
  rulebooks: Rulebook | readonly Rulebook[];
  data: DataSet | DataIndex;
  period: Period;
  /** defaults to the rulebook's own `window` */
  window?: WindowKind;
  /** build explanations (default true); rankings used only for their ranks can skip them */
  explain?: boolean;
}

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

/** Scratch for ordering the units of a group: two sets of units and keys, as long as the cohort. */
interface SortScratch {
  units: Int32Array;
  keys: Float64Array;
  units2: Int32Array;
  keys2: Float64Array;
}

function sortScratch(n: number): SortScratch {
  return { units: new Int32Array(n), keys: new Float64Array(n), units2: new Int32Array(n), keys2: new Float64Array(n) };
}

/**
 * The units of `group` (ascending) that have a value, best first; equal values in the order of
 * `group`: the order of a stable sort by value, made by a merge sort of the values themselves
 * (several times faster than sorting the units with a comparison function). The result lies in
 * the scratch, valid until its next use.
 */
function bestFirst(group: readonly number[], values: Float64Array, higher: boolean, scratch: SortScratch): Int32Array {
  const unit = scratch.units;
  const key = scratch.keys;
  let m = 0;
  // best first is ascending keys: a higher-is-better value is sorted by its negative
  for (const i of group)
    if (values[i] === values[i]) {
      unit[m] = i;
      key[m++] = higher ? -values[i]! : values[i]!;
    }
  return stableSortBy(m, scratch);
}

/**
 * The first `m` units of the scratch ordered by ascending keys (unit k has key k), equal keys
 * (0 and −0 among them) in their given order. A bottom-up merge sort: runs of 16 by insertion,
 * then merged pairwise.
 */
function stableSortBy(m: number, scratch: SortScratch): Int32Array {
  let a: Int32Array = scratch.units;
  let ka: Float64Array = scratch.keys;
  let b: Int32Array = scratch.units2;
  let kb: Float64Array = scratch.keys2;
  const RUN = 16;
  for (let lo = 0; lo < m; lo += RUN) {
    const hi = Math.min(lo + RUN, m);
    for (let i = lo + 1; i < hi; i++) {
      const it = a[i]!;
      const kk = ka[i]!;
      let j = i - 1;
      while (j >= lo && kk < ka[j]!) {
        a[j + 1] = a[j]!;
        ka[j + 1] = ka[j]!;
        j--;
      }
      a[j + 1] = it;
      ka[j + 1] = kk;
    }
  }
  for (let width = RUN; width < m; width *= 2) {
    for (let lo = 0; lo < m; lo += 2 * width) {
      const mid = Math.min(lo + width, m);
      const hi = Math.min(lo + 2 * width, m);
      let i = lo;
      let j = mid;
      let o = lo;
      // the right run's item goes first only when strictly smaller: equal keys keep their order
      while (i < mid && j < hi) {
        if (ka[j]! < ka[i]!) {
          b[o] = a[j]!;
          kb[o++] = ka[j++]!;
        } else {
          b[o] = a[i]!;
          kb[o++] = ka[i++]!;
        }
      }
      while (i < mid) {
        b[o] = a[i]!;
        kb[o++] = ka[i++]!;
      }
      while (j < hi) {
        b[o] = a[j]!;
        kb[o++] = ka[j++]!;
      }
    }
    [a, b] = [b, a];
    [ka, kb] = [kb, ka];
  }
  return a.subarray(0, m);
}

/**
 * Competition ranks of the units by total, then the tieBreak sections (rulebook.md §6.5), compared
 * in hundredths; returns the units in rank order (then by key) with their ranks.
 */
export function rankByTotals<T extends { unit: string; total: number; sections: Record<string, number> }>(
  units: readonly T[],
  tieBreak: readonly string[],
): Array<{ item: T; rank: number }> {
  // each unit's keys in hundredths, unit after unit: the total, then each tieBreak section
  const K = 1 + tieBreak.length;
  const keys = new Float64Array(units.length * K);
  units.forEach((u, i) => {
    keys[i * K] = cents(u.total);
    for (let t = 0; t < tieBreak.length; t++) keys[i * K + 1 + t] = cents(u.sections[tieBreak[t]!] ?? 0);
  });
  const { order, ranks } = rankOrder(units.length, K, keys, (i) => units[i]!.unit);
  return order.map((i, k) => ({ item: units[i]!, rank: ranks[k]! }));
}

/**
 * Items 0…count−1 in rank order by their keys (`K` per item, item after item; greater first,
 * compared key by key), then by name; with their competition ranks (equal keys share a rank).
 */
function rankOrder(count: number, K: number, keys: Float64Array, name: (i: number) => string): { order: number[]; ranks: number[] } {
  const cmp = (a: number, b: number) => {
    for (let t = 0; t < K; t++) if (keys[a * K + t] !== keys[b * K + t]) return keys[b * K + t]! - keys[a * K + t]!;
    return 0;
  };
  const order = Array.from({ length: count }, (_, i) => i);
  order.sort((a, b) => {
    const c = cmp(a, b);
    if (c) return c;
    const x = name(a);
    const y = name(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  return { order, ranks: competitionRanks(order, (a, b) => cmp(a, b) === 0) };
}

/**
 * The ranks of a scored period (rulebook.md §6.5, §9): within each group, by total, then the
 * tieBreak sections, in hundredths, exactly as `rankByTotals` ranks the units' results. Returns
 * each unit's rank and the units in ranking order (group, then rank, then unit key).
 */
function rankScored(s: ScoredUnits, rb: Rulebook): { rank: Int32Array; order: number[] } {
  const S = rb.sections.length;
  const K = 1 + rb.tieBreak.length;
  // a tieBreak key that names no section counts as 0, as in rankByTotals
  const at = rb.tieBreak.map((key) => rb.sections.findIndex((x) => x.key === key));
  const rank = new Int32Array(s.units.length);
  const order: number[] = [];
  for (const g of s.groups) {
    const members = s.members.get(g.key)!;
    const keys = new Float64Array(members.length * K);
    members.forEach((i, m) => {
      keys[m * K] = cents(s.total[i]!);
      for (let t = 0; t < at.length; t++) keys[m * K + 1 + t] = at[t]! < 0 ? 0 : cents(s.sectionCents[i * S + at[t]!]! / 100);
    });
    const r = rankOrder(members.length, K, keys, (m) => s.units[members[m]!]!);
    r.order.forEach((m, k) => {
      rank[members[m]!] = r.ranks[k]!;
      order.push(members[m]!);
    });
  }
  return { rank, order };
}

/**
 * Scores one period: every unit with facts in the window, every indicator, section totals,
 * bonus, penalty, veto, total and rank, exactly as rulebook.md §3–§6 say.
 */
export function scorePeriod(opts: ScoreOptions): PeriodResult {
  const versions = orderVersions(opts.rulebooks);
  const rb = inForce(versions, opts.period);
  return scoreWith(rb, indexData(opts.data), opts.period, opts.window ?? rb.window, opts.explain ?? true);
}

/** Scores a period under a given version (already chosen). */
export function scoreWith(rb: Rulebook, index: DataIndex, period: Period, kind: WindowKind, explain: boolean): PeriodResult {
  const s = scoreUnits(rb, index, period, kind, explain ? "explain" : "results");
  const { units, unitGroup, groups, members } = s;
  const S = rb.sections.length;

  // every unit's record copies its group's template, so all of a group share one fast shape
  const templates = new Map(
    groups.map((g) => [
      g.key,
      Object.fromEntries(indicatorsApplying(rb, g.key).map((k) => [k, null])) as unknown as Record<string, IndicatorResult>,
    ]),
  );
  const indicatorKeys = s.columns.map((c) => c.key);
  const recordOf = (i: number) => {
    const rec = { ...templates.get(unitGroup[i]!)! };
    for (let j = 0; j < indicatorKeys.length; j++) {
      const r = s.columns[j]!.results![i];
      if (r) rec[indicatorKeys[j]!] = r;
    }
    return rec;
  };
  const unscored: UnitResult[] = units.map((u, i) => {
    const adj = s.applied[i] ?? [];
    const { bonusUncapped, bonus, penaltyUncapped, penalty, itemCaps } = s.sums(i);
    const sections: Record<string, number> = {};
    rb.sections.forEach((sec, si) => (sections[sec.key] = s.sectionCents[i * S + si]! / 100));
    return {
      unit: u,
      group: unitGroup[i]!,
      rank: 0, // set below
      total: s.total[i]!,
      sections,
      bonus,
      bonusUncapped,
      penalty,
      penaltyUncapped,
      itemCaps,
      veto: adj.some((a) => a.kind === "veto"),
      indicators: recordOf(i),
      adjustments: explain ? adj : [],
    };
  });

  const { rank, order } = rankScored(s, rb);
  const ranked = order.map((i) => {
    const u = unscored[i]!;
    u.rank = rank[i]!;
    return u;
  });
  return {
    rulebook: { id: rb.id, version: rb.version },
    period,
    window: { kind, from: s.months[0]!, to: s.months[s.months.length - 1]! },
    ranking: rb.ranking,
    groups: groups.filter((g) => members.get(g.key)!.length > 0),
    units: ranked,
    ignoredAdjustments: s.ignored,
  };
}

/** What the annual evaluation needs of one unit in a ranking. */
export type Standing = Pick<UnitResult, "unit" | "group" | "rank" | "total" | "sections">;

/**
 * A ranking with only what the annual evaluation takes from it (each unit's group, rank, total
 * and sections); a `PeriodResult` is one too.
 */
export interface Standings {
  rulebook: { id: string; version: string };
  period: Period;
  window: { kind: WindowKind; from: Period; to: Period };
  /** ordered by group, then rank, then unit key */
  units: readonly Standing[];
}

/** The standings of a ranking: what the annual evaluation keeps of it, so that the ranking itself can go. */
export function standingsOf(result: Standings): Standings {
  return {
    rulebook: result.rulebook,
    period: result.period,
    window: result.window,
    units: result.units.map((u) => ({ unit: u.unit, group: u.group, rank: u.rank, total: u.total, sections: u.sections })),
  };
}

/**
 * A period's standings under a given version, exactly those of `scoreWith`, without building
 * any indicator's result: what the annual evaluation and the rankings it reads need.
 */
export function standingsWith(rb: Rulebook, index: DataIndex, period: Period, kind: WindowKind): Standings {
  const s = scoreUnits(rb, index, period, kind, "totals");
  const S = rb.sections.length;
  const { rank, order } = rankScored(s, rb);
  const units: Standing[] = order.map((i) => {
    const sections: Record<string, number> = {};
    rb.sections.forEach((sec, si) => (sections[sec.key] = s.sectionCents[i * S + si]! / 100));
    return { unit: s.units[i]!, group: s.unitGroup[i]!, rank: rank[i]!, total: s.total[i]!, sections };
  });
  return { rulebook: { id: rb.id, version: rb.version }, period, window: { kind, from: s.months[0]!, to: s.months[s.months.length - 1]! }, units };
}

/**
 * Each unit's group and rank in a period under a given version, exactly those of `scoreWith`,
 * held in arrays (no object per unit): what the annual evaluation keeps of a month's ranking
 * when it takes its totals from the year window. Units in key order.
 */
export function ranksWith(rb: Rulebook, index: DataIndex, period: Period, kind: WindowKind): { units: readonly string[]; group: readonly string[]; rank: Int32Array } {
  const s = scoreUnits(rb, index, period, kind, "totals");
  return { units: s.units, group: s.unitGroup, rank: rankScored(s, rb).rank };
}

/** How much of each indicator's result a scoring builds. */
type Detail = "explain" | "results" | "totals";

/** One indicator's scores of every unit of a period, by unit (as `scoreUnits` keeps them). */
interface Column {
  key: string;
  /** each unit's result; undefined where the indicator does not apply (only built for `explain` and `results`) */
  results: Array<IndicatorResult | undefined> | null;
}

/** A period scored unit by unit: everything the ranking and the standings are made of. */
interface ScoredUnits {
  months: Period[];
  /** every unit with facts in at least one month of the window, in key order */
  units: string[];
  unitGroup: string[];
  groups: Array<{ key: string; name: string }>;
  members: Map<string, number[]>;
  columns: Column[];
  /** each unit's section scores in hundredths (unit × section) */
  sectionCents: Float64Array;
  /** each unit's counted adjustments (undefined: none) */
  applied: Array<AppliedAdjustment[] | undefined>;
  /** each unit's bonus and penalty */
  sums: (i: number) => ReturnType<typeof adjustmentSums>;
  total: Float64Array;
  ignored: AdjustmentRow[];
}

/** What scoring one indicator of a period reads, and the scratch it works in (reused indicator after indicator). */
interface IndicatorContext {
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
function scratchOf(index: DataIndex, n: number): Scratch {
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
function scoreIndicator(ctx: IndicatorContext, ind: Indicator, si: number): Array<IndicatorResult | undefined> | null {
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

/** The units of `group` that have a value, in the order of `group` (into `out`, as long as the cohort). */
function withValues(group: readonly number[], values: Float64Array, out: Int32Array): Int32Array {
  let k = 0;
  for (const i of group) if (values[i] === values[i]) out[k++] = i;
  return out.subarray(0, k);
}

/**
 * The cohort of units with a value, as sorting them best first would give it: the best value
 * met first and the worst met last (equal values, 0 and −0 among them, in the units' order).
 */
function extremes(units: Int32Array, values: Float64Array, higher: boolean): Cohort {
  let best = values[units[0]!]!;
  let worst = best;
  for (let k = 1; k < units.length; k++) {
    const x = values[units[k]!]!;
    if (higher ? x > best : x < best) best = x;
    if (higher ? x <= worst : x >= worst) worst = x;
  }
  return { n: units.length, best, worst };
}

/**
 * Scores every unit of a period, exactly as rulebook.md §3–§6 say: every unit with facts in the
 * window, every indicator, section totals, bonus, penalty and total (not yet ranked). Indicator
 * results are built only when asked for: a ranking used for its totals and ranks (the annual
 * evaluation's) needs none of them.
 */
function scoreUnits(rb: Rulebook, index: DataIndex, period: Period, kind: WindowKind, detail: Detail): ScoredUnits {
  const months = windowMonths(period, kind);
  // the cohort: every unit with facts in at least one month of the window, in key order
  const { units, agg } = windowAggregates(index, rb.fields, months);
  const n = units.length;
  const F = rb.fields.length;
  const fieldPos = new Map(rb.fields.map((f, j) => [f.key, j]));
  const fieldByKey = new Map(rb.fields.map((f) => [f.key, f]));

  // 分类考核 (rulebook.md §9): everything taken over "the cohort" is taken within the unit's group
  const groups = groupList(rb);
  const groupOfUnit = unitGroups(rb);
  const unitGroup = units.map(groupOfUnit);
  const members = new Map<string, number[]>(groups.map((g) => [g.key, []]));
  unitGroup.forEach((g, i) => members.get(g)!.push(i));

  // results by indicator, then unit; each unit's record is built in one go at the end (an object
  // grown key by key past a dozen keys turns into a slow, eight-times-larger dictionary in V8)
  const S = rb.sections.length;
  const ctx: IndicatorContext = {
    rb,
    index,
    period,
    months,
    units,
    agg,
    F,
    fieldPos,
    fieldByKey,
    groups,
    members,
    detail,
    S,
    sectionCents: new Float64Array(n * S),
    ...scratchOf(index, n),
  };
  const columns: Column[] = [];
  rb.sections.forEach((section, si) => {
    for (const ind of section.indicators) columns.push({ key: ind.key, results: scoreIndicator(ctx, ind, si) });
  });
  const sectionCents = ctx.sectionCents;

  // adjustments in the window
  const items = new Map(rb.adjustments.map((a) => [a.key, a]));
  const applied: Array<AppliedAdjustment[] | undefined> = new Array(n);
  // an item the version in force does not have (dropped by a later version) does not count; it is reported
  const ignored: AdjustmentRow[] = [];
  let pos: Map<string, number> | undefined; // each unit's place, made when a month has adjustments
  for (const m of months) {
    for (const row of index.adjustments.get(m) ?? []) {
      const at = (pos ??= new Map(units.map((u, i) => [u, i]))).get(row.unit);
      if (at === undefined) continue; // not in the cohort: no facts in the window
      const item = items.get(row.item);
      if (!item) {
        ignored.push(row);
        continue;
      }
      const a: AppliedAdjustment = { period: row.period, item: item.key, name: item.name, kind: item.kind, count: row.count, points: item.points ?? null };
      if (row.note) a.note = row.note;
      (applied[at] ??= []).push(a);
    }
  }
  // a unit without adjustments has the sums of none (computed once)
  const none = adjustmentSums(rb, []);
  const sums = (i: number) => {
    const adj = applied[i];
    return adj ? adjustmentSums(rb, adj) : { ...none, itemCaps: [] };
  };
  const total = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let totalCents = 0;
    for (let si = 0; si < S; si++) totalCents += sectionCents[i * S + si]!;
    const adj = applied[i];
    const { bonus, penalty } = adj ? adjustmentSums(rb, adj) : none;
    total[i] = round2(totalCents / 100 + bonus - penalty);
  }
  return { months, units, unitGroup, groups, members, columns, sectionCents, applied, sums, total, ignored };
}

/**
 * `groupOf` of the rulebook for many units: each group's list is read once into a map (the first
 * group that lists a unit has it; `other` when none does).
 */
export function unitGroups(rb: Pick<Rulebook, "groups">): (unit: string) => string {
  const byUnit = new Map<string, string>();
  for (const g of rb.groups) for (const u of g.units) if (!byUnit.has(u)) byUnit.set(u, g.key);
  const other = groupList(rb).at(-1)!.key;
  return (unit) => byUnit.get(unit) ?? other;
}

/** The keys of the indicators that apply to units of a group, in rulebook order. */
export function indicatorsApplying(rb: Rulebook, group: string): string[] {
  return rb.sections.flatMap((s) => s.indicators.filter((i) => appliesTo(i, group)).map((i) => i.key));
}

/**
 * Bonus and penalty of a unit's counted adjustments (rulebook.md §6.3, §9): each item's
 * Σ count × points cut to its `cap`, then the sums cut to `bonusCap` and `penaltyCap`. Not rounded
 * on their own (§6.4 rounds the total only); `clean` drops binary noise such as 0.6000000000000001.
 */
export function adjustmentSums(
  rb: Pick<Rulebook, "adjustments" | "bonusCap" | "penaltyCap">,
  adj: readonly Pick<AppliedAdjustment, "item" | "kind" | "count" | "points">[],
): { bonusUncapped: number; bonus: number; penaltyUncapped: number; penalty: number; itemCaps: ItemCap[] } {
  const perItem = new Map<string, number>();
  for (const a of adj) if (a.kind !== "veto") perItem.set(a.item, (perItem.get(a.item) ?? 0) + a.count * (a.points ?? 0));
  let bonusRaw = 0;
  let penaltyRaw = 0;
  let bonusSum = 0;
  let penaltySum = 0;
  const itemCaps: ItemCap[] = [];
  for (const item of rb.adjustments) {
    const raw = perItem.get(item.key);
    if (raw === undefined || item.kind === "veto") continue;
    const sum = clean(raw);
    const counted = item.cap !== undefined ? Math.min(item.cap, sum) : sum;
    if (item.cap !== undefined && sum > item.cap) itemCaps.push({ item: item.key, name: item.name, kind: item.kind, sum, cap: item.cap });
    if (item.kind === "bonus") {
      bonusRaw += raw;
      bonusSum += counted;
    } else {
      penaltyRaw += raw;
      penaltySum += counted;
    }
  }
  return {
    bonusUncapped: clean(bonusRaw),
    bonus: Math.min(rb.bonusCap, clean(bonusSum)),
    penaltyUncapped: clean(penaltyRaw),
    penalty: rb.penaltyCap !== undefined ? Math.min(rb.penaltyCap, clean(penaltySum)) : clean(penaltySum),
    itemCaps,
  };
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
