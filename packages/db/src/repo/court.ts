import type { Kysely } from "kysely";
import type { Database, PeriodStatus, Role } from "../schema";
import { recordChange } from "./audit";

/** Users, units, assignments and periods: the court's structure. */

export async function findUserByUsername(db: Kysely<Database>, username: string) {
  return db.selectFrom("users").selectAll().where("username", "=", username).executeTakeFirst();
}

export async function findUserById(db: Kysely<Database>, id: string) {
  return db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
}

export interface UserSummary {
  id: string;
  username: string;
  name: string;
  role: Role;
  unit: string | null;
  active: boolean;
  units: string[];
}

/** Every account with its tribunals (a leader's assignments, a head's own tribunal). */
export async function listUsers(db: Kysely<Database>): Promise<UserSummary[]> {
  const users = await db.selectFrom("users").select(["id", "username", "name", "role", "unit_key", "active"]).orderBy("username").execute();
  const assignments = await db.selectFrom("leader_assignments").selectAll().execute();
  return users.map((u) => ({
    id: u.id,
    username: u.username,
    name: u.name,
    role: u.role,
    unit: u.unit_key,
    active: u.active === 1,
    units: u.role === "leader" ? assignments.filter((a) => a.user_id === u.id).map((a) => a.unit_key).sort() : u.unit_key ? [u.unit_key] : [],
  }));
}

export async function unitsOfLeader(db: Kysely<Database>, userId: string): Promise<string[]> {
  const rows = await db.selectFrom("leader_assignments").select("unit_key").where("user_id", "=", userId).orderBy("unit_key").execute();
  return rows.map((r) => r.unit_key);
}

export interface UnitSummary {
  key: string;
  name: string;
  sortOrder: number;
  active: boolean;
  /** the head's name, or null */
  head: string | null;
  headUsername: string | null;
  /** overseeing leaders' usernames */
  leaders: string[];
}

export async function listUnits(db: Kysely<Database>): Promise<UnitSummary[]> {
  const units = await db.selectFrom("units").selectAll().orderBy("sort_order").orderBy("key").execute();
  const heads = await db.selectFrom("users").select(["username", "name", "unit_key"]).where("role", "=", "head").where("active", "=", 1).execute();
  const leaders = await db
    .selectFrom("leader_assignments")
    .innerJoin("users", "users.id", "leader_assignments.user_id")
    .select(["leader_assignments.unit_key", "users.username"])
    .orderBy("users.username")
    .execute();
  return units.map((u) => {
    const head = heads.find((h) => h.unit_key === u.key);
    return {
      key: u.key,
      name: u.name,
      sortOrder: u.sort_order,
      active: u.active === 1,
      head: head?.name ?? null,
      headUsername: head?.username ?? null,
      leaders: leaders.filter((l) => l.unit_key === u.key).map((l) => l.username),
    };
  });
}

export interface PeriodState {
  period: string;
  status: PeriodStatus;
  /** the last published revision (0 before the first publication) */
  revision: number;
  reviewUntil: string | null;
  /** a correction of an earlier month changed this published month's scores (需更正) */
  needsCorrection: boolean;
  /** the reason of the correction under way (status correcting) */
  correctionReason: string | null;
}

/** The state of a month that has none stored yet: collecting, never published. */
export function untouchedPeriod(period: string): PeriodState {
  return { period, status: "collecting", revision: 0, reviewUntil: null, needsCorrection: false, correctionReason: null };
}

const periodState = (r: Database["periods"]): PeriodState => ({
  period: r.period,
  status: r.status,
  revision: r.revision,
  reviewUntil: r.review_until,
  needsCorrection: r.needs_correction === 1,
  correctionReason: r.correction_reason,
});

/** A period's state; a month never touched is `collecting`, revision 0. */
export async function getPeriod(db: Kysely<Database>, period: string): Promise<PeriodState> {
  const r = await db.selectFrom("periods").selectAll().where("period", "=", period).executeTakeFirst();
  return r ? periodState(r) : untouchedPeriod(period);
}

export async function listPeriods(db: Kysely<Database>): Promise<PeriodState[]> {
  const rows = await db.selectFrom("periods").selectAll().orderBy("period").execute();
  return rows.map(periodState);
}

