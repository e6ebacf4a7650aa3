import type { Kysely } from "kysely";
import type { Database } from "@scorecard/db";
import type { NoticeSnapshot } from "@scorecard/documents";
import { reviewFacts, versionAt, type DataWarning, type ManualRow, type Period } from "@scorecard/rules";
import type { DataIndex } from "@scorecard/scoring";
import type { ScoreService } from "./scores-service";

export { parseNotice as parseSnapshot } from "./publication/snapshots";

/** The server's clock: every time the cycle reads comes from it (tests set it). */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

/** The committee scores (评议打分) of one month in an index, as rows. */
export function manualRowsOf(index: DataIndex, period: Period): ManualRow[] {
  const out: ManualRow[] = [];
  for (const byUnit of index.manual.get(period)?.values() ?? []) out.push(...byUnit.values());
  return out;
}

/**
 * The committee scores of `period` as a published notice froze them: its own list when the
 * snapshot carries one, else the entries of its explanations (every manual score of the window
 * that counted, with its reason).
 */
export function frozenManualRows(snapshot: NoticeSnapshot, period: Period): ManualRow[] {
  const own = (snapshot as NoticeSnapshot & { manual?: ManualRow[] }).manual;
  if (Array.isArray(own)) return own.filter((r) => r.period === period);
  const out: ManualRow[] = [];
  for (const u of snapshot.result.units)
    for (const [indicator, r] of Object.entries(u.indicators)) {
      const f = r.explanation?.formula;
      if (f?.type === "manual") for (const e of f.entries) if (e.period === period) out.push({ period, unit: u.unit, indicator, score: e.score, reason: e.reason });
    }
  return out;
}

/** The data-check warnings and outliers of a month as stored: what publishing asks to acknowledge. */
export async function monthDataWarnings(db: Kysely<Database>, scores: ScoreService, period: Period): Promise<DataWarning[]> {
  const { rulebooks, index, units } = await scores.inputs(db);
  if (!versionAt(rulebooks, period)) return [];
  const rows = [...(index.facts.get(period) ?? new Map()).entries()].map(([unit, values]) => ({ period, unit, values }));
  return reviewFacts({ rulebooks, rows, history: index.facts, names: new Map(units.map((u) => [u.key, u.name])) }).warnings;
}
