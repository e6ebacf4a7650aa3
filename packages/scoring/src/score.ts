import {
  InputError,
  windowMonths,
  type AdjustmentKind,
  type Field,
  type Indicator,
  type Period,
  type Rulebook,
  type WindowKind,
} from "@scorecard/rules";
import { indexData, type DataIndex, type DataSet } from "./dataset";
import { explanationText, operand, type Explanation, type NullReason } from "./explain";
import { applyMethod, bestWorst, clampScore, type Cohort } from "./methods";
import { cents, competitionRanks, round2, sameValue } from "./numbers";
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

type Aggregated = Record<string, number | undefined>;

/** Aggregates each field over the months in which the unit has a figure for it (rulebook.md §3). */
function aggregate(fields: readonly Field[], rows: ReadonlyArray<Record<string, number> | undefined>): Aggregated {
  const out: Aggregated = {};
  for (const f of fields) {
    let total = 0;
    let count = 0;
    let last: number | undefined;
    for (const row of rows) {
      const v = row?.[f.key];
      if (v === undefined) continue;
      total += v;
      count++;
      last = v;
    }
    if (count === 0) out[f.key] = undefined;
    else if (f.aggregate === "sum") out[f.key] = total;
    else if (f.aggregate === "mean") out[f.key] = total / count;
    else out[f.key] = last;
  }
  return out;
}

function indicatorValue(ind: Indicator, agg: Aggregated): { value: number | null; reason?: NullReason } {
  const f = ind.formula;
  if (f.type === "field") {
    const v = agg[f.field];
    return v === undefined ? { value: null, reason: "noData" } : { value: v };
  }
  const a = agg[f.num];
  const b = agg[f.den];
  if (a === undefined || b === undefined) return { value: null, reason: "noData" };
  if (b === 0) return { value: null, reason: "zeroDenominator" };
  return { value: f.type === "ratio" ? a / b : 1 - a / b };
}

function warnLevel(ind: Indicator, value: number | null): WarnLevel | null {
  if (value === null || !ind.warn) return null;
  const worse = (limit: number | undefined) => limit !== undefined && (ind.direction === "higher" ? value < limit : value > limit);
  if (worse(ind.warn.red)) return "red";
  if (worse(ind.warn.yellow)) return "yellow";
  return null;
}

