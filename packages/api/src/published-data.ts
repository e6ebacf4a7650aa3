import type { Kysely } from "kysely";
import type { Database } from "@scorecard/db";
import type { AdjustmentRow, FactRow, ManualRow, Period } from "@scorecard/rules";
import { frozenManualRows, manualRowsOf } from "./cycle";
import type { ScoreService } from "./scores-service";

/**
 * The stored data of `months` as the court published it: each month that has a published
 * revision from its latest one (that month's own facts, adjustments and committee scores as
 * frozen), the others live; with `others`, every other stored month live as well. What the annual
 * evaluation and the studio's what-if read, so that neither scores a month on figures changed
 * since its notice without a correction.
 */
export async function dataAsPublished(
  db: Kysely<Database>,
  scores: ScoreService,
  months: readonly Period[],
  opts: { others: boolean },
): Promise<{ facts: FactRow[]; adjustments: AdjustmentRow[]; manual: ManualRow[] }> {
  const { index, periods } = await scores.inputs(db);
  const chosen = new Set(months);
  const facts: FactRow[] = [];
  const adjustments: AdjustmentRow[] = [];
  const manual: ManualRow[] = [];
  if (opts.others) {
    for (const [period, rows] of index.facts) if (!chosen.has(period)) for (const [unit, values] of rows) facts.push({ period, unit, values });
    for (const [period, rows] of index.adjustments) if (!chosen.has(period)) adjustments.push(...rows);
    for (const [period] of index.manual) if (!chosen.has(period)) manual.push(...manualRowsOf(index, period));
  }
  for (const m of chosen) {
    const frozen = (periods.get(m)?.revision ?? 0) > 0 ? await scores.frozen(db, m) : null;
    if (frozen) {
      facts.push(...frozen.facts.filter((f) => f.period === m));
      adjustments.push(...frozen.adjustments.filter((a) => a.period === m));
      manual.push(...frozenManualRows(frozen, m));
    } else {
      for (const [unit, values] of index.facts.get(m) ?? []) facts.push({ period: m, unit, values });
      adjustments.push(...(index.adjustments.get(m) ?? []));
      manual.push(...manualRowsOf(index, m));
    }
  }
  return { facts, adjustments, manual };
}
