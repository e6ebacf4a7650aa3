import { PostgresAdapter, sql, type Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "../schema";
import { recordChange } from "./audit";
import { getPeriod, type PeriodState } from "./court";

/** The monthly cycle's records: published revisions and their files, objections, notifications. */

export interface StoredNotice {
  id: string;
  kind: string;
  subject: string;
  revision: number;
  year: number;
  seq: number;
  number: string;
  hash: string;
  /** the snapshot as stored (JSON text; the caller parses it with its schema) */
  snapshot: string;
  publishedAt: string;
  publishedBy: string | null;
}

const storedNotice = (r: Database["notices"]): StoredNotice => ({
  id: r.id,
  kind: r.kind,
  subject: r.subject,
  revision: r.revision,
  year: r.year,
  seq: r.seq,
  number: r.number,
  hash: r.hash,
  snapshot: r.snapshot,
  publishedAt: r.published_at,
  publishedBy: r.published_by,
});

/** The next place in a year's series of numbers (notices, summaries and evaluations share it). */
export async function nextNumberSeq(db: Kysely<Database>, year: number): Promise<number> {
  const r = await db.selectFrom("notices").select((eb) => eb.fn.max("seq").as("m")).where("year", "=", year).executeTakeFirst();
  return Number(r?.m ?? 0) + 1;
}

/** Stores a published revision; scores of a published month answer from it, so the data revision moves on. */
export async function insertNotice(db: Kysely<Database>, n: StoredNotice): Promise<void> {
  await recordChange(db, n.kind === "notice" ? { scope: "publications", period: n.subject } : { scope: "publications" }, n.publishedAt);
  await db
    .insertInto("notices")
    .values({ id: n.id, kind: n.kind, subject: n.subject, revision: n.revision, year: n.year, seq: n.seq, number: n.number, hash: n.hash, snapshot: n.snapshot, published_at: n.publishedAt, published_by: n.publishedBy })
    .execute();
}

/** Stores a published revision's document; a second one of the same format is refused by the key. */
export async function insertNoticeFile(db: Kysely<Database>, noticeId: string, format: string, bytes: Uint8Array): Promise<void> {
  await db.insertInto("notice_files").values({ notice_id: noticeId, format, content: Buffer.from(bytes).toString("base64") }).execute();
}

/** A subject's revision, or its latest when none is given. */
export async function findNotice(db: Kysely<Database>, kind: string, subject: string, revision?: number): Promise<StoredNotice | undefined> {
  let q = db.selectFrom("notices").selectAll().where("kind", "=", kind).where("subject", "=", subject);
  q = revision === undefined ? q.orderBy("revision", "desc").limit(1) : q.where("revision", "=", revision);
  const r = await q.executeTakeFirst();
  return r && storedNotice(r);
}

/** Every published revision of a kind (of a year's subjects when given), newest subject first, then revision. */
export async function listNotices(db: Kysely<Database>, kind: string, year?: number): Promise<StoredNotice[]> {
  let q = db.selectFrom("notices").selectAll().where("kind", "=", kind);
  if (year !== undefined) q = q.where("subject", "like", `${year}%`);
  const rows = await q.orderBy("subject", "desc").orderBy("revision", "desc").execute();
  return rows.map(storedNotice);
}

/** A published revision without its snapshot: what a list shows. */
export type NoticeHead = Omit<StoredNotice, "snapshot">;

const HEAD_COLUMNS = ["id", "kind", "subject", "revision", "year", "seq", "number", "hash", "published_at", "published_by"] as const;
const noticeHead = ({ published_at, published_by, ...r }: Omit<Database["notices"], "snapshot">): NoticeHead => ({ ...r, publishedAt: published_at, publishedBy: published_by });

/** `findNotice` without the snapshot (a reader that has it parsed already, a file's reader). */
export async function findNoticeHead(db: Kysely<Database>, kind: string, subject: string, revision?: number): Promise<NoticeHead | undefined> {
  let q = db.selectFrom("notices").select(HEAD_COLUMNS).where("kind", "=", kind).where("subject", "=", subject);
  q = revision === undefined ? q.orderBy("revision", "desc").limit(1) : q.where("revision", "=", revision);
  const r = await q.executeTakeFirst();
  return r && noticeHead(r);
}

/** A published revision's snapshot as stored (JSON text). */
export async function noticeSnapshot(db: Kysely<Database>, id: string): Promise<string | undefined> {
  return (await db.selectFrom("notices").select("snapshot").where("id", "=", id).executeTakeFirst())?.snapshot;
}

/** Every published revision of a kind (of a year's subjects when given), as `listNotices` orders them, without the snapshots (a list never reads them). */
export async function listNoticeHeads(db: Kysely<Database>, kind: string, year?: number): Promise<NoticeHead[]> {
  let q = db.selectFrom("notices").select(HEAD_COLUMNS).where("kind", "=", kind);
  if (year !== undefined) q = q.where("subject", "like", `${year}%`);
  const rows = await q.orderBy("subject", "desc").orderBy("revision", "desc").execute();
  return rows.map(noticeHead);
}

/** The latest revision of every subject of a kind. */
export async function latestNotices(db: Kysely<Database>, kind: string): Promise<StoredNotice[]> {
  const all = await listNotices(db, kind);
  const seen = new Set<string>();
  return all.filter((n) => (seen.has(n.subject) ? false : (seen.add(n.subject), true)));
}

export async function noticeFile(db: Kysely<Database>, noticeId: string, format: string): Promise<Uint8Array | undefined> {
  const r = await db.selectFrom("notice_files").select("content").where("notice_id", "=", noticeId).where("format", "=", format).executeTakeFirst();
  return r && new Uint8Array(Buffer.from(r.content, "base64"));
}

export const ObjectionStatusSchema = z.enum(["open", "accepted", "rejected"]);
export type ObjectionStatus = z.infer<typeof ObjectionStatusSchema>;

export interface Objection {
  id: string;
  period: string;
  unit: string;
  indicator: string | null;
  field: string | null;
  text: string;
  status: ObjectionStatus;
  reply: string | null;
  raisedBy: string;
  at: string;
  resolvedBy: string | null;
  resolvedAt: string | null;
}

const objection = (r: Database["objections"]): Objection => ({
  id: r.id,
  period: r.period,
  unit: r.unit_key,
  indicator: r.indicator,
  field: r.field,
  text: r.text,
  status: ObjectionStatusSchema.parse(r.status),
  reply: r.reply,
  raisedBy: r.raised_by,
  at: r.raised_at,
  resolvedBy: r.resolved_by,
  resolvedAt: r.resolved_at,
});

export async function insertObjection(db: Kysely<Database>, o: Omit<Objection, "status" | "reply" | "resolvedBy" | "resolvedAt">): Promise<void> {
  await db
    .insertInto("objections")
    .values({ id: o.id, period: o.period, unit_key: o.unit, indicator: o.indicator, field: o.field, text: o.text, status: "open", reply: null, raised_by: o.raisedBy, raised_at: o.at, resolved_by: null, resolved_at: null })
    .execute();
}

export async function listObjections(db: Kysely<Database>, filter: { period?: string; unit?: string; status?: ObjectionStatus }): Promise<Objection[]> {
  let q = db.selectFrom("objections").selectAll();
  if (filter.period) q = q.where("period", "=", filter.period);
  if (filter.unit) q = q.where("unit_key", "=", filter.unit);
  if (filter.status) q = q.where("status", "=", filter.status);
  return (await q.orderBy("raised_at").orderBy("id").execute()).map(objection);
}

export async function findObjection(db: Kysely<Database>, id: string): Promise<Objection | undefined> {
  const r = await db.selectFrom("objections").selectAll().where("id", "=", id).executeTakeFirst();
  return r && objection(r);
}

export async function resolveObjection(db: Kysely<Database>, id: string, r: { status: "accepted" | "rejected"; reply: string; by: string; at: string }): Promise<void> {
  await db.updateTable("objections").set({ status: r.status, reply: r.reply, resolved_by: r.by, resolved_at: r.at }).where("id", "=", id).execute();
}

export interface Notification {
  id: string;
  kind: string;
  title: string;
  link: string | null;
  at: string;
  read: boolean;
}

export async function insertNotifications(db: Kysely<Database>, rows: Array<{ id: string; username: string; kind: string; title: string; link: string | null; at: string }>): Promise<void> {
  for (const r of rows) await db.insertInto("notifications").values({ id: r.id, username: r.username, kind: r.kind, title: r.title, link: r.link, created_at: r.at, read_at: null }).execute();
}

export async function listNotifications(db: Kysely<Database>, username: string, limit = 50): Promise<{ items: Notification[]; unread: number }> {
  const rows = await db.selectFrom("notifications").selectAll().where("username", "=", username).orderBy("created_at", "desc").orderBy("id").limit(limit).execute();
  const unread = await db.selectFrom("notifications").select((eb) => eb.fn.countAll().as("n")).where("username", "=", username).where("read_at", "is", null).executeTakeFirst();
  return { items: rows.map((r) => ({ id: r.id, kind: r.kind, title: r.title, link: r.link, at: r.created_at, read: r.read_at !== null })), unread: Number(unread?.n ?? 0) };
}

export async function markNotificationsRead(db: Kysely<Database>, username: string, ids: readonly string[], at: string): Promise<void> {
  if (ids.length) await db.updateTable("notifications").set({ read_at: at }).where("username", "=", username).where("id", "in", [...ids]).where("read_at", "is", null).execute();
}

export interface PendingCorrection {
  kind: string;
  subject: string;
  reason: string;
  by: string;
  at: string;
}

export async function findPendingCorrection(db: Kysely<Database>, kind: string, subject: string): Promise<PendingCorrection | undefined> {
  const r = await db.selectFrom("pending_corrections").selectAll().where("kind", "=", kind).where("subject", "=", subject).executeTakeFirst();
  return r && { kind: r.kind, subject: r.subject, reason: r.reason, by: r.created_by, at: r.created_at };
}

export async function insertPendingCorrection(db: Kysely<Database>, c: PendingCorrection): Promise<void> {
  await db.insertInto("pending_corrections").values({ kind: c.kind, subject: c.subject, reason: c.reason, created_by: c.by, created_at: c.at }).execute();
}

export async function deletePendingCorrection(db: Kysely<Database>, kind: string, subject: string): Promise<void> {
  await db.deleteFrom("pending_corrections").where("kind", "=", kind).where("subject", "=", subject).execute();
}

export interface AnnualOverride {
  year: number;
  unit: string;
  grade: string;
  reason: string;
  by: string;
  at: string;
}

export async function listAnnualOverrides(db: Kysely<Database>, year: number): Promise<AnnualOverride[]> {
  const rows = await db.selectFrom("annual_overrides").selectAll().where("year", "=", year).orderBy("unit_key").execute();
  return rows.map((r) => ({ year: r.year, unit: r.unit_key, grade: r.grade, reason: r.reason, by: r.created_by, at: r.created_at }));
}

/** Sets one tribunal's override for the year (a new one replaces the old). */
export async function setAnnualOverride(db: Kysely<Database>, o: AnnualOverride): Promise<void> {
  // what the year's evaluation publishes changes: a publication built before it must see it (or be built again)
  await recordChange(db, { scope: "publications" }, o.at);
  await db.deleteFrom("annual_overrides").where("year", "=", o.year).where("unit_key", "=", o.unit).execute();
  await db.insertInto("annual_overrides").values({ year: o.year, unit_key: o.unit, grade: o.grade, reason: o.reason, created_by: o.by, created_at: o.at }).execute();
}

/**
 * Takes a month's lock for the rest of the caller's transaction and returns its state as it is
 * now (product.md: every write of a month, and its publication, take the month's lock and check
 * its state inside their transaction). On PostgreSQL a transaction-scoped advisory lock keyed on
 * the month — it needs no row, so two first writers of a month nobody has touched yet queue as
 * well, and no empty month appears in the list; SQLite has one writer at a time, so its
 * transaction already holds it. Take it before the transaction's first write (recordChange holds
 * the revision row's lock to the commit).
 */
export async function lockMonth(db: Kysely<Database>, period: string, _at: string): Promise<PeriodState> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) await sql`select pg_advisory_xact_lock(hashtextextended(${`scorecard.month:${period}`}, 0))`.execute(db);
  return getPeriod(db, period);
}

