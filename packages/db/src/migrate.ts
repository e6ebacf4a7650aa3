import { Migrator, sql } from "kysely";
import type { Kysely, Migration, MigrationResultSet } from "kysely";
import type { Db } from "./connect.js";
import { DatabaseError, reasonOf } from "./errors.js";
import { MIGRATION_NAMES, migrationsFor } from "./migrations/index.js";

/** The name of the newest migration this program knows: the schema version of its backups. */
export function latestMigrationName(): string {
  const last = MIGRATION_NAMES[MIGRATION_NAMES.length - 1];
  if (last === undefined) throw new Error("no migrations");
  return last;
}

/**
 * PostgreSQL: the schema the connection works in (the first of `search_path` that exists). Kysely
 * is told to keep its bookkeeping tables there; otherwise it would take a `kysely_migration` table
 * in another schema of the same database for its own and skip creating ours.
 */
async function currentSchema(db: Db): Promise<string> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db.kysely);
  const schema = rows[0]?.schema;
  if (!schema) {
    throw new DatabaseError(
      "DB_SCHEMA_MISSING",
      "PostgreSQL 连接的 search_path 中没有一个存在的模式（schema），无法建表。请先创建该模式（CREATE SCHEMA …），或检查 DATABASE_URL 中的 options=-c search_path=… 设置。",
    );
  }
  return schema;
}

/**
 * Runs `work` with a Migrator for `db`.
 *
 * PostgreSQL: Kysely runs the pending migrations in one transaction under an advisory lock.
 * SQLite: Kysely 0.28 runs them without a transaction (its SQLite adapter reports no transactional
 * DDL), so a failure half-way would leave half a schema, and two processes starting at once
 * could both apply a migration. Here the whole run, bookkeeping tables included, is one
 * `BEGIN IMMEDIATE` transaction: the second process waits for the first (busy_timeout), then finds
 * nothing to do; a failure rolls everything back.
 */
async function withMigrator<T>(
  db: Db,
  migrations: Record<string, Migration>,
  write: boolean,
  work: (migrator: Migrator) => Promise<T>,
): Promise<T> {
  const provider = { getMigrations: async () => migrations };
  if (db.dialect === "postgres") {
    const migrationTableSchema = await currentSchema(db);
    return work(new Migrator({ db: db.kysely, provider, migrationTableSchema }));
  }
  if (!write) return work(new Migrator({ db: db.kysely, provider }));
  return db.kysely.connection().execute(async (conn) => {
    await beginImmediate(conn);
    let result: T;
    try {
      result = await work(new Migrator({ db: conn as Kysely<unknown>, provider }));
    } catch (error) {
      await sql`rollback`.execute(conn);
      throw error;
    }
    try {
      await sql`commit`.execute(conn);
    } catch (error) {
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw error;
    }
    return result;
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * `BEGIN IMMEDIATE`, waiting up to 30 s for another connection's write to finish. Polls instead of
 * relying on busy_timeout, which would block the whole event loop (and so, within one process,
 * the very connection it is waiting for).
 */
async function beginImmediate<DB>(conn: Kysely<DB>): Promise<void> {
  const deadline = Date.now() + 30_000;
  await sql`pragma busy_timeout = 0`.execute(conn);
  try {
    for (;;) {
      try {
        await sql`begin immediate`.execute(conn);
        return;
      } catch (error) {
        const code = String((error as { code?: unknown }).code ?? "");
        if (!code.startsWith("SQLITE_BUSY") || Date.now() > deadline) throw error;
        await sleep(20);
      }
    }
  } finally {
    await sql`pragma busy_timeout = 5000`.execute(conn);
  }
}

function migrationError(resultSet: MigrationResultSet): DatabaseError {
  const { error, results = [] } = resultSet;
  const reason = reasonOf(error);
  if (/previously executed migration .* is missing/i.test(reason)) {
    return new DatabaseError(
      "DB_TOO_NEW",
      `数据库的结构来自更新版本的程序（${reason}）。请升级本程序后再打开这个数据库，不要用旧版本写入它。`,
      { cause: error },
    );
  }
  const failed = results.find((r) => r.status === "Error")?.migrationName;
  return new DatabaseError(
    "DB_MIGRATION_FAILED",
    `数据库结构升级失败${failed ? `（迁移 ${failed}）` : ""}：${reason}。数据库保持原样；请确认数据库用户有建表权限，或把这条信息交给系统管理员。`,
    { cause: error },
  );
}

/**
 * Applies `migrations` (by name order) that the database does not have yet, all or none.
 * `migrateToLatest` is this with the program's own migrations; tests use it with others.
 */
export async function applyMigrations(db: Db, migrations: Record<string, Migration>): Promise<{ applied: string[] }> {
  return withMigrator(db, migrations, true, async (migrator) => {
    const resultSet = await migrator.migrateToLatest();
    if (resultSet.error !== undefined) throw migrationError(resultSet);
    const results = resultSet.results ?? [];
    return { applied: results.filter((r) => r.status === "Success").map((r) => r.migrationName) };
  });
}

/**
 * Brings the database to the newest schema: runs, in one transaction, every migration not yet
 * applied, and returns their names (none when it is up to date). Safe to call at every start-up
 * and from the command line, also at the same time; a failure leaves the database as it was.
 */
export async function migrateToLatest(db: Db): Promise<{ applied: string[] }> {
  return applyMigrations(db, migrationsFor(db.dialect));
}

/** Which migrations the database has and which it still needs (for health checks and the CLI). */
export async function migrationStatus(db: Db): Promise<{ applied: string[]; pending: string[] }> {
  return withMigrator(db, migrationsFor(db.dialect), false, async (migrator) => {
    const infos = await migrator.getMigrations();
    return {
      applied: infos.filter((m) => m.executedAt !== undefined).map((m) => m.name),
      pending: infos.filter((m) => m.executedAt === undefined).map((m) => m.name),
    };
  });
}
