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
 * Appends one entry to the audit log and moves the data revision on; call inside the
 * transaction that makes the change. Every change writes an entry, so this is the one place
 * where a change makes cached scores stale (the revision commits with the change or not at all).
 */
export async function appendAudit(db: Kysely<Database>, e: AuditInput, at = new Date().toISOString()): Promise<void> {
  await bumpDataRevision(db);
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

/**
 * The revision of the stored data: replaced inside every write transaction (appendAudit), so
 * equal revisions mean equal data, in commit order on SQLite and PostgreSQL alike.
 */
export async function dataRevision(db: Kysely<Database>): Promise<string> {
  const r = await db.selectFrom("data_revision").select("revision").where("id", "=", 1).executeTakeFirst();
  return r?.revision ?? "";
}

/** Moves the data revision on (a restore does it once for everything it wrote). */
export async function bumpDataRevision(db: Kysely<Database>): Promise<void> {
  const revision = newId();
  const r = await db.updateTable("data_revision").set({ revision }).where("id", "=", 1).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) await db.insertInto("data_revision").values({ id: 1, revision }).execute();
}
