/**
 * Errors a person sees: `message` is a Chinese sentence that says what is wrong and what to do;
 * `code` is stable and goes into logs.
 */
export type DatabaseErrorCode =
  | "DB_URL_UNSUPPORTED"
  | "DB_OPEN_FAILED"
  | "DB_NOT_A_DATABASE"
  | "DB_UNREACHABLE"
  | "DB_AUTH_FAILED"
  | "DB_NOT_FOUND"
  | "DB_SCHEMA_MISSING"
  | "DB_MIGRATION_FAILED"
  | "DB_TOO_NEW"
  | "DB_NOT_MIGRATED"
  | "BACKUP_WRITE_FAILED"
  | "BACKUP_READ_FAILED"
  | "BACKUP_INVALID"
  | "RESTORE_FAILED";

export class DatabaseError extends Error {
  override readonly name = "DatabaseError";
  readonly code: DatabaseErrorCode;

  constructor(code: DatabaseErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** The message of anything thrown, for inclusion in a sentence. */
export function reasonOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`, for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/?#@]*:)[^@/?#]*@/i, "$1***@");
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : "";
}

/** A unique or primary-key violation, on SQLite or PostgreSQL (e.g. a username already taken). */
export function isUniqueViolation(error: unknown): boolean {
  const code = codeOf(error);
  return code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

/** A foreign-key violation, on SQLite or PostgreSQL (e.g. facts for a unit that does not exist). */
export function isForeignKeyViolation(error: unknown): boolean {
  const code = codeOf(error);
  return code === "23503" || code === "SQLITE_CONSTRAINT_FOREIGNKEY";
}

/**
 * A race the database decided: a serialisation failure or a deadlock on PostgreSQL, a SQLite
 * read transaction whose snapshot another writer outdated. The loser's transaction was rolled back whole; trying again may succeed.
 */
export function isConcurrencyFailure(error: unknown): boolean {
  const code = codeOf(error);
  // a plain SQLITE_BUSY / SQLITE_LOCKED is a file held past the busy timeout, not a race: databaseStrain
  return code === "40001" || code === "40P01" || code === "55P03" || code === "SQLITE_BUSY_SNAPSHOT";
}

/**
 * Why the database could not answer, when it is a cause the server can name (interfaces.md,
 * "Answers under strain"): `away` — PostgreSQL is restarting, shut down or unreachable, or a
 * connection was cut; `busy` — the SQLite file stayed locked by another process (a restore, a
 * backup) past the busy timeout; `full` — the disk is full. Looks through `cause` chains.
 */
export type DatabaseStrain = "away" | "busy" | "full";

const AWAY_CODES = new Set([
  "57P01", // admin_shutdown: terminating connection due to administrator command
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now: the database system is starting up / shutting down
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
  "53300", // too_many_connections
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
]);
const AWAY_MESSAGES = [
  /Connection terminated/i,
  /Client has encountered a connection error/i,
  /Client was closed and is not queryable/i,
  /timeout exceeded when trying to connect/i,
  /connection (?:is )?(?:closed|ended)/i,
  /Cannot use a pool after calling end/i,
];

export function databaseStrain(error: unknown): DatabaseStrain | null {
  for (let e = error, depth = 0; e && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    const code = codeOf(e);
    if (code === "SQLITE_FULL" || code === "53100" || code === "ENOSPC" || (code === "SQLITE_IOERR_WRITE" && /disk|full/i.test(reasonOf(e)))) return "full";
    if (code === "SQLITE_BUSY" || code === "SQLITE_LOCKED" || code === "SQLITE_BUSY_TIMEOUT" || code === "SQLITE_BUSY_RECOVERY") return "busy";
    if (AWAY_CODES.has(code)) return "away";
    const message = e instanceof Error ? e.message : "";
    if (/database or disk is full/i.test(message)) return "full";
    if (AWAY_MESSAGES.some((m) => m.test(message))) return "away";
  }
  return null;
}

/** What a user is told for each strain: a Chinese sentence saying nothing was saved and what to do. */
export const STRAIN_MESSAGES: Record<DatabaseStrain, string> = {
  away: "暂时无法连接数据库(数据库可能正在重启或维护),本次操作未生效;请稍后重试。",
  busy: "数据库正忙(可能正在恢复或备份数据),本次操作未生效;请稍后重试。",
  full: "服务器磁盘已满,本次操作未生效,已保存的数据完好;请联系系统管理员清理磁盘空间后重试。",
};

/** Seconds a client is asked to wait before trying again (the Retry-After header). */
export const STRAIN_RETRY_AFTER_SECONDS = 5;
