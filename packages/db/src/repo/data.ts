import type { Kysely } from "kysely";
import { sql } from "kysely";
import { z } from "zod";
import { FactValuesSchema, parseRulebook, type AdjustmentRow, type FactRow, type FactValues, type Rulebook } from "@scorecard/rules";
import type { Database } from "../schema";
import { recordChange } from "./audit";

/** Rulebook versions, facts and adjustments: what the engine scores. */

export interface RulebookVersion {
  id: string;
  family: string;
  version: string;
  title: string;
  status: "draft" | "active";
  effectiveFrom: string;
  createdBy: string | null;
  createdAt: string;
  activatedAt: string | null;
  /** the last write (creation, a saved draft, activation); a save must name the one it was edited from */
  updatedAt: string;
  updatedBy: string | null;
}

const versionOf = (r: Database["rulebooks"]): RulebookVersion => ({
  id: r.id,
  family: r.family,
  version: r.version,
  title: r.title,
  status: r.status,
  effectiveFrom: r.effective_from,
  createdBy: r.created_by,
  createdAt: r.created_at,
  activatedAt: r.activated_at,
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
});

export async function listRulebooks(db: Kysely<Database>): Promise<RulebookVersion[]> {
  const rows = await db.selectFrom("rulebooks").selectAll().orderBy("effective_from").orderBy("created_at").execute();
  return rows.map(versionOf);
}

export async function getRulebook(db: Kysely<Database>, id: string): Promise<{ meta: RulebookVersion; rulebook: Rulebook } | undefined> {
  const r = await db.selectFrom("rulebooks").selectAll().where("id", "=", id).executeTakeFirst();
  return r ? { meta: versionOf(r), rulebook: parseRulebook(JSON.parse(r.body)) } : undefined;
}

/** The active versions (one family), oldest first: what scores every period. */
export async function activeRulebooks(db: Kysely<Database>): Promise<Rulebook[]> {
  const rows = await db.selectFrom("rulebooks").select("body").where("status", "=", "active").orderBy("effective_from").execute();
  return rows.map((r) => parseRulebook(JSON.parse(r.body)));
}

export interface StoredFacts {
  period: string;
  unit: string;
  values: Record<string, number>;
  version: number;
  updatedBy: string | null;
  updatedAt: string;
}

/** A facts row's values, checked against their schema as they come out of the database. */
function factValues(json: string): FactValues {
  return FactValuesSchema.parse(JSON.parse(json));
}

const storedFacts = (r: Database["facts"]): StoredFacts => ({
  period: r.period,
  unit: r.unit_key,
  values: factValues(r.values_json),
  version: r.version,
  updatedBy: r.updated_by,
  updatedAt: r.updated_at,
});

export async function factsOfPeriod(db: Kysely<Database>, period: string): Promise<StoredFacts[]> {
  const rows = await db.selectFrom("facts").selectAll().where("period", "=", period).orderBy("unit_key").execute();
  return rows.map(storedFacts);
}

export async function factsOfUnit(db: Kysely<Database>, period: string, unit: string): Promise<StoredFacts | undefined> {
  const r = await db.selectFrom("facts").selectAll().where("period", "=", period).where("unit_key", "=", unit).executeTakeFirst();
  return r && storedFacts(r);
}

/**
 * Writes one tribunal's figures of a month if the stored row is still at `expected` (0: none
 * stored). Returns the new version, or `{ conflict }` with the version found, writing nothing.
 */
export async function writeFacts(
  db: Kysely<Database>,
  w: { period: string; unit: string; values: FactValues; expected: number; by: string | null; at: string },
): Promise<{ version: number; before: StoredFacts | undefined } | { conflict: number }> {
  const before = await factsOfUnit(db, w.period, w.unit);
  const current = before?.version ?? 0;
  if (current !== w.expected) return { conflict: current };
  const values_json = JSON.stringify(w.values);
  if (before) {
    const r = await db
      .updateTable("facts")
      .set({ values_json, version: sql<number>`version + 1`, updated_by: w.by, updated_at: w.at })
      .where("period", "=", w.period)
      .where("unit_key", "=", w.unit)
      .where("version", "=", w.expected)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return { conflict: current + 1 };
  } else {
    await db.insertInto("facts").values({ period: w.period, unit_key: w.unit, values_json, version: 1, updated_by: w.by, updated_at: w.at }).execute();
  }
  await recordChange(db, { scope: "facts", period: w.period }, w.at);
  return { version: current + 1, before };
}

/** A previewed import waiting to be committed: the rows read from the file and the versions they were compared with. */
export const ImportPayloadSchema = z.object({
  rows: z.array(z.object({ unit: z.string(), values: FactValuesSchema })),
  versions: z.record(z.string(), z.number().int().min(0)),
});
export type ImportPayload = z.infer<typeof ImportPayloadSchema>;