/** Stores a month's state (`at`: the request's clock); the score cache reloads that month's state. */
export async function setPeriod(db: Kysely<Database>, p: PeriodState, by: string | null, at: string): Promise<void> {
  const row = {
    status: p.status,
    revision: p.revision,
    review_until: p.reviewUntil,
    updated_by: by,
    updated_at: at,
    needs_correction: p.needsCorrection ? 1 : 0,
    correction_reason: p.correctionReason,
  };
  const exists = await db.selectFrom("periods").select("period").where("period", "=", p.period).executeTakeFirst();
  if (exists) await db.updateTable("periods").set(row).where("period", "=", p.period).execute();
  else await db.insertInto("periods").values({ period: p.period, ...row }).execute();
  await recordChange(db, { scope: "periods", period: p.period }, at);
}

export async function findUnit(db: Kysely<Database>, key: string) {
  return db.selectFrom("units").selectAll().where("key", "=", key).executeTakeFirst();
}

/** Adds a tribunal at the end of the court's order. */
export async function insertUnit(db: Kysely<Database>, u: { key: string; name: string; active: boolean }, at: string): Promise<void> {
  const max = await db.selectFrom("units").select((eb) => eb.fn.max("sort_order").as("m")).executeTakeFirst();
  await db.insertInto("units").values({ key: u.key, name: u.name, sort_order: Number(max?.m ?? 0) + 1, active: u.active ? 1 : 0 }).execute();
  await recordChange(db, { scope: "units" }, at);
}

export async function updateUnit(db: Kysely<Database>, key: string, u: { name: string; active?: boolean }, at: string): Promise<void> {
  await db.updateTable("units").set({ name: u.name, ...(u.active === undefined ? {} : { active: u.active ? 1 : 0 }) }).where("key", "=", key).execute();
  await recordChange(db, { scope: "units" }, at);
}

export async function insertUser(
  db: Kysely<Database>,
  u: { id: string; username: string; name: string; role: Role; unit: string | null; passwordHash: string; at: string },
): Promise<void> {
  await db
    .insertInto("users")
    .values({ id: u.id, username: u.username, name: u.name, role: u.role, unit_key: u.unit, password_hash: u.passwordHash, active: 1, created_at: u.at })
    .execute();
}

export async function updateUser(db: Kysely<Database>, id: string, u: { name?: string; active?: boolean; passwordHash?: string }): Promise<void> {
  const set = {
    ...(u.name ? { name: u.name } : {}),
    ...(u.active === undefined ? {} : { active: u.active ? 1 : 0 }),
    ...(u.passwordHash ? { password_hash: u.passwordHash } : {}),
  };
  if (Object.keys(set).length) await db.updateTable("users").set(set).where("id", "=", id).execute();
}

/** Adds one tribunal to a leader's assignments (nothing when it is there already). */
export async function addAssignment(db: Kysely<Database>, userId: string, unit: string): Promise<void> {
  const has = await db.selectFrom("leader_assignments").select("user_id").where("user_id", "=", userId).where("unit_key", "=", unit).executeTakeFirst();
  if (!has) await db.insertInto("leader_assignments").values({ user_id: userId, unit_key: unit }).execute();
}

/** Replaces the tribunals a leader oversees. */
export async function setAssignments(db: Kysely<Database>, userId: string, units: readonly string[]): Promise<void> {
  await db.deleteFrom("leader_assignments").where("user_id", "=", userId).execute();
  for (const u of new Set(units)) await db.insertInto("leader_assignments").values({ user_id: userId, unit_key: u }).execute();
}

/**
 * Who oversees what, to check "every tribunal has a leader, every leader a tribunal"
 * (product.md) inside the transaction that changes either: the active tribunals left without an
 * active leader, and the active leaders left without an active tribunal.
 */
export async function oversightGaps(db: Kysely<Database>): Promise<{ orphanUnits: Array<{ key: string; name: string }>; idleLeaders: Array<{ username: string; name: string }> }> {
  const units = await db.selectFrom("units").select(["key", "name"]).where("active", "=", 1).execute();
  const leaders = await db.selectFrom("users").select(["id", "username", "name"]).where("role", "=", "leader").where("active", "=", 1).execute();
  const rows = await db.selectFrom("leader_assignments").selectAll().execute();
  const active = new Set(leaders.map((l) => l.id));
  return {
    orphanUnits: units.filter((u) => !rows.some((r) => r.unit_key === u.key && active.has(r.user_id))),
    idleLeaders: leaders.filter((l) => !rows.some((r) => r.user_id === l.id && units.some((u) => u.key === r.unit_key))).map((l) => ({ username: l.username, name: l.name })),
  };
}

/** Display names of accounts by username (for "who saved this"), the accounts that exist. */
export async function userDisplayNames(db: Kysely<Database>): Promise<Map<string, string>> {
  const rows = await db.selectFrom("users").select(["username", "name"]).execute();
  return new Map(rows.map((r) => [r.username, r.name]));
}