/** One correction that caused a 需更正 mark: the published revision of the corrected document. */
export interface MarkCause {
  kind: string;
  subject: string;
  revision: number;
  number: string;
}

const MarkCausesSchema = z.array(z.object({ kind: z.string(), subject: z.string(), revision: z.number().int(), number: z.string() }));

/** Every 需更正 mark of a kind (all kinds when none is given), by subject. */
export async function listCorrectionMarks(db: Kysely<Database>, kind?: string): Promise<Array<{ kind: string; subject: string; because: MarkCause[]; at: string }>> {
  let q = db.selectFrom("correction_marks").selectAll();
  if (kind !== undefined) q = q.where("kind", "=", kind);
  const rows = await q.orderBy("kind").orderBy("subject").execute();
  return rows.map((r) => ({ kind: r.kind, subject: r.subject, because: MarkCausesSchema.parse(JSON.parse(r.because)), at: r.marked_at }));
}

/** A document's mark, or undefined when it is not marked. */
export async function findCorrectionMark(db: Kysely<Database>, kind: string, subject: string): Promise<{ because: MarkCause[]; at: string } | undefined> {
  const r = await db.selectFrom("correction_marks").selectAll().where("kind", "=", kind).where("subject", "=", subject).executeTakeFirst();
  return r && { because: MarkCausesSchema.parse(JSON.parse(r.because)), at: r.marked_at };
}

/** Marks a document 需更正 for these corrections (replacing its earlier mark), or clears it with an empty list. */
export async function setCorrectionMark(db: Kysely<Database>, kind: string, subject: string, because: readonly MarkCause[], at: string): Promise<void> {
  await db.deleteFrom("correction_marks").where("kind", "=", kind).where("subject", "=", subject).execute();
  if (because.length) await db.insertInto("correction_marks").values({ kind, subject, because: JSON.stringify(because), marked_at: at }).execute();
}

/** The published revisions that have no stored file of a format yet (revisions published before files were stored at publication). */
export async function noticesWithoutFiles(db: Kysely<Database>, formats: readonly string[]): Promise<StoredNotice[]> {
  const rows = await db.selectFrom("notices").selectAll().orderBy("year").orderBy("seq").execute();
  const have = await db.selectFrom("notice_files").select(["notice_id", "format"]).execute();
  const stored = new Set(have.map((h) => `${h.notice_id}|${h.format}`));
  return rows.map(storedNotice).filter((n) => formats.some((f) => !stored.has(`${n.id}|${f}`)));
}
