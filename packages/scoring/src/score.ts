import {
  windowMonths,
  type AdjustmentRow,
  type AdjustmentKind,
  type Field,
  type Indicator,
  type Period,
  type Rulebook,
  type WindowKind,
} from "@scorecard/rules";
import { indexData, monthVectors, type DataIndex, type DataSet } from "./dataset";
import { explainColumn, operand, type Explanation, type NullReason } from "./explain";
import { applyMethod, clampScore, methodParams, type Cohort, type MethodOutcome } from "./methods";
import { cents, clean, competitionRanks, round2, sameValue } from "./numbers";
import { orderVersions, versionAt } from "./versions";

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

export interface UnitResult {
  unit: string;
  rank: number;
  total: number;
  sections: Record<string, number>;
  /** after the cap */
  bonus: number;
  /** before the cap, when the cap cut it */
  bonusUncapped: number;
  penalty: number;
  veto: boolean;
  indicators: Record<string, IndicatorResult>;
  adjustments: AppliedAdjustment[];
}

export interface PeriodResult {
  rulebook: { id: string; version: string };
  period: Period;
  window: { kind: WindowKind; from: Period; to: Period };
  /** ordered by rank, then unit key */
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

/**
 * Aggregates every field of every unit over the window (rulebook.md §3), using only the months in
 * which the unit has a figure: `sum`, `mean`, or the latest month's value for `last`. Months are
 * walked in order, so a sum is always taken in the same order. NaN marks "no figure at all".
 */
function aggregateAll(fields: readonly Field[], monthRows: ReadonlyArray<ReadonlyMap<string, Float64Array> | undefined>, pos: ReadonlyMap<string, number>): Float64Array {
  const F = fields.length;
  const n = pos.size;
  const total = new Float64Array(n * F);
  const count = new Uint16Array(n * F);
  const last = new Float64Array(n * F);
  for (const rows of monthRows) {
    if (!rows) continue;
    for (const [unit, vec] of rows) {
      const base = pos.get(unit)! * F;
      for (let j = 0; j < F; j++) {
        const v = vec[j]!;
        if (v !== v) continue; // NaN: no figure this month
        total[base + j]! += v;
        count[base + j]!++;
        last[base + j] = v;
      }
    }
  }
  const how = fields.map((f) => (f.aggregate === "sum" ? 0 : f.aggregate === "mean" ? 1 : 2));
  const out = total; // reused in place
  for (let k = 0; k < n * F; k++) {
    const c = count[k]!;
    const h = how[k % F]!;
    out[k] = c === 0 ? NaN : h === 0 ? total[k]! : h === 1 ? total[k]! / c : last[k]!;
  }
  return out;
}

/** An aggregated figure, or undefined where the unit has none. */
function figure(agg: Float64Array, at: number): number | undefined {
  const v = agg[at]!;
  return Number.isNaN(v) ? undefined : v;
}

const NULL_REASONS: ReadonlyArray<NullReason | undefined> = [undefined, "noData", "zeroDenominator"];

/** One indicator's value for every unit (rulebook.md §4): NaN where null, with the reason's code. */
function indicatorValues(ind: Indicator, agg: Float64Array, n: number, F: number, fieldPos: ReadonlyMap<string, number>): { values: Float64Array; reasons: Uint8Array } {
  const values = new Float64Array(n);
  const reasons = new Uint8Array(n);
  const f = ind.formula;
  const ja = fieldPos.get(f.type === "field" ? f.field : f.num)!;
  const jb = f.type === "field" ? -1 : fieldPos.get(f.den)!;
  for (let i = 0; i < n; i++) {
    const a = agg[i * F + ja]!;
    const b = jb < 0 ? 1 : agg[i * F + jb]!;
    if (a !== a || b !== b) {
      values[i] = NaN;
      reasons[i] = 1;
    } else if (f.type === "field") values[i] = a;
    else if (b === 0) {
      values[i] = NaN;
      reasons[i] = 2;
    } else values[i] = f.type === "ratio" ? a / b : 1 - a / b;
  }
  return { values, reasons };
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

/**
 * Competition ranks of the units by total, then the tieBreak sections (rulebook.md §6.5), compared
 * in hundredths; returns the units in rank order (then by key) with their ranks.
 */
export function rankByTotals<T extends { unit: string; total: number; sections: Record<string, number> }>(
  units: readonly T[],
  tieBreak: readonly string[],
): Array<{ item: T; rank: number }> {
  const keyOf = (u: T) => [cents(u.total), ...tieBreak.map((s) => cents(u.sections[s] ?? 0))];
  const keyed = units.map((u) => ({ u, k: keyOf(u) }));
  const cmp = (a: number[], b: number[]) => {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (b[i] as number) - (a[i] as number);
    return 0;
  };
  keyed.sort((a, b) => cmp(a.k, b.k) || (a.u.unit < b.u.unit ? -1 : a.u.unit > b.u.unit ? 1 : 0));
  const ranks = competitionRanks(keyed, (a, b) => cmp(a.k, b.k) === 0);
  return keyed.map((x, i) => ({ item: x.u, rank: ranks[i] as number }));
}

/**
 * Scores one period: every unit with facts in the window, every indicator, section totals,
 * bonus, penalty, veto, total and rank, exactly as rulebook.md §3–§6 say.
 */
export function scorePeriod(opts: ScoreOptions): PeriodResult {
  const versions = orderVersions(opts.rulebooks);
  const rb = versionAt(versions, opts.period);
  return scoreWith(rb, indexData(opts.data), opts.period, opts.window ?? rb.window, opts.explain ?? true);
}

/** Scores a period under a given version (already chosen). */
export function scoreWith(rb: Rulebook, index: DataIndex, period: Period, kind: WindowKind, explain: boolean): PeriodResult {
  const months = windowMonths(period, kind);
  const fieldKeys = rb.fields.map((f) => f.key);
  const monthRows = months.map((m) => monthVectors(index, fieldKeys, m));

  // the cohort: every unit with facts in at least one month of the window, in key order
  const unitSet = new Set<string>();
  for (const rows of monthRows) if (rows) for (const u of rows.keys()) unitSet.add(u);
  const units = [...unitSet].sort();
  const n = units.length;
  const pos = new Map(units.map((u, i) => [u, i]));
  const F = rb.fields.length;
  const agg = aggregateAll(rb.fields, monthRows, pos);
  const fieldPos = new Map(rb.fields.map((f, j) => [f.key, j]));
  const fieldByKey = new Map(rb.fields.map((f) => [f.key, f]));

  // results by indicator, then unit; each unit's record is built in one go at the end (an object
  // grown key by key past a dozen keys turns into a slow, eight-times-larger dictionary in V8)
  const indicatorKeys: string[] = [];
  const byIndicator: IndicatorResult[][] = [];
  const S = rb.sections.length;
  const sectionCents = new Float64Array(n * S);

  rb.sections.forEach((section, si) => {
    for (const ind of section.indicators) {
      const column: IndicatorResult[] = new Array(n);
      indicatorKeys.push(ind.key);
      byIndicator.push(column);
      const { values, reasons } = indicatorValues(ind, agg, n, F, fieldPos);
      // competition ranks of the values, best first
      const order: number[] = [];
      for (let i = 0; i < n; i++) if (!Number.isNaN(values[i]!)) order.push(i);
      const v = (i: number) => values[i]!;
      order.sort(ind.direction === "higher" ? (a, b) => values[b]! - values[a]! : (a, b) => values[a]! - values[b]!);
      const orderRanks = competitionRanks(order, (a, b) => sameValue(values[a]!, values[b]!));
      const rank = new Int32Array(n); // 0: no value
      order.forEach((i, k) => (rank[i] = orderRanks[k]!));
      const params = methodParams(ind, period);
      const cohort: Cohort | null = order.length ? { n: order.length, best: v(order[0]!), worst: v(order[order.length - 1]!) } : null;

      const scores = new Float64Array(n);
      // kept only to explain: a ranking without explanations lets each outcome go at once
      const outcomes: Array<MethodOutcome | undefined> | null = explain ? new Array(n) : null;
      let sumScores = 0;
      let sumCents = 0; // the same sum in whole hundredths, for the explanation of `missing: "mean"`
      for (const i of order) {
        const o = applyMethod(ind, params, v(i), cohort!, rank[i]!);
        if (outcomes) outcomes[i] = o;
        scores[i] = round2(clampScore(o.raw, ind.points));
        sumScores += scores[i]!;
        sumCents += cents(scores[i]!);
      }
      let missingScore: number;
      if (ind.missing === "full") missingScore = ind.points;
      else if (ind.missing === "zero") missingScore = 0;
      else missingScore = order.length ? round2(sumScores / order.length) : ind.points;

      const explained: Explanation[] = [];
      for (let i = 0; i < n; i++) {
        const value = Number.isNaN(values[i]!) ? null : values[i]!;
        const reason = NULL_REASONS[reasons[i]!];
        const score = value === null ? missingScore : scores[i]!;
        const r = value === null ? null : rank[i]!;
        const result: IndicatorResult = { value, score, rank: r, warn: warnLevel(ind, value) };
        if (explain) {
          const base = i * F;
          const at = (key: string) => operand(fieldByKey.get(key), key, figure(agg, base + fieldPos.get(key)!));
          const f = ind.formula;
          const o = outcomes![i];
          const e: Explanation = {
            formula: f.type === "field" ? { type: "field", field: at(f.field) } : { type: f.type, num: at(f.num), den: at(f.den) },
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
          if (reason) e.nullReason = reason;
          if (!o) {
            e.missing = ind.missing;
            if (ind.missing === "mean") e.meanOf = { sum: sumCents / 100, n: order.length };
          }
          explained.push(e);
          result.explanation = e;
        }
        column[i] = result;
        sectionCents[i * S + si]! += cents(score);
      }
      if (explain) explainColumn(ind, explained);
    }
  });

  // adjustments in the window
  const items = new Map(rb.adjustments.map((a) => [a.key, a]));
  const applied: AppliedAdjustment[][] = units.map(() => []);
  // an item the version in force does not have (dropped by a later version) does not count; it is reported
  const ignored: AdjustmentRow[] = [];
  for (const m of months) {
    for (const row of index.adjustments.get(m) ?? []) {
      const at = pos.get(row.unit);
      if (at === undefined) continue; // not in the cohort: no facts in the window
      const item = items.get(row.item);
      if (!item) {
        ignored.push(row);
        continue;
      }
      const a: AppliedAdjustment = { period: row.period, item: item.key, name: item.name, kind: item.kind, count: row.count, points: item.points ?? null };
      if (row.note) a.note = row.note;
      applied[at]!.push(a);
    }
  }

  // every unit's record copies one template, so all share one fast shape
  const template = Object.fromEntries(indicatorKeys.map((k) => [k, null])) as unknown as Record<string, IndicatorResult>;
  const recordOf = (i: number) => {
    const rec = { ...template };
    for (let j = 0; j < indicatorKeys.length; j++) rec[indicatorKeys[j]!] = byIndicator[j]![i]!;
    return rec;
  };
  const unscored: UnitResult[] = units.map((u, i) => {
    const adj = applied[i]!;
    // bonus and penalty are not rounded on their own (§6.4 rounds the total only); `clean` drops binary noise such as 0.6000000000000001
    let bonusSum = 0;
    let penaltySum = 0;
    for (const a of adj) {
      if (a.kind === "bonus") bonusSum += a.count * (a.points ?? 0);
      else if (a.kind === "penalty") penaltySum += a.count * (a.points ?? 0);
    }
    const bonusUncapped = clean(bonusSum);
    const bonus = Math.min(rb.bonusCap, bonusUncapped);
    const penalty = clean(penaltySum);
    const sections: Record<string, number> = {};
    let totalCents = 0;
    rb.sections.forEach((s, si) => {
      const c = sectionCents[i * S + si]!;
      sections[s.key] = c / 100;
      totalCents += c;
    });
    const total = round2(totalCents / 100 + bonus - penalty);
    return {
      unit: u,
      rank: 0, // set below
      total,
      sections,
      bonus,
      bonusUncapped,
      penalty,
      veto: adj.some((a) => a.kind === "veto"),
      indicators: recordOf(i),
      adjustments: explain ? adj : [],
    };
  });

  const ranked = rankByTotals(unscored, rb.tieBreak).map(({ item, rank }) => {
    item.rank = rank;
    return item;
  });
  return {
    rulebook: { id: rb.id, version: rb.version },
    period,
    window: { kind, from: months[0]!, to: months[months.length - 1]! },
    units: ranked,
    ignoredAdjustments: ignored,
  };
}