/** Competition ranks of the units by section totals (rulebook.md §6.5), compared in hundredths. */
export function rankByTotals<T extends { unit: string; total: number; sections: Record<string, number> }>(
  units: readonly T[],
  tieBreak: readonly string[],
): Array<T & { rank: number }> {
  const keyOf = (u: T) => [cents(u.total), ...tieBreak.map((s) => cents(u.sections[s] ?? 0))];
  const keyed = units.map((u) => ({ u, k: keyOf(u) }));
  const cmp = (a: number[], b: number[]) => {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (b[i] as number) - (a[i] as number);
    return 0;
  };
  keyed.sort((a, b) => cmp(a.k, b.k) || (a.u.unit < b.u.unit ? -1 : a.u.unit > b.u.unit ? 1 : 0));
  const ranks = competitionRanks(keyed, (a, b) => cmp(a.k, b.k) === 0);
  return keyed.map((x, i) => ({ ...x.u, rank: ranks[i] as number }));
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
  const monthFacts = months.map((m) => index.facts.get(m));

  // the cohort: every unit with facts in at least one month of the window, in key order
  const unitSet = new Set<string>();
  for (const mf of monthFacts) if (mf) for (const u of mf.keys()) unitSet.add(u);
  const units = [...unitSet].sort();
  const agg = new Map<string, Aggregated>();
  for (const u of units) agg.set(u, aggregate(rb.fields, monthFacts.map((mf) => mf?.get(u))));
  const fieldByKey = new Map(rb.fields.map((f) => [f.key, f]));

  const indicatorResults = new Map<string, Record<string, IndicatorResult>>(units.map((u) => [u, {}]));
  const sectionCents = new Map<string, Record<string, number>>(units.map((u) => [u, {}]));

  for (const section of rb.sections) {
    for (const ind of section.indicators) {
      const vals = units.map((u) => ({ unit: u, ...indicatorValue(ind, agg.get(u)!) }));
      const present = vals.filter((v): v is { unit: string; value: number } => v.value !== null);
      // competition ranks of the values, best first
      const sorted = [...present].sort((a, b) => (ind.direction === "higher" ? b.value - a.value : a.value - b.value));
      const ranks = competitionRanks(sorted, (a, b) => sameValue(a.value, b.value));
      const rankOf = new Map(sorted.map((v, i) => [v.unit, ranks[i] as number]));
      const bw = present.length ? bestWorst(present.map((v) => v.value), ind.direction) : null;
      const cohort: Cohort | null = bw ? { n: present.length, ...bw } : null;

      const scores = new Map<string, number>();
      const outcomes = new Map<string, ReturnType<typeof applyMethod>>();
      for (const v of present) {
        const o = applyMethod(ind, v.value, cohort!, rankOf.get(v.unit)!, period);
        outcomes.set(v.unit, o);
        scores.set(v.unit, round2(clampScore(o.raw, ind.points)));
      }
      let missingScore: number;
      if (ind.missing === "full") missingScore = ind.points;
      else if (ind.missing === "zero") missingScore = 0;
      else missingScore = present.length ? round2(sumValues(scores) / present.length) : ind.points;

      for (const v of vals) {
        const score = v.value === null ? missingScore : scores.get(v.unit)!;
        const rank = v.value === null ? null : rankOf.get(v.unit)!;
        const result: IndicatorResult = { value: v.value, score, rank, warn: warnLevel(ind, v.value) };
        if (explain) {
          const a = agg.get(v.unit)!;
          const f = ind.formula;
          const o = outcomes.get(v.unit);
          const e: Explanation = {
            formula:
              f.type === "field"
                ? { type: "field", field: operand(fieldByKey.get(f.field), f.field, a[f.field]) }
                : { type: f.type, num: operand(fieldByKey.get(f.num), f.num, a[f.num]), den: operand(fieldByKey.get(f.den), f.den, a[f.den]) },
            value: v.value,
            method: ind.method.type,
            params: o?.params ?? {},
            cohort: { n: present.length, best: cohort?.best ?? null, worst: cohort?.worst ?? null },
            rank,
            raw: o ? o.raw : null,
            branch: o ? o.branch : "missing",
            points: ind.points,
            score,
            text: "",
          };
          if (v.reason) e.nullReason = v.reason;
          if (!o) e.missing = ind.missing;
          e.text = explanationText(ind, e);
          result.explanation = e;
        }
        indicatorResults.get(v.unit)![ind.key] = result;
        const sc = sectionCents.get(v.unit)!;
        sc[section.key] = (sc[section.key] ?? 0) + cents(score);
      }
    }
  }

  // adjustments in the window
  const items = new Map(rb.adjustments.map((a) => [a.key, a]));
  const applied = new Map<string, AppliedAdjustment[]>(units.map((u) => [u, []]));
  const unknown: string[] = [];
  for (const m of months) {
    for (const row of index.adjustments.get(m) ?? []) {
      const list = applied.get(row.unit);
      if (!list) continue; // not in the cohort: no facts in the window
      const item = items.get(row.item);
      if (!item) {
        unknown.push(`${row.period} ${row.unit} ${row.item}`);
        continue;
      }
      const a: AppliedAdjustment = { period: row.period, item: item.key, name: item.name, kind: item.kind, count: row.count, points: item.points ?? null };
      if (row.note) a.note = row.note;
      list.push(a);
    }
  }
  if (unknown.length)
    throw new InputError(
      unknown.map((u) => ({
        field: "item",
        zh: `加减分记录 ${u}:考核办法 ${rb.version} 中没有这个项目`,
        en: `adjustment ${u}: no such item in rulebook ${rb.version}`,
      })),
    );

  const unscored = units.map((u) => {
    const adj = applied.get(u)!;
    const bonusUncapped = round2(adj.filter((a) => a.kind === "bonus").reduce((s, a) => s + a.count * (a.points ?? 0), 0));
    const bonus = Math.min(rb.bonusCap, bonusUncapped);
    const penalty = round2(adj.filter((a) => a.kind === "penalty").reduce((s, a) => s + a.count * (a.points ?? 0), 0));
    const sc = sectionCents.get(u)!;
    const sections: Record<string, number> = {};
    let totalCents = 0;
    for (const s of rb.sections) {
      sections[s.key] = (sc[s.key] ?? 0) / 100;
      totalCents += sc[s.key] ?? 0;
    }
    const total = round2((totalCents + cents(bonus) - cents(penalty)) / 100);
    return {
      unit: u,
      total,
      sections,
      bonus,
      bonusUncapped,
      penalty,
      veto: adj.some((a) => a.kind === "veto"),
      indicators: indicatorResults.get(u)!,
      adjustments: explain ? adj : [],
    };
  });

  const ranked: UnitResult[] = rankByTotals(unscored, rb.tieBreak);
  return {
    rulebook: { id: rb.id, version: rb.version },
    period,
    window: { kind, from: months[0]!, to: months[months.length - 1]! },
    units: ranked,
  };
}

function sumValues(m: Map<string, number>): number {
  let s = 0;
  for (const v of m.values()) s += v;
  return s;
}
