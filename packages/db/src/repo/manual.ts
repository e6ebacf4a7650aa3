import type { Kysely, Transaction } from "kysely";
import type { ManualRow } from "@scorecard/rules";
import type { Database } from "../schema";
import { appendAudit, recordChange } from "./audit";

/** Committee scores (评议打分, rulebook.md §9): one per tribunal, manual indicator and month. */

export interface StoredManualScore {
  period: string;
  unit: string;
  indicator: string;
  score: number;
  reason: string;
  /** username of who entered it */
  enteredBy: string;
  enteredAt: string;
}

const stored = (r: Database["manual_scores"]): StoredManualScore => ({
  period: r.period,
  unit: r.unit_key,
  indicator: r.indicator,
  score: Number(r.score),
  reason: r.reason,
  enteredBy: r.entered_by,
  enteredAt: r.entered_at,
});

/** The manual scores of one month, or of the months given (all months when neither), by period, unit, indicator. */
export async function listManualScores(db: Kysely<Database>, filter: { period?: string; periods?: readonly string[] } = {}): Promise<StoredManualScore[]> {
  let q = db.selectFrom("manual_scores").selectAll();
  if (filter.period !== undefined) q = q.where("period", "=", filter.period);
  if (filter.periods !== undefined) {
    if (filter.periods.length === 0) return [];
    q = q.where("period", "in", [...filter.periods]);
  }
  const rows = await q.orderBy("period").orderBy("unit_key").orderBy("indicator").execute();
  return rows.map(stored);
}

/** Every manual score as the engine reads it (DataSet.manual); only those of the months given when `periods` is. */
export async function allManualRows(db: Kysely<Database>, periods?: readonly string[]): Promise<ManualRow[]> {
  return (await listManualScores(db, periods ? { periods } : {})).map(({ period, unit, indicator, score, reason }) => ({ period, unit, indicator, score, reason }));
}

async function findManualScore(db: Kysely<Database>, k: { period: string; unit: string; indicator: string }): Promise<StoredManualScore | undefined> {
  const r = await db
    .selectFrom("manual_scores")
    .selectAll()
    .where("period", "=", k.period)
    .where("unit_key", "=", k.unit)
    .where("indicator", "=", k.indicator)
    .executeTakeFirst();
  return r && stored(r);
}

/** Runs `fn` in the caller's transaction, or in a new one. */
function inTransaction<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute((trx: Transaction<Database>) => fn(trx));
}

const target = (k: { period: string; unit: string; indicator: string }) => `${k.period}/${k.unit}/${k.indicator}`;

/** `expectedAt` (the `enteredAt` the editor started from, null for none) no longer matches what is stored. */
function stale(before: StoredManualScore | undefined, expectedAt: string | null | undefined): boolean {
  return expectedAt !== undefined && (before?.enteredAt ?? null) !== expectedAt;
}

/**
 * Stores one committee score, replacing the one stored for the same tribunal, indicator and
 * month, with an audit entry (before/after) in the same transaction. A score and reason equal to
 * those stored change nothing (no entry). With `expectedAt`, nothing is written when someone
 * saved or removed the score since (`conflict`, with what is stored now). The caller has checked
 * the row (checkManualRow) and that the month is not published — inside the same transaction when it passes one.
 */
export async function writeManualScore(
  db: Kysely<Database>,
  w: { row: ManualRow; by: string; at: string; action?: string; expectedAt?: string | null },
): Promise<{ changed: boolean; before: StoredManualScore | undefined; conflict?: true }> {
  return inTransaction(db, async (trx) => {
    const { row } = w;
    const before = await findManualScore(trx, row);
    if (stale(before, w.expectedAt)) return { changed: false, before, conflict: true };
    if (before && before.score === row.score && before.reason === row.reason) return { changed: false, before };
    await trx
      .insertInto("manual_scores")
      .values({ period: row.period, unit_key: row.unit, indicator: row.indicator, score: row.score, reason: row.reason, entered_by: w.by, entered_at: w.at })
      .onConflict((oc) => oc.columns(["period", "unit_key", "indicator"]).doUpdateSet({ score: row.score, reason: row.reason, entered_by: w.by, entered_at: w.at }))
      .execute();
    await recordChange(trx, { scope: "manual", period: row.period }, w.at);
    await appendAudit(
      trx,
      { username: w.by, action: w.action ?? "manual.save", target: target(row), before: before ? { score: before.score, reason: before.reason } : undefined, after: { score: row.score, reason: row.reason } },
      w.at,
    );
    return { changed: true, before };
  });
}

/**
 * Removes one committee score, with an audit entry; false (and no entry) when none was stored.
 * With `expectedAt`, "conflict" (nothing removed) when someone saved or removed it since.
 */
export async function removeManualScore(
  db: Kysely<Database>,
  k: { period: string; unit: string; indicator: string; by: string; at: string; expectedAt?: string | null },
): Promise<boolean | "conflict"> {
  return inTransaction(db, async (trx) => {
    const before = await findManualScore(trx, k);
    if (stale(before, k.expectedAt)) return "conflict";
    if (!before) return false;
    await trx.deleteFrom("manual_scores").where("period", "=", k.period).where("unit_key", "=", k.unit).where("indicator", "=", k.indicator).execute();
    await recordChange(trx, { scope: "manual", period: k.period }, k.at);
    await appendAudit(trx, { username: k.by, action: "manual.remove", target: target(k), before: { score: before.score, reason: before.reason } }, k.at);
    return true;
  });
}

/** Loads many committee scores at once (the demo court); the caller records them with one audit entry in the same transaction. */
export async function insertManualScores(db: Kysely<Database>, rows: readonly ManualRow[], by: string, at: string): Promise<void> {
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto("manual_scores")
      .values(rows.slice(i, i + 200).map((r) => ({ period: r.period, unit_key: r.unit, indicator: r.indicator, score: r.score, reason: r.reason, entered_by: by, entered_at: at })))
      .execute();
  for (const period of new Set(rows.map((r) => r.period))) await recordChange(db, { scope: "manual", period }, at);
}