export interface PendingImport {
  id: string;
  period: string;
  payload: ImportPayload;
  createdBy: string;
  createdAt: string;
  committedAt: string | null;
}

export async function insertImport(db: Kysely<Database>, i: { id: string; period: string; payload: ImportPayload; by: string; at: string }): Promise<void> {
  await db.insertInto("imports").values({ id: i.id, period: i.period, payload: JSON.stringify(i.payload), created_by: i.by, created_at: i.at, committed_at: null }).execute();
}

export async function findImport(db: Kysely<Database>, id: string): Promise<PendingImport | undefined> {
  const r = await db.selectFrom("imports").selectAll().where("id", "=", id).executeTakeFirst();
  return r && { id: r.id, period: r.period, payload: ImportPayloadSchema.parse(JSON.parse(r.payload)), createdBy: r.created_by, createdAt: r.created_at, committedAt: r.committed_at };
}

export async function markImportCommitted(db: Kysely<Database>, id: string, at: string): Promise<void> {
  await db.updateTable("imports").set({ committed_at: at }).where("id", "=", id).execute();
}

/** Every fact row and adjustment, for scoring; only those of the months given when `periods` is (a changed month's reload). */
export async function allData(db: Kysely<Database>, periods?: readonly string[]): Promise<{ facts: FactRow[]; adjustments: AdjustmentRow[] }> {
  if (periods?.length === 0) return { facts: [], adjustments: [] };
  let fq = db.selectFrom("facts").select(["period", "unit_key", "values_json"]);
  let aq = db.selectFrom("adjustments").select(["period", "unit_key", "item", "count", "note"]);
  if (periods) {
    fq = fq.where("period", "in", [...periods]);
    aq = aq.where("period", "in", [...periods]);
  }
  const [facts, adj] = await Promise.all([fq.orderBy("period").orderBy("unit_key").execute(), aq.orderBy("period").orderBy("created_at").orderBy("id").execute()]);
  return {
    facts: facts.map((r) => ({ period: r.period, unit: r.unit_key, values: factValues(r.values_json) })),
    adjustments: adj.map((r) => ({ period: r.period, unit: r.unit_key, item: r.item, count: r.count, ...(r.note ? { note: r.note } : {}) })),
  };
}

export interface StoredAdjustment {
  id: string;
  period: string;
  unit: string;
  item: string;
  count: number;
  note: string | null;
  evidence: string | null;
  createdBy: string | null;
  createdAt: string;
}

export async function listAdjustments(db: Kysely<Database>, filter: { period?: string; from?: string; to?: string; unit?: string }): Promise<StoredAdjustment[]> {
  let q = db.selectFrom("adjustments").selectAll();
  if (filter.period) q = q.where("period", "=", filter.period);
  if (filter.from) q = q.where("period", ">=", filter.from);
  if (filter.to) q = q.where("period", "<=", filter.to);
  if (filter.unit) q = q.where("unit_key", "=", filter.unit);
  const rows = await q.orderBy("period").orderBy("unit_key").orderBy("created_at").execute();
  return rows.map((r) => ({
    id: r.id, period: r.period, unit: r.unit_key, item: r.item, count: r.count, note: r.note, evidence: r.evidence, createdBy: r.created_by, createdAt: r.created_at,
  }));
}

export async function findAdjustment(db: Kysely<Database>, id: string): Promise<StoredAdjustment | undefined> {
  const r = await db.selectFrom("adjustments").selectAll().where("id", "=", id).executeTakeFirst();
  return r && { id: r.id, period: r.period, unit: r.unit_key, item: r.item, count: r.count, note: r.note, evidence: r.evidence, createdBy: r.created_by, createdAt: r.created_at };
}

export async function insertAdjustment(db: Kysely<Database>, a: Omit<StoredAdjustment, "createdBy"> & { createdBy: string | null }): Promise<void> {
  await db
    .insertInto("adjustments")
    .values({ id: a.id, period: a.period, unit_key: a.unit, item: a.item, count: a.count, note: a.note, evidence: a.evidence, created_by: a.createdBy, created_at: a.createdAt })
    .execute();
  await recordChange(db, { scope: "adjustments", period: a.period }, a.createdAt);
}

/** Removes an adjustment (nothing when it is gone already). */
export async function deleteAdjustment(db: Kysely<Database>, id: string, at: string): Promise<void> {
  const r = await db.deleteFrom("adjustments").where("id", "=", id).returning("period").executeTakeFirst();
  if (r) await recordChange(db, { scope: "adjustments", period: r.period }, at);
}

