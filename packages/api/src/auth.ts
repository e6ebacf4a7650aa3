import { createHash, randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import type { Kysely } from "kysely";
import { deleteSession, findSession, insertLoginAttempt, insertSession, recentLoginAttempts, touchSession, type Database, type Role } from "@scorecard/db";

/** Sessions expire after this long without a request. */
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
/** … and this long after sign-in, however busy (an absolute lifetime: a stolen cookie does not live for ever). */
export const SESSION_MAX_MS = 12 * 60 * 60 * 1000;
/** Login is refused after this many failures per account and address … */
export const LOGIN_MAX_FAILURES = 5;
/** … within this window. */
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/** A session's last-seen time is written at most this often. */
const TOUCH_EVERY_MS = 60 * 1000;

/** argon2id with the library's defaults (m = 19 MiB, t = 2, p = 1), as OWASP recommends. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: 2 });
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A password an account may have: at least 8 characters. Returns the Chinese reason when not. */
export function passwordProblem(password: string): string | null {
  if (password.length < 8) return "密码至少需要 8 个字符";
  if (password.length > 200) return "密码不能超过 200 个字符";
  return null;
}

let dummy: Promise<string> | undefined;
/** A real hash to verify against when the account does not exist, so that timing does not tell. */
export function dummyHash(): Promise<string> {
  return (dummy ??= hashPassword(randomBytes(16).toString("hex")));
}

const tokenHash = (token: string) => createHash("sha256").update(token).digest("hex");

export interface SessionUser {
  id: string;
  username: string;
  name: string;
  role: Role;
  /** a head's tribunal */
  unit: string | null;
}

/** Starts a session at `now` (the request's clock); returns the opaque token for the cookie (only its hash is stored). */
export async function createSession(db: Kysely<Database>, userId: string, ip: string, now: Date): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await insertSession(db, { id: tokenHash(token), userId, ip, at: now.toISOString() });
  return token;
}

/** The user of a live session at `now` (the request's clock), touching it; an idle-expired, too old or unknown token gives null. */
export async function resolveSession(db: Kysely<Database>, token: string | undefined, now: Date): Promise<SessionUser | null> {
  if (!token) return null;
  const id = tokenHash(token);
  const row = await findSession(db, id);
  if (!row) return null;
  const idle = now.getTime() - Date.parse(row.lastSeenAt);
  const age = now.getTime() - Date.parse(row.createdAt);
  if (idle > SESSION_IDLE_MS || age > SESSION_MAX_MS || !row.user.active) {
    await deleteSession(db, id);
    return null;
  }
  if (idle > TOUCH_EVERY_MS) await touchSession(db, id, now.toISOString());
  const { id: userId, username, name, role, unit } = row.user;
  return { id: userId, username, name, role, unit };
}

export async function endSession(db: Kysely<Database>, token: string | undefined): Promise<void> {
  if (token) await deleteSession(db, tokenHash(token));
}

/** True when this account and address have used up their failures in the window before `now` (the request's clock). */
export async function loginThrottled(db: Kysely<Database>, username: string, ip: string, now: Date): Promise<boolean> {
  const since = new Date(now.getTime() - LOGIN_WINDOW_MS).toISOString();
  const recent = await recentLoginAttempts(db, { username, ip, since, limit: LOGIN_MAX_FAILURES });
  // the failures since the last success count
  return recent.length === LOGIN_MAX_FAILURES && recent.every((r) => !r.ok);
}

export async function recordLoginAttempt(db: Kysely<Database>, username: string, ip: string, ok: boolean, now: Date): Promise<void> {
  await insertLoginAttempt(db, { username, ip, at: now.toISOString(), ok });
}
