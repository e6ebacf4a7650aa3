import type { Kysely } from "kysely";
import { appendAudit, insertAdjustment, insertManualScores, insertRulebook, insertUnit, insertUser, newId, setAssignments, setPeriod, untouchedPeriod, writeFacts, type Database, type Role } from "@scorecard/db";
import { addMonths, splitPeriod, type AdjustmentRow, type FactRow, type ManualRow, type Rulebook } from "@scorecard/rules";
import { hashPassword } from "./auth";
import { systemClock, type Clock } from "./cycle";
import { noticeKind, publish } from "./publication";
import { ScoreService } from "./scores-service";

/** A court to load: its tribunals, rulebook (active) and drafts, facts, adjustments and committee scores. */
export interface CourtToLoad {
  units: ReadonlyArray<{ key: string; name: string }>;
  rulebook: Rulebook;
  /** versions loaded as drafts beside the active rulebook, never activated */
  drafts: readonly Rulebook[];
  facts: readonly FactRow[];
  adjustments: readonly AdjustmentRow[];
  manual: readonly ManualRow[];
}

/** An account to create with the court: a head's tribunal, a leader's tribunals. */
export interface CourtAccount {
  username: string;
  name: string;
  role: Role;
  unit?: string;
  units?: string[];
}

export interface LoadCourtOptions {
  /** every account, one `stats` (who publishes the history) and one `hr` (who entered the committee scores) among them */
  accounts: readonly CourtAccount[];
  /** the password of every account */
  password: string;
  clock?: Clock;
  /** what the `court.load` audit entry says besides the counts (e.g. the demo variant) */
  note?: Record<string, unknown>;
  /** the audit action of the load (default "court.load") */
  action?: string;
}

/**
 * Loads a court into an empty database in one transaction — tribunals, accounts, assignments, the
 * rulebook (active) and its drafts, facts, adjustments, committee scores — then publishes every
 * month but the latest through the same path as every month (review, then the notice on the 5th of
 * the following month at 10:00 Asia/Shanghai, issued by the statistician), and opens the latest
 * month's review with its deadline three days after the clock's now.
 */
export async function loadCourt(db: Kysely<Database>, court: CourtToLoad, options: LoadCourtOptions): Promise<void> {
  const clock = options.clock ?? systemClock;
  const { accounts } = options;
  const stats = accounts.find((a) => a.role === "stats");
  const hr = accounts.find((a) => a.role === "hr");
  if (!stats || !hr) throw new Error("loadCourt: the accounts need one stats and one hr");
  const hash = await hashPassword(options.password); // one hash for all: argon2id salts it, and the accounts share the password
  const at = clock().toISOString();
  const periods = [...new Set(court.facts.map((f) => f.period))].sort();
  const latest = periods[periods.length - 1]!;
  await db.transaction().execute(async (trx) => {
    for (const u of court.units) await insertUnit(trx, { key: u.key, name: u.name, active: true }, at);
    for (const a of accounts) {
      const id = newId();
      await insertUser(trx, { id, username: a.username, name: a.name, role: a.role, unit: a.unit ?? null, passwordHash: hash, at });
      if (a.units) await setAssignments(trx, id, a.units);
    }
    await insertRulebook(trx, { id: newId(), rulebook: court.rulebook, status: "active", by: null, at });
    for (const draft of court.drafts) await insertRulebook(trx, { id: newId(), rulebook: draft, status: "draft", by: null, at });
    for (const f of court.facts) await writeFacts(trx, { period: f.period, unit: f.unit, values: f.values, expected: 0, by: null, at });
    for (const a of court.adjustments)
      await insertAdjustment(trx, { id: newId(), period: a.period, unit: a.unit, item: a.item, count: a.count, note: a.note ?? null, evidence: null, createdBy: null, createdAt: at });
    await insertManualScores(trx, court.manual, hr.username, at);
    await appendAudit(
      trx,
      {
        username: null,
        action: options.action ?? "court.load",
        target: "court",
        after: { ...options.note, tribunals: court.units.length, accounts: accounts.length, facts: court.facts.length, adjustments: court.adjustments.length, manual: court.manual.length },
      },
      at,
    );
  });

  const scores = new ScoreService();
  for (const p of periods.filter((x) => x !== latest)) {
    const next = addMonths(p, 1);
    const { year, month } = splitPeriod(next);
    const at = new Date(Date.UTC(year, month - 1, 5, 2, 0, 0));
    await db.transaction().execute(async (trx) => {
      await setPeriod(trx, { ...untouchedPeriod(p), status: "review", reviewUntil: new Date(at.getTime() - 86400_000).toISOString() }, stats.username, at.toISOString());
      await appendAudit(trx, { username: stats.username, action: "periods.openReview", target: p, before: { status: "collecting" }, after: { status: "review" } }, at.toISOString());
    });
    await publish({ db, scores }, noticeKind, { subject: p, by: { username: stats.username, name: stats.name }, at, acknowledgeWarnings: true });
  }
  // the latest month is in review, its deadline three days from now, so that a newcomer can object
  const now = clock();
  await db.transaction().execute(async (trx) => {
    await setPeriod(trx, { ...untouchedPeriod(latest), status: "review", reviewUntil: new Date(now.getTime() + 3 * 86400_000).toISOString() }, stats.username, now.toISOString());
    await appendAudit(trx, { username: stats.username, action: "periods.openReview", target: latest, before: { status: "collecting" }, after: { status: "review" } }, now.toISOString());
  });
}
