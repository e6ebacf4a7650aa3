import type { Kysely } from "kysely";
import type { Database, PeriodStatus, Role } from "../schema";

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
  revision: number;
  reviewUntil: string | null;
}

/** The state of a month that has none stored yet: collecting, never published. */
export function untouchedPeriod(period: string): PeriodState {
  return { period, status: "collecting", revision: 0, reviewUntil: null };
}

/** A period's state; a month never touched is `collecting`, revision 0. */
export async function getPeriod(db: Kysely<Database>, period: string): Promise<PeriodState> {
  const r = await db.selectFrom("periods").selectAll().where("period", "=", period).executeTakeFirst();
  return r ? { period: r.period, status: r.status, revision: r.revision, reviewUntil: r.review_until } : untouchedPeriod(period);
}

export async function listPeriods(db: Kysely<Database>): Promise<PeriodState[]> {
  const rows = await db.selectFrom("periods").selectAll().orderBy("period").execute();
  return rows.map((r) => ({ period: r.period, status: r.status, revision: r.revision, reviewUntil: r.review_until }));
}

export async function setPeriod(db: Kysely<Database>, p: PeriodState, by: string | null, at = new Date().toISOString()): Promise<void> {
  const row = { status: p.status, revision: p.revision, review_until: p.reviewUntil, updated_by: by, updated_at: at };
  const exists = await db.selectFrom("periods").select("period").where("period", "=", p.period).executeTakeFirst();
  if (exists) await db.updateTable("periods").set(row).where("period", "=", p.period).execute();
  else await db.insertInto("periods").values({ period: p.period, ...row }).execute();
}