/** Stores a rulebook version (validated by the caller) as a draft or active version. */
export async function insertRulebook(
  db: Kysely<Database>,
  r: { id: string; rulebook: Rulebook; status: "draft" | "active"; by: string | null; at: string },
): Promise<void> {
  const rb = r.rulebook;
  await db
    .insertInto("rulebooks")
    .values({
      id: r.id,
      family: rb.id,
      version: rb.version,
      title: rb.title,
      status: r.status,
      effective_from: rb.effectiveFrom,
      body: JSON.stringify(rb),
      created_by: r.by,
      created_at: r.at,
      activated_at: r.status === "active" ? r.at : null,
      updated_at: r.at,
      updated_by: r.by,
    })
    .execute();
  // a draft scores nothing; an active version does from its month on
  if (r.status === "active") await recordChange(db, { scope: "rulebooks" }, r.at);
}

/** The active version taking effect at a period, if any. */
export async function activeVersionFrom(db: Kysely<Database>, effectiveFrom: string): Promise<RulebookVersion | undefined> {
  const r = await db.selectFrom("rulebooks").selectAll().where("status", "=", "active").where("effective_from", "=", effectiveFrom).executeTakeFirst();
  return r && versionOf(r);
}

/**
 * Activates a version from `effectiveFrom` (its own when not given), which its stored body then
 * carries too. The caller checks that the month is allowed (after every published month, not
 * taken by another active version).
 */
export async function activateRulebook(db: Kysely<Database>, id: string, at: string, effectiveFrom?: string, by: string | null = null): Promise<void> {
  const r = await db.selectFrom("rulebooks").select(["body", "updated_at"]).where("id", "=", id).executeTakeFirst();
  if (!r) return;
  const set = { status: "active" as const, activated_at: at, updated_at: laterThan(at, r.updated_at), updated_by: by };
  if (effectiveFrom === undefined) {
    await db.updateTable("rulebooks").set(set).where("id", "=", id).execute();
  } else {
    const body = JSON.stringify({ ...(JSON.parse(r.body) as Record<string, unknown>), effectiveFrom });
    await db.updateTable("rulebooks").set({ ...set, effective_from: effectiveFrom, body }).where("id", "=", id).execute();
  }
  await recordChange(db, { scope: "rulebooks" }, at);
}

/** `at`, or a millisecond after `previous` when `at` is not later: every write gets a new `updated_at`, even within one millisecond. */
function laterThan(at: string, previous: string): string {
  if (at > previous) return at;
  const t = Date.parse(previous);
  return Number.isFinite(t) ? new Date(t + 1).toISOString() : at;
}

export type DraftSave =
  | { saved: true; savedAt: string; before: { meta: RulebookVersion; rulebook: Rulebook } }
  | { saved: false; reason: "missing" }
  | { saved: false; reason: "active" }
  | { saved: false; reason: "stale"; updatedAt: string; updatedBy: string | null };

/**
 * Replaces a draft's body (validated by the caller) if it is still at `expectedAt`, the
 * `updatedAt` the editor loaded; otherwise writes nothing and says why: gone, no longer a draft,
 * or changed since (with when).
 */
export async function updateRulebookDraft(
  db: Kysely<Database>,
  w: { id: string; rulebook: Rulebook; expectedAt: string; by: string | null; at: string },
): Promise<DraftSave> {
  const r = await db.selectFrom("rulebooks").selectAll().where("id", "=", w.id).executeTakeFirst();
  if (!r) return { saved: false, reason: "missing" };
  if (r.status !== "draft") return { saved: false, reason: "active" };
  if (r.updated_at !== w.expectedAt) return { saved: false, reason: "stale", updatedAt: r.updated_at, updatedBy: r.updated_by };
  const rb = w.rulebook;
  const savedAt = laterThan(w.at, r.updated_at);
  const res = await db
    .updateTable("rulebooks")
    .set({ family: rb.id, version: rb.version, title: rb.title, effective_from: rb.effectiveFrom, body: JSON.stringify(rb), updated_at: savedAt, updated_by: w.by })
    .where("id", "=", w.id)
    .where("status", "=", "draft")
    .where("updated_at", "=", w.expectedAt)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) {
    const now = await db.selectFrom("rulebooks").select(["status", "updated_at", "updated_by"]).where("id", "=", w.id).executeTakeFirst();
    if (!now) return { saved: false, reason: "missing" };
    if (now.status !== "draft") return { saved: false, reason: "active" };
    return { saved: false, reason: "stale", updatedAt: now.updated_at, updatedBy: now.updated_by };
  }
  return { saved: true, savedAt, before: { meta: versionOf(r), rulebook: parseRulebook(JSON.parse(r.body)) } };
}

/** Deletes a draft version; an active one is never deleted. True when a draft was deleted. */
export async function deleteRulebookDraft(db: Kysely<Database>, id: string): Promise<boolean> {
  const r = await db.deleteFrom("rulebooks").where("id", "=", id).where("status", "=", "draft").executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}
