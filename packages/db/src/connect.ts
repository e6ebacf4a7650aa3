import { chmodSync, closeSync, mkdirSync, openSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import BetterSqlite3 from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import { DatabaseError, reasonOf, redactUrl } from "./errors.js";
import type { Database } from "./schema.js";

export type DialectName = "sqlite" | "postgres";

/** An open database. One per process is enough: Kysely pools (PostgreSQL) or serialises (SQLite). */
export interface Db {
  kysely: Kysely<Database>;
  dialect: DialectName;
  /** the URL it was opened with (may hold a password: log `redactUrl(url)`) */
  url: string;
  /** Closes the connection(s). Safe to call more than once. */
  close(): Promise<void>;
}

/** Where the embedded database lives when `DATABASE_URL` is not set (relative to the working directory). */
export const DEFAULT_DATABASE_URL = "./data/scorecard.db";

/** `DATABASE_URL` when set and not blank, else `./data/scorecard.db`. */
export function defaultDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  const value = env.DATABASE_URL?.trim();
  return value ? value : DEFAULT_DATABASE_URL;
}

export type DatabaseTarget =
  | { dialect: "sqlite"; /** absolute path, or `:memory:` */ file: string }
  | { dialect: "postgres"; url: string; host: string; port: number; database: string; user: string };

/**
 * Reads a `DATABASE_URL` (interfaces.md "The server"): a file path or `file:` URL is SQLite,
 * `postgres://` or `postgresql://` is PostgreSQL. Relative paths resolve against `cwd`.
 */
