import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "../schema";

/** Supervision (督办): instructions, their history, and what stats did with an overdue one's penalty. */

export const SupervisionStatusSchema = z.enum(["issued", "answered", "returned", "closed"]);
export type SupervisionStatus = z.infer<typeof SupervisionStatusSchema>;

/** A step of the history: the instruction issued, answered (整改措施), sent back (with a reason), closed (with a note). */
export const SupervisionStepSchema = z.enum(["issued", "answered", "returned", "closed"]);
export type SupervisionStep = z.infer<typeof SupervisionStepSchema>;

export const SuggestionDecisionSchema = z.enum(["accepted", "dismissed"]);
export type SuggestionDecision = z.infer<typeof SuggestionDecisionSchema>;

export interface SupervisionEvent {
  seq: number;
  kind: SupervisionStep;
  text: string;
  by: string;
  at: string;
}

export interface Supervision {
  id: string;
  unit: string;
  indicator: string;
  period: string;
  text: string;
  /** YYYY-MM-DD */
  due: string;
  status: SupervisionStatus;
  issuedBy: string;
  issuedAt: string;
  /** stats' decision on the penalty offered when it ran overdue, null while none was taken */
  suggestion: SuggestionDecision | null;
  suggestionReason: string | null;
  suggestionBy: string | null;
  suggestionAt: string | null;
  adjustmentId: string | null;
  overdueNotifiedAt: string | null;
  /** oldest first */
  events: SupervisionEvent[];
}

type Row = Database["supervisions"];
type EventRow = Database["supervision_events"];

const supervisionOf = (r: Row, events: EventRow[]): Supervision => ({
  id: r.id,
  unit: r.unit_key,
  indicator: r.indicator,
  period: r.period,
  text: r.text,
  due: r.due,
  status: SupervisionStatusSchema.parse(r.status),
  issuedBy: r.issued_by,
  issuedAt: r.issued_at,
  suggestion: r.suggestion === null ? null : SuggestionDecisionSchema.parse(r.suggestion),
  suggestionReason: r.suggestion_reason,
  suggestionBy: r.suggestion_by,
  suggestionAt: r.suggestion_at,
  adjustmentId: r.adjustment_id,
  overdueNotifiedAt: r.overdue_notified_at,
  events: events
    .filter((e) => e.supervision_id === r.id)
    .sort((a, b) => Number(a.seq) - Number(b.seq))
    .map((e) => ({ seq: Number(e.seq), kind: SupervisionStepSchema.parse(e.kind), text: e.text, by: e.by_user, at: e.at })),
});

/** Stores a new instruction (status issued) with the first step of its history. */
export async function insertSupervision(
  db: Kysely<Database>,
  s: { id: string; unit: string; indicator: string; period: string; text: string; due: string; by: string; at: string },
): Promise<void> {
  await db
    .insertInto("supervisions")
    .values({
      id: s.id, unit_key: s.unit, indicator: s.indicator, period: s.period, text: s.text, due: s.due, status: "issued", issued_by: s.by, issued_at: s.at,
      suggestion: null, suggestion_reason: null, suggestion_by: null, suggestion_at: null, adjustment_id: null, overdue_notified_at: null,
    })
    .execute();
  await db.insertInto("supervision_events").values({ supervision_id: s.id, seq: 1, kind: "issued", text: s.text, by_user: s.by, at: s.at }).execute();
}

/** Instructions, newest first: of the given tribunals only when `units` is given, of a status when given. */
export async function listSupervisions(db: Kysely<Database>, filter: { units?: readonly string[]; status?: SupervisionStatus; id?: string } = {}): Promise<Supervision[]> {
  if (filter.units && filter.units.length === 0) return [];
  let q = db.selectFrom("supervisions").selectAll();
  if (filter.units) q = q.where("unit_key", "in", [...filter.units]);
  if (filter.status) q = q.where("status", "=", filter.status);
  if (filter.id) q = q.where("id", "=", filter.id);
  const rows = await q.orderBy("issued_at", "desc").orderBy("id").execute();
  if (!rows.length) return [];
  const events = await db.selectFrom("supervision_events").selectAll().where("supervision_id", "in", rows.map((r) => r.id)).execute();
  return rows.map((r) => supervisionOf(r, events));
}

export async function findSupervision(db: Kysely<Database>, id: string): Promise<Supervision | undefined> {
  return (await listSupervisions(db, { id }))[0];
}

/**
 * Moves an instruction from `from` to `to` and appends the step to its history. Returns false,
 * writing nothing, when its status is no longer `from` (someone else acted first).
 */
export async function addSupervisionStep(
  db: Kysely<Database>,
  id: string,
  step: { from: SupervisionStatus; to: SupervisionStatus; kind: SupervisionStep; text: string; by: string; at: string },
): Promise<boolean> {
  const r = await db.updateTable("supervisions").set({ status: step.to }).where("id", "=", id).where("status", "=", step.from).executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  const last = await db.selectFrom("supervision_events").select((eb) => eb.fn.max("seq").as("m")).where("supervision_id", "=", id).executeTakeFirst();
  await db.insertInto("supervision_events").values({ supervision_id: id, seq: Number(last?.m ?? 0) + 1, kind: step.kind, text: step.text, by_user: step.by, at: step.at }).execute();
  return true;
}

/** Records stats' decision on the penalty offered; false, writing nothing, when one was already taken. */
export async function decideSupervisionSuggestion(
  db: Kysely<Database>,
  id: string,
  d: { decision: SuggestionDecision; reason: string | null; adjustmentId: string | null; by: string; at: string },
): Promise<boolean> {
  const r = await db
    .updateTable("supervisions")
    .set({ suggestion: d.decision, suggestion_reason: d.reason, adjustment_id: d.adjustmentId, suggestion_by: d.by, suggestion_at: d.at })
    .where("id", "=", id)
    .where("suggestion", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Marks the overdue notification sent; false when it already was (it is sent once). */
export async function markSupervisionOverdueNotified(db: Kysely<Database>, id: string, at: string): Promise<boolean> {
  const r = await db.updateTable("supervisions").set({ overdue_notified_at: at }).where("id", "=", id).where("overdue_notified_at", "is", null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
