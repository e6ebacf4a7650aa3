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
 * A race the database decided: a serialisation failure or a deadlock on PostgreSQL, a busy or
 * locked SQLite file. The loser's transaction was rolled back whole; trying again may succeed.
 */
export function isConcurrencyFailure(error: unknown): boolean {
  const code = codeOf(error);
  return code === "40001" || code === "40P01" || code === "55P03" || code === "SQLITE_BUSY" || code === "SQLITE_LOCKED" || code === "SQLITE_BUSY_SNAPSHOT";
}
