import type { Kysely } from "kysely";
import { parseRulebook, type AdjustmentRow, type FactRow, type Rulebook } from "@scorecard/rules";
import type { Database } from "../schema";

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

export async function factsOfPeriod(db: Kysely<Database>, period: string): Promise<StoredFacts[]> {
  const rows = await db.selectFrom("facts").selectAll().where("period", "=", period).orderBy("unit_key").execute();
  return rows.map((r) => ({ period: r.period, unit: r.unit_key, values: JSON.parse(r.values_json), version: r.version, updatedBy: r.updated_by, updatedAt: r.updated_at }));
}

/** Every fact row and adjustment, for scoring. */
export async function allData(db: Kysely<Database>): Promise<{ facts: FactRow[]; adjustments: AdjustmentRow[] }> {
  const facts = await db.selectFrom("facts").select(["period", "unit_key", "values_json"]).execute();
  const adj = await db.selectFrom("adjustments").select(["period", "unit_key", "item", "count", "note"]).execute();
  return {
    facts: facts.map((r) => ({ period: r.period, unit: r.unit_key, values: JSON.parse(r.values_json) })),
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
