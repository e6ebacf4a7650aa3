import { windowMonths, type FactRow, type FactValues, type Period, type Rulebook, type WindowKind } from "@scorecard/rules";
import { indexData, type DataIndex, type DataSet } from "./dataset";
import { scoreWith } from "./score";
import { inForce } from "./in-force";
import { orderVersions } from "./versions";

/** The whole court's figures for a period: every indicator on the tribunals' facts added together. */
export interface CourtFigures {
  rulebook: { id: string; version: string };
  period: Period;
  window: { kind: WindowKind; from: Period; to: Period };
  /** how many tribunals have facts in the window */
  units: number;
  /** each indicator's court-wide value (a rate is the ratio of the summed fields); null where the court has none */
  indicators: Record<string, number | null>;
}

/** The unit key the court's summed facts are scored under. */
const COURT = "court";

/**
 * Court-wide indicator values (全院): each month's facts are added up over every tribunal that
 * has them, and the sums are then aggregated over the window and put through each indicator's
 * formula by the engine itself (rulebook.md §3–§4) — so a court-wide 执结率 is Σ执行结案数 ÷
 * Σ执行收案数, never a mean of the tribunals' rates. Null for a period without any facts.
 */
export function courtFigures(opts: { rulebooks: Rulebook | readonly Rulebook[]; data: DataSet | DataIndex; period: Period; window?: WindowKind }): CourtFigures | null {
  const rb = inForce(orderVersions(opts.rulebooks), opts.period);
  const kind = opts.window ?? rb.window;
  const index = indexData(opts.data);
  const months = windowMonths(opts.period, kind);
  const facts: FactRow[] = [];
  const tribunals = new Set<string>();
  for (const m of months) {
    const rows = index.facts.get(m);
    if (!rows || rows.size === 0) continue;
    const values: FactValues = {};
    for (const field of rb.fields) {
      let sum = 0;
      let any = false;
      // tribunals in key order, so that a sum is always taken in the same order
      for (const unit of [...rows.keys()].sort()) {
        const v = rows.get(unit)![field.key];
        if (v === undefined) continue;
        sum += v;
        any = true;
      }
      if (any) values[field.key] = sum;
    }
    for (const unit of rows.keys()) tribunals.add(unit);
    facts.push({ period: m, unit: COURT, values });
  }
  if (!facts.length) return null;
  const result = scoreWith(rb, indexData({ facts }), opts.period, kind, false);
  const court = result.units[0]!;
  const indicators: Record<string, number | null> = {};
  for (const s of rb.sections) for (const ind of s.indicators) indicators[ind.key] = court.indicators[ind.key]?.value ?? null;
  const out: CourtFigures = { rulebook: result.rulebook, period: opts.period, window: result.window, units: tribunals.size, indicators };
  return out;
}
