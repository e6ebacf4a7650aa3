import type { Kysely } from "kysely";
import { newId } from "../ids";
import type { Database, Role } from "../schema";

/** Sessions and sign-in attempts (the policy — hashing, idle time, throttling — lives in packages/api). */

export async function insertSession(db: Kysely<Database>, s: { id: string; userId: string; ip: string; at: string }): Promise<void> {
  await db.insertInto("sessions").values({ id: s.id, user_id: s.userId, created_at: s.at, last_seen_at: s.at, ip: s.ip }).execute();
}

export interface SessionRow {
  /** when it was signed in (the absolute lifetime counts from here) */
  createdAt: string;
  lastSeenAt: string;
  user: { id: string; username: string; name: string; role: Role; unit: string | null; active: boolean };
}

export async function findSession(db: Kysely<Database>, id: string): Promise<SessionRow | undefined> {
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select(["sessions.created_at", "sessions.last_seen_at", "users.id", "users.username", "users.name", "users.role", "users.unit_key", "users.active"])
    .where("sessions.id", "=", id)
    .executeTakeFirst();
  return row && { createdAt: row.created_at, lastSeenAt: row.last_seen_at, user: { id: row.id, username: row.username, name: row.name, role: row.role, unit: row.unit_key, active: row.active === 1 } };
}

export async function touchSession(db: Kysely<Database>, id: string, at: string): Promise<void> {
  await db.updateTable("sessions").set({ last_seen_at: at }).where("id", "=", id).execute();
}

export async function deleteSession(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", id).execute();
}

/** Ends every session (a restore: no session of before it lives on after it). */
export async function deleteAllSessions(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom("sessions").execute();
}

/** Ends every session of a user (deactivated, or their password reset). */
export async function deleteSessionsOfUser(db: Kysely<Database>, userId: string): Promise<void> {
  await db.deleteFrom("sessions").where("user_id", "=", userId).execute();
}

/** The latest sign-in attempts of an account from an address since a time, newest first. */
export async function recentLoginAttempts(db: Kysely<Database>, q: { username: string; ip: string; since: string; limit: number }): Promise<Array<{ ok: boolean; at: string }>> {
  const rows = await db
    .selectFrom("login_attempts")
    .select(["ok", "at"])
    .where("username", "=", q.username)
    .where("ip", "=", q.ip)
    .where("at", ">=", q.since)
    .orderBy("at", "desc")
    .limit(q.limit)
    .execute();
  return rows.map((r) => ({ ok: r.ok === 1, at: r.at }));
}

export async function insertLoginAttempt(db: Kysely<Database>, a: { username: string; ip: string; at: string; ok: boolean }): Promise<void> {
  await db.insertInto("login_attempts").values({ id: newId(), username: a.username, ip: a.ip, at: a.at, ok: a.ok ? 1 : 0 }).execute();
}
