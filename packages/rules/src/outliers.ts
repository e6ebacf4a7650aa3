/**
 * Figures that look wrong next to the tribunal's own history (product.md, "The monthly cycle",
 * Collect — the court's "数据虚高虚低"), and the review of stored months that lists them with
 * the data-check warnings. Pure.
 */
import { shownNumber } from "./wording";
import { checkFacts, unitRef, type DataFinding, type DataWarning, type UnitRef } from "./checks";
import { versionInForce } from "./versions";
import type { FactValues } from "./data";
import { periodLabel } from "./calendar";
import type { Period, Rulebook } from "./rulebook";

/** Facts by period, then by unit: the shape of the scoring engine's `DataIndex.facts`. */
export type FactsHistory = ReadonlyMap<Period, ReadonlyMap<string, Readonly<FactValues>>>;

/**
 * The outlier rule: a `sum` field's value more than `factor` times, or less than 1/`factor`
 * of, the median of the tribunal's previous `months` months with facts (at least `minMonths`
 * of them), where that median is at least `minMedian`.
 */
export const OUTLIER_RULE = { months: 6, minMonths: 3, minMedian: 10, factor: 3 } as const;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** `4`, `3.25`, `0.2`: a ratio or median with at most two decimals. */
function short(v: number): string {
  return shownNumber(Math.round(v * 100) / 100);
}

/** Months of the history before `period`, latest first. */
function earlier(history: FactsHistory, period: Period): Period[] {
  return [...history.keys()].filter((p) => p < period).sort().reverse();
}

/**
 * The outlier warnings of one unit's facts of one month against its own earlier months in
 * `history` (only months before `period` are used). Each names the tribunal, the field, the
 * value, the median and the months it was taken from.
 */
export function outlierWarnings(
  rulebook: Rulebook,
  period: Period,
  unit: string | UnitRef,
  values: Readonly<FactValues>,
  history: FactsHistory,
  before: readonly Period[] = earlier(history, period),
): DataWarning[] {
  const u = unitRef(unit);
  const out: DataWarning[] = [];
  for (const f of rulebook.fields) {
    if (f.aggregate !== "sum") continue;
    const v = values[f.key];
    if (v === undefined || !Number.isFinite(v)) continue;
    const months: Period[] = [];
    const xs: number[] = [];
    for (const p of before) {
      const x = history.get(p)?.get(u.key)?.[f.key];
      if (x === undefined || !Number.isFinite(x)) continue;
      months.push(p);
      xs.push(x);
      if (xs.length === OUTLIER_RULE.months) break;
    }
    if (xs.length < OUTLIER_RULE.minMonths) continue;
    const m = median(xs);
    if (m < OUTLIER_RULE.minMedian) continue;
    const high = v > OUTLIER_RULE.factor * m;
    const low = v < m / OUTLIER_RULE.factor;
    if (!high && !low) continue;
    const unitWord = f.unit ?? "";
    const base = `${u.name} ${f.label} ${periodLabel(period)}为 ${shownNumber(v)} ${unitWord}`.trimEnd();
    const ref = `前 ${xs.length} 个月中位数 ${short(m)} ${unitWord}`.trimEnd();
    out.push({
      check: "outlier",
      level: "warning",
      unit: u.key,
      period,
      field: f.key,
      value: v,
      median: m,
      months: months.reverse(),
      zh: high ? `${base},是${ref}的 ${short(v / m)} 倍,请核实。` : `${base},不到${ref}的三分之一,请核实。`,
      en: `${u.key} ${f.key} ${period}: ${shownNumber(v)} is ${high ? "more than three times" : "less than a third of"} the median ${short(m)} of the previous ${xs.length} months; please verify`,
    });
  }
  return out;
}

/** Rows of facts to review: any months, any units. */
export interface ReviewRow {
  period: Period;
  unit: string;
  values: Readonly<FactValues>;
}

/**
 * Reviews stored (or read) facts: for each row, the data checks of the version in force at its
 * month and the outliers against the unit's earlier months in `history` (by default the rows
 * themselves). Findings come in row order, each with its period and unit.
 */
export function reviewFacts(opts: {
  rulebooks: Rulebook | readonly Rulebook[];
  rows: readonly ReviewRow[];
  history?: FactsHistory;
  names?: ReadonlyMap<string, string>;
}): { errors: DataFinding[]; warnings: DataWarning[] } {
  let history = opts.history;
  if (!history) {
    const h = new Map<Period, Map<string, Readonly<FactValues>>>();
    for (const r of opts.rows) {
      let m = h.get(r.period);
      if (!m) h.set(r.period, (m = new Map()));
      m.set(r.unit, r.values);
    }
    history = h;
  }
  const errors: DataFinding[] = [];
  const warnings: DataWarning[] = [];
  const before = new Map<Period, Period[]>();
  for (const row of opts.rows) {
    const rb = versionInForce(opts.rulebooks, row.period);
    const u = unitRef(row.unit, opts.names);
    const r = checkFacts(rb, u, row.values, { period: row.period, complete: false });
    let months = before.get(row.period);
    if (!months) before.set(row.period, (months = earlier(history, row.period)));
    errors.push(...r.errors);
    warnings.push(...r.warnings, ...outlierWarnings(rb, row.period, u, row.values, history, months));
  }
  return { errors, warnings };
}
