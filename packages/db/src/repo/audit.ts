import type { Kysely } from "kysely";
import { z } from "zod";
import { newId } from "../ids";
import type { Database } from "../schema";

export interface AuditInput {
  username: string | null;
  action: string;
  target: string;
  before?: unknown;
  after?: unknown;
}

/**
 * Appends one entry to the audit log (who did what, when: `at` from the request's clock); call
 * inside the transaction that makes the change. The entry says who; the data's revision is moved
 * on by the repository that writes the scored data (`recordChange`), not here.
 */
export async function appendAudit(db: Kysely<Database>, e: AuditInput, at: string): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      at,
      username: e.username,
      action: e.action,
      target: e.target,
      before_json: e.before === undefined ? null : JSON.stringify(e.before),
      after_json: e.after === undefined ? null : JSON.stringify(e.after),
    })
    .execute();
}

export interface AuditRecord {
  id: number;
  at: string;
  /** the account's username (null for the system) */
  user: string | null;
  /** the account's display name, when the account exists */
  userName: string | null;
  action: string;
  target: string;
  before: unknown;
  after: unknown;
}

/** Newest first; `before` is an entry id to page back from. */
export async function listAudit(db: Kysely<Database>, opts: { limit: number; before?: number }): Promise<AuditRecord[]> {
  let q = db
    .selectFrom("audit_log")
    .leftJoin("users", "users.username", "audit_log.username")
    .selectAll("audit_log")
    .select("users.name as user_name")
    .orderBy("audit_log.id", "desc")
    .limit(opts.limit);
  if (opts.before !== undefined) q = q.where("audit_log.id", "<", opts.before);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: Number(r.id),
    at: r.at,
    user: r.username,
    userName: r.user_name ?? null,
    action: r.action,
    target: r.target,
    before: jsonColumn(r.before_json),
    after: jsonColumn(r.after_json),
  }));
}

/** The before/after of an entry: any JSON the change recorded. */
const AuditJsonSchema = z.json();
function jsonColumn(text: string | null): unknown {
  return text === null ? null : AuditJsonSchema.parse(JSON.parse(text));
}

/** What a change to scored data touched: the score cache reloads only that (a month's rows, or everything). */
export type DataChangeScope = "facts" | "adjustments" | "manual" | "periods" | "publications" | "rulebooks" | "units" | "all";
export const DATA_CHANGE_SCOPES: readonly DataChangeScope[] = ["facts", "adjustments", "manual", "periods", "publications", "rulebooks", "units", "all"];

export interface DataChange {
  scope: DataChangeScope;
  /** the month changed; none when the change is not of one month (a tribunal, a rulebook, everything) */
  period?: string;
}

/**
 * Records a change to scored data inside the transaction that makes it: moves the data revision
 * on and appends the change to the log (`data_changes`) with that revision, so both commit with
 * the change or not at all. Every repository function that writes scored data calls it itself.
 *
 * The revision row is updated first: on PostgreSQL its row lock is held to the commit, so the log's
 * `seq` is taken in commit order (a reader never sees a later change before an earlier one;
 * numbers taken by a transaction that rolled back are simply never seen).
 */
export async function recordChange(db: Kysely<Database>, change: DataChange, at: string): Promise<void> {
  if (db.isTransaction) {
    // one row per change of a transaction: loading a month's thousand rows logs the month once
    const key = `${change.scope}\u0000${change.period ?? ""}`;
    let seen = recorded.get(db);
    if (!seen) recorded.set(db, (seen = new Set()));
    if (seen.has(key)) return;
    seen.add(key);
  }
  const revision = await bumpDataRevision(db);
  await db.insertInto("data_changes").values({ revision, scope: change.scope, period: change.period ?? null, at }).execute();
}

/** The changes a transaction has recorded already (by the transaction's Kysely object). */
const recorded = new WeakMap<Kysely<Database>, Set<string>>();

export interface ChangesSince {
  /** the last change seen (the `seq` to ask from next time); the one asked from when nothing changed */
  seq: number;
  /** the data revision now */
  revision: string;
  /** the changes after the `seq` asked from, oldest first */
  changes: DataChange[];
  /**
   * false when the log cannot tell what changed since `seq`: the revision moved without a change
   * logged (data written before the log existed), or the log's last revision is not the current
   * one — then everything must be reloaded.
   */
  complete: boolean;
}

const isScope = (s: string): s is DataChangeScope => (DATA_CHANGE_SCOPES as readonly string[]).includes(s);

/**
 * The changes logged after `seq` and the current revision, read in one statement (one snapshot
 * on PostgreSQL). `seq` 0 asks for the whole log; a cache starts from `latestChange`. Not
 * `complete` when the change at `seq` is no longer in the log, or when the revision has moved
 * past the last change logged (written without `recordChange`).
 */
export async function changesSince(db: Kysely<Database>, seq: number): Promise<ChangesSince> {
  const rows = await db
    .selectFrom("data_revision as r")
    .leftJoin("data_changes as c", (j) => j.on("c.seq", ">=", seq))
    .select(["r.revision as current", "c.seq", "c.revision", "c.scope", "c.period"])
    .where("r.id", "=", 1)
    .orderBy("c.seq")
    .execute();
  const current = rows[0]?.current ?? "";
  const logged = rows.filter((r): r is typeof r & { seq: number; revision: string; scope: string } => r.seq !== null && r.revision !== null && r.scope !== null);
  const anchored = seq === 0 || (logged.length > 0 && Number(logged[0]!.seq) === seq);
  const after = logged.filter((r) => Number(r.seq) > seq);
  const changes = after.map((r): DataChange => {
    const scope = isScope(r.scope) ? r.scope : "all";
    return r.period === null || scope === "all" ? { scope } : { scope, period: r.period };
  });
  const last = logged.at(-1);
  return {
    seq: last ? Number(last.seq) : seq,
    revision: current,
    changes,
    complete: anchored && (last ? last.revision === current : true),
  };
}

/** The last change logged and the current revision: where a cache that has just read everything starts from. */
export async function latestChange(db: Kysely<Database>): Promise<{ seq: number; revision: string }> {
  const r = await db
    .selectFrom("data_revision as r")
    .select((eb) => ["r.revision", eb.selectFrom("data_changes").select((e) => e.fn.max("seq").as("m")).as("seq")])
    .where("r.id", "=", 1)
    .executeTakeFirst();
  return { seq: Number(r?.seq ?? 0), revision: r?.revision ?? "" };
}

/**
 * The revision of the stored data: replaced inside every write of scored data (recordChange), so
 * equal revisions mean equal data, in commit order on SQLite and PostgreSQL alike.
 */
export async function dataRevision(db: Kysely<Database>): Promise<string> {
  const r = await db.selectFrom("data_revision").select("revision").where("id", "=", 1).executeTakeFirst();
  return r?.revision ?? "";
}

/** Moves the data revision on; returns the new one. Only through `recordChange`, so that the log says what changed. */
async function bumpDataRevision(db: Kysely<Database>): Promise<string> {
  const revision = newId();
  const r = await db.updateTable("data_revision").set({ revision }).where("id", "=", 1).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) await db.insertInto("data_revision").values({ id: 1, revision }).execute();
  return revision;
}