export function parseDatabaseUrl(url: string, cwd: string = process.cwd()): DatabaseTarget {
  const raw = url.trim();
  if (raw === "") {
    throw new DatabaseError(
      "DB_URL_UNSUPPORTED",
      "DATABASE_URL 是空的。请写一个 SQLite 文件路径（如 ./data/scorecard.db）或 postgres:// 开头的地址，或者不设置它以使用默认的 ./data/scorecard.db。",
    );
  }
  if (raw === ":memory:" || raw === "file::memory:") return { dialect: "sqlite", file: ":memory:" };

  if (/^postgres(ql)?:\/\//i.test(raw)) {
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch (error) {
      throw new DatabaseError(
        "DB_URL_UNSUPPORTED",
        `DATABASE_URL 不是有效的 PostgreSQL 地址（${redactUrl(raw)}）。请写成 postgres://用户:密码@主机:端口/数据库 的形式。`,
        { cause: error },
      );
    }
    return {
      dialect: "postgres",
      url: raw,
      host: parsed.hostname || parsed.searchParams.get("host") || "localhost",
      port: parsed.port ? Number(parsed.port) : 5432,
      database: decodeURIComponent(parsed.pathname.replace(/^\//, "")) || "postgres",
      user: decodeURIComponent(parsed.username) || process.env.PGUSER || process.env.USER || "postgres",
    };
  }

  if (/^file:/i.test(raw)) {
    const withoutQuery = raw.replace(/[?#].*$/, "");
    let file: string;
    if (/^file:\/\//i.test(withoutQuery)) {
      try {
        file = fileURLToPath(withoutQuery);
      } catch (error) {
        throw new DatabaseError(
          "DB_URL_UNSUPPORTED",
          `DATABASE_URL 不是有效的 file: 地址（${raw}）。请写成 file:///绝对路径/scorecard.db、file:相对路径 或直接写文件路径。`,
          { cause: error },
        );
      }
    } else {
      file = decodeURIComponent(withoutQuery.slice("file:".length));
    }
    if (file === ":memory:") return { dialect: "sqlite", file };
    if (file === "") {
      throw new DatabaseError("DB_URL_UNSUPPORTED", `DATABASE_URL（${raw}）没有写文件路径。请写成 file:./data/scorecard.db 这样的形式。`);
    }
    return { dialect: "sqlite", file: resolve(cwd, file) };
  }

  // Any other scheme (mysql://, sqlite://, http://…) is not ours; a Windows drive letter (C:\) is a path.
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
    const scheme = raw.slice(0, raw.indexOf(":"));
    throw new DatabaseError(
      "DB_URL_UNSUPPORTED",
      `不支持 DATABASE_URL 中的“${scheme}:”地址（${redactUrl(raw)}）。请写 SQLite 文件路径（如 ./data/scorecard.db）或 postgres:// 开头的 PostgreSQL 地址。`,
    );
  }
  return { dialect: "sqlite", file: resolve(cwd, raw) };
}

/**
 * Opens the database named by `url` (default: `DATABASE_URL`, else `./data/scorecard.db`). Does not
 * migrate: call `migrateToLatest` next. Throws a `DatabaseError` with a Chinese message saying what
 * to do when the file cannot be opened or the server cannot be reached.
 */
export async function openDatabase(url: string = defaultDatabaseUrl()): Promise<Db> {
  const target = parseDatabaseUrl(url);
  return target.dialect === "sqlite" ? openSqlite(url, target.file) : openPostgres(url, target);
}

function openSqlite(url: string, file: string): Db {
  if (file !== ":memory:") {
    try {
      mkdirSync(dirname(file), { recursive: true });
    } catch (error) {
      throw new DatabaseError(
        "DB_OPEN_FAILED",
        `无法创建数据库所在的目录 ${dirname(file)}：${reasonOf(error)}。请检查 DATABASE_URL 的路径，以及运行程序的用户对该目录是否有写权限。`,
        { cause: error },
      );
    }
  }
  let sqlite: BetterSqlite3.Database;
  try {
    // the file holds password hashes and session ids: owner only (SQLite gives its -wal and -shm
    // the main file's mode). Created 0600 here; an older file (or a restored copy) is made 0600.
    if (file !== ":memory:") closeSync(openSync(file, "a", 0o600));
    ownerOnly(file);
    sqlite = new BetterSqlite3(file, { timeout: 5000 });
  } catch (error) {
    throw new DatabaseError(
      "DB_OPEN_FAILED",
      `无法打开 SQLite 数据库文件 ${file}：${reasonOf(error)}。请检查 DATABASE_URL 的路径是否正确、该位置是否可写。`,
      { cause: error },
    );
  }
  try {
    const mode = sqlite.pragma("journal_mode = WAL", { simple: true });
    if (file !== ":memory:" && String(mode).toLowerCase() !== "wal") {
      throw new Error(`journal_mode 是 ${String(mode)}，不是 wal`);
    }
    sqlite.pragma("foreign_keys = ON");
    sqlite.pragma("busy_timeout = 5000");
    sqlite.pragma("synchronous = NORMAL");
  } catch (error) {
    sqlite.close();
    const code = (error as { code?: unknown }).code;
    if (code === "SQLITE_NOTADB") {
      throw new DatabaseError(
        "DB_NOT_A_DATABASE",
        `文件 ${file} 不是 SQLite 数据库（可能是别的文件或已损坏）。请检查 DATABASE_URL 是否指错了文件；数据库损坏时请用备份恢复（restore --from 备份文件）。`,
        { cause: error },
      );
    }
    throw new DatabaseError(
      "DB_OPEN_FAILED",
      `无法设置 SQLite 数据库 ${file}：${reasonOf(error)}。请确认该文件所在目录可写，且没有别的程序独占它。`,
      { cause: error },
    );
  }

  if (file !== ":memory:") for (const f of [file, `${file}-wal`, `${file}-shm`]) ownerOnly(f);
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  let closed = false;
  return {
    kysely,
    dialect: "sqlite",
    url,
    async close() {
      if (closed) return;
      closed = true;
      await kysely.destroy();
    },
  };
}

/** Makes a file readable and writable by its owner only, when it exists and is ours to change. */
function ownerOnly(file: string): void {
  if (file === ":memory:") return;
  try {
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  } catch {
    /* absent, or not ours: SQLite's own error (if any) says more */
  }
}

/**
 * Kysely prepares every query anew; preparing costs as much as running a small query. The same
 * SQL text (the app's queries, with parameters) reuses its prepared statement. Statements run
 * synchronously one at a time on this single connection, so sharing one is safe.
 */
function withStatementCache(sqlite: BetterSqlite3.Database, size = 500): BetterSqlite3.Database {
  const cache = new Map<string, BetterSqlite3.Statement>();
  // SQLite rolls a transaction back by itself on some errors (SQLITE_FULL: "database or disk is
  // full"); Kysely's rollback after it would then throw "cannot rollback - no transaction is
  // active" and hide the real cause. A rollback with no transaction open does nothing.
  const rollback = sqlite.prepare("rollback");
  const safeRollback = new Proxy(rollback, {
    get: (target, key) => {
      if (key === "run") return () => (sqlite.inTransaction ? target.run() : { changes: 0, lastInsertRowid: 0 });
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  // A transaction that reads and then writes must not start deferred: another process (a CLI
  // restore, a second tool) holding the write lock would make its first write fail at once with
  // "database is locked" — SQLite does not wait for a lock a reading transaction wants to upgrade.
  // Begun IMMEDIATE, it waits for the lock (busy_timeout) like any single write. In this process
  // Kysely runs one transaction at a time on the one connection, so nothing waits longer here.
  // (A read-only snapshot, the backup's, says `begin deferred`.)
  const beginImmediate = sqlite.prepare("begin immediate");
  const prepare = (source: string) => {
    const bare = source.trim().toLowerCase();
    if (bare === "rollback") return safeRollback;
    if (bare === "begin") return beginImmediate;
    let stmt = cache.get(source);
    if (stmt) {
      cache.delete(source); // most recently used last
    } else {
      stmt = sqlite.prepare(source);
      if (cache.size >= size) cache.delete(cache.keys().next().value as string);
    }
    cache.set(source, stmt);
    return stmt;
  };
  return new Proxy(sqlite, {
    get: (target, key) => {
      if (key === "prepare") return prepare;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** bigint (count(*), sum()) and numeric (avg()) come back as numbers, as they do from SQLite. */
function portableTypes(): pg.TypeOverrides {
  const types = new pg.TypeOverrides();
  types.setTypeParser(pg.types.builtins.INT8, "text", (value: string) => Number(value));
  types.setTypeParser(pg.types.builtins.NUMERIC, "text", (value: string) => Number(value));
  return types;
}

async function openPostgres(url: string, target: Extract<DatabaseTarget, { dialect: "postgres" }>): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 10_000,
    types: portableTypes(),
  });
  // PostgreSQL may restart or cut a connection at any time (57P01 "terminating connection due to
  // administrator command"). An idle client's error reaches the pool's "error" event; a client
  // checked out between two queries (inside a transaction) emits "error" on itself, which with no
  // listener would end the process. Both are logged once; the broken client is not queryable any
  // more, its query fails (answered 503 by the API, see databaseStrain), the pool drops it on
  // release and opens a fresh connection for the next request.
  let lastLogged = 0;
  const logLost = (error: unknown) => {
    const now = Date.now();
    if (now - lastLogged < 1000) return;
    lastLogged = now;
    console.error(`[db] DB_CONNECTION_LOST ${reasonOf(error)}(连接已断开,下一个请求将重新连接)`);
  };
  pool.on("error", logLost);
  pool.on("connect", (client) => {
    client.on("error", logLost);
  });
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw postgresOpenError(error, target);
  }

  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  let closed = false;
  return {
    kysely,
    dialect: "postgres",
    url,
    async close() {
      if (closed) return;
      closed = true;
      await kysely.destroy();
    },
  };
}

function postgresOpenError(error: unknown, target: Extract<DatabaseTarget, { dialect: "postgres" }>): DatabaseError {
  const where = `${target.host}:${target.port}`;
  const code = (error as { code?: unknown }).code;
  const reason = reasonOf(error);
  switch (code) {
    case "28P01":
    case "28000":
      return new DatabaseError(
        "DB_AUTH_FAILED",
        `PostgreSQL（${where}）拒绝了用户 ${target.user} 登录：${reason}。请检查 DATABASE_URL 中的用户名和密码。`,
        { cause: error },
      );
    case "3D000":
      return new DatabaseError(
        "DB_NOT_FOUND",
        `PostgreSQL（${where}）上没有名为 ${target.database} 的数据库。请先创建它（如 createdb ${target.database}），或检查 DATABASE_URL 中的数据库名。`,
        { cause: error },
      );
    default:
      return new DatabaseError(
        "DB_UNREACHABLE",
        `无法连接 PostgreSQL（${where}）：${reason}。请确认数据库服务器已启动、主机和端口正确、网络可达，并检查 DATABASE_URL。`,
        { cause: error },
      );
  }
}
