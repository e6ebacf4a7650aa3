import type { Kysely } from "kysely";
import type { Database } from "../schema";

export interface AuditInput {
  username: string | null;
  action: string;
  target: string;
  before?: unknown;
  after?: unknown;
}

/** Appends one entry to the audit log; call inside the transaction that makes the change. */
export async function appendAudit(db: Kysely<Database>, e: AuditInput, at = new Date().toISOString()): Promise<void> {
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
  user: string | null;
  action: string;
  target: string;
  before: unknown;
  after: unknown;
}

/** Newest first; `before` is an entry id to page back from. */
export async function listAudit(db: Kysely<Database>, opts: { limit: number; before?: number }): Promise<AuditRecord[]> {
  let q = db.selectFrom("audit_log").selectAll().orderBy("id", "desc").limit(opts.limit);
  if (opts.before !== undefined) q = q.where("id", "<", opts.before);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: Number(r.id),
    at: r.at,
    user: r.username,
    action: r.action,
    target: r.target,
    before: r.before_json === null ? null : JSON.parse(r.before_json),
    after: r.after_json === null ? null : JSON.parse(r.after_json),
  }));
}

/** The id of the latest entry: every change writes one, so it names the data's revision. */
export async function latestAuditId(db: Kysely<Database>): Promise<number> {
  const r = await db.selectFrom("audit_log").select((eb) => eb.fn.max("id").as("id")).executeTakeFirst();
  return Number(r?.id ?? 0);
}
