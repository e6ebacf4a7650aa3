import { randomUUID } from "node:crypto";
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { sql } from "kysely";
import type { Kysely, Transaction } from "kysely";
import type { Db } from "./connect.js";
import { canonicalSha256 } from "./canonical.js";
import { DatabaseError, reasonOf } from "./errors.js";
import { latestMigrationName, migrateToLatest, migrationStatus } from "./migrate.js";
import { MIGRATION_NAMES } from "./migrations/index.js";
import type { Database } from "./schema.js";
import { TABLE_NAMES, columnNames, isTableName, tableSpec } from "./tables.js";
import type { TableName } from "./tables.js";
import { nowIso } from "./ids.js";
import { recordChange } from "./repo/audit.js";
import { deleteAllSessions } from "./repo/sessions.js";

export const BACKUP_FORMAT = "scorecard-backup/1";

export type BackupRow = Record<string, string | number | null>;

/** The backup file: portable JSON, readable by any later version and by either database. */
export interface BackupFile {
  format: typeof BACKUP_FORMAT;
  /** when the copy was taken (ISO-8601 UTC) */
  createdAt: string;
  /** the newest migration applied to the database it came from */
  schema: string;
  /** "sqlite" or "postgres": where it came from (informative only) */
  source?: string;
  /** every table, rows sorted by primary key, columns in catalog order */
  tables: Record<TableName, BackupRow[]>;
  /**
   * `sha256:` and the lowercase hex SHA-256 of the RFC 8785 canonical JSON of everything above
   * (format, createdAt, schema, source, tables — not this member): restore refuses a file whose
   * content does not give it. Backups written before it was added have none (restored with a warning).
   */
  checksum?: string;
}

/** The checksum a backup file must carry for its content (see BackupFile.checksum). */
export function backupChecksum(file: Omit<BackupFile, "checksum">): string {
  const { format, createdAt, schema, source, tables } = file;
  return `sha256:${canonicalSha256({ format, createdAt, schema, ...(source !== undefined ? { source } : {}), tables })}`;
}

/**
 * The published documents (notices, summaries, annual evaluations: table notices) whose stored
 * snapshot no longer gives their seal — `hash`, the SHA-256 of the snapshot's RFC 8785 JSON —
 * as the end of Chinese sentences ("文书 … 的内容与其封存的 SHA-256 指纹不符").
 */
export function noticeSealProblems(rows: readonly BackupRow[]): string[] {
  const problems: string[] = [];
  rows.forEach((row, index) => {
    const name = `文书 ${typeof row.number === "string" ? row.number : "?"}（表 notices 第 ${index + 1} 行，${String(row.kind)} ${String(row.subject)} 第 ${String(row.revision)} 版）`;
    let snapshot: unknown;
    try {
      snapshot = JSON.parse(String(row.snapshot));
    } catch {
      problems.push(`${name}的快照（snapshot）不是完整的 JSON`);
      return;
    }
    let hash: string;
    try {
      hash = canonicalSha256(snapshot);
    } catch (error) {
      problems.push(`${name}的快照无法规范化（${reasonOf(error)}）`);
      return;
    }
    if (hash !== row.hash) problems.push(`${name}的内容与其封存的 SHA-256 指纹（hash）不符，发布后的内容被改动过`);
  });
  return problems;
}

const CHECKSUM_PATTERN = /^sha256:[0-9a-f]{64}$/;

export const NO_CHECKSUM_WARNING = (file: string) =>
  `注意：备份文件 ${file} 没有校验和（checksum），是旧版程序写出的；已逐份核对其中文书的封存指纹，但其余数据无法核对是否被改动过。今后请用本版程序重新备份。`;

export interface BackupResult {
  /** rows written per table */
  tables: Record<string, number>;
  schema: string;
  createdAt: string;
}

export interface BackupOptions {
  /**
   * Called after each table is read, inside the read transaction (progress reports). On SQLite the
   * transaction holds `db`'s only connection: do not query `db` from here (another Db is fine).
   */
  onTableRead?: (table: TableName, rows: number) => void | Promise<void>;
}

/** Dynamic table and column names: the catalog checks them, not the compiler. */
type AnyDatabase = Record<string, Record<string, unknown>>;

/**
 * Writes a consistent copy of every table to `outFile`, while the server keeps running: all tables
 * are read in one read transaction (a snapshot: SQLite in WAL mode, PostgreSQL REPEATABLE READ),
 * then the JSON is written to a temporary file beside `outFile` and renamed over it, so the file
 * is either the old one or the complete new one.
 */
export async function backupDatabase(db: Db, outFile: string, options: BackupOptions = {}): Promise<BackupResult> {
  const status = await migrationStatus(db);
  if (status.pending.length > 0) {
    throw new DatabaseError(
      "DB_NOT_MIGRATED",
      `数据库还没有升级到本程序的结构（缺少迁移 ${status.pending.join("、")}），无法备份。请先启动一次服务器或运行数据库迁移，再备份。`,
    );
  }
  const schema = latestMigrationName();

  const read = async (trx: Kysely<Database>) => {
    // The first read fixes the snapshot; the clock is read inside it so createdAt is not earlier.
    const out = {} as Record<TableName, BackupRow[]>;
    let at = "";
    for (const table of TABLE_NAMES) {
      const rows = await readTable(trx, table);
      if (at === "") at = new Date().toISOString();
      out[table] = rows;
      await options.onTableRead?.(table, rows.length);
    }
    return { createdAt: at, tables: out };
  };
  // a read-only snapshot: PostgreSQL REPEATABLE READ; on SQLite a deferred transaction (it takes
  // no write lock, so a server's writes go on while the copy is read)
  const { createdAt, tables } =
    db.dialect === "postgres"
      ? await db.kysely.transaction().setIsolationLevel("repeatable read").setAccessMode("read only").execute(read)
      : await db.kysely.connection().execute(async (conn) => {
          await sql`begin deferred`.execute(conn);
          try {
            return await read(conn);
          } finally {
            await sql`commit`.execute(conn);
          }
        });

  // Never write a copy that restore would refuse.
  for (const table of TABLE_NAMES) {
    tables[table].forEach((row, index) => {
      const problem = rowProblem(table, row);
      if (problem) {
        throw new DatabaseError(
          "BACKUP_INVALID",
          `数据库中表 ${table} 第 ${index + 1} 行（按主键排序）${problem}，这样的备份无法恢复，所以没有写出备份。请把这条信息交给系统管理员修正这行数据。`,
        );
      }
    });
  }

  const seals = noticeSealProblems(tables.notices);
  if (seals.length) {
    throw new DatabaseError(
      "BACKUP_INVALID",
      `数据库中${seals[0]}${seals.length > 1 ? `（共 ${seals.length} 份文书如此）` : ""}，这样的备份无法恢复，所以没有写出备份。请把这条信息交给系统管理员。`,
    );
  }

  const content = { format: BACKUP_FORMAT, createdAt, schema, source: db.dialect, tables } as const;
  const file: BackupFile = { ...content, checksum: backupChecksum(content) };
  writeFileAtomic(outFile, serialize(file));
  return { tables: countRows(tables), schema, createdAt };
}

async function readTable(trx: Kysely<Database>, table: TableName): Promise<BackupRow[]> {
  const columns = columnNames(table);
  const key = tableSpec(table).key;
  const { rows } = await sql<BackupRow>`select ${sql.join(columns.map((c) => sql.ref(c)))} from ${sql.table(table)} order by ${sql.join(key.map((c) => sql.ref(c)))}`.execute(
    trx,
  );
  return rows.map((row) => {
    // Same key order whatever the driver returned; bigint only if someone turned on safeIntegers.
    const clean: BackupRow = {};
    for (const c of columns) {
      const value = row[c] as unknown;
      clean[c] = typeof value === "bigint" ? Number(value) : (value as string | number | null);
    }
    return clean;
  });
}

/** One row per line: diffable, greppable, and still plain JSON. */
function serialize(file: BackupFile): string {
  const lines: string[] = ["{"];
  lines.push(`  "format": ${JSON.stringify(file.format)},`);
  lines.push(`  "createdAt": ${JSON.stringify(file.createdAt)},`);
  lines.push(`  "schema": ${JSON.stringify(file.schema)},`);
  if (file.source !== undefined) lines.push(`  "source": ${JSON.stringify(file.source)},`);
  lines.push(`  "tables": {`);
  const names = Object.keys(file.tables) as TableName[];
  names.forEach((table, t) => {
    const rows = file.tables[table];
    const comma = t < names.length - 1 ? "," : "";
    if (rows.length === 0) {
      lines.push(`    ${JSON.stringify(table)}: []${comma}`);
      return;
    }
    lines.push(`    ${JSON.stringify(table)}: [`);
    rows.forEach((row, r) => lines.push(`      ${JSON.stringify(row)}${r < rows.length - 1 ? "," : ""}`));
    lines.push(`    ]${comma}`);
  });
  lines.push(file.checksum !== undefined ? "  }," : "  }");
  if (file.checksum !== undefined) lines.push(`  "checksum": ${JSON.stringify(file.checksum)}`);
  lines.push("}");
  return lines.join("\n") + "\n";
}

function writeFileAtomic(outFile: string, content: string): void {
  const target = resolve(outFile);
  const dir = dirname(target);
  const tmp = resolve(dir, `.${basename(target)}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    const fd = openSync(tmp, "wx", 0o600);
    try {
      const buffer = Buffer.from(content, "utf8");
      let offset = 0;
      while (offset < buffer.length) offset += writeSync(fd, buffer, offset, buffer.length - offset);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw new DatabaseError(
      "BACKUP_WRITE_FAILED",
      `无法写入备份文件 ${target}：${reasonOf(error)}。请检查路径是否正确、目录是否可写、磁盘空间是否足够。`,
      { cause: error },
    );
  }
  try {
    // Make the rename itself durable (not possible on every platform; the copy is complete either way).
    const dfd = openSync(dir, "r");
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    // ignore
  }
}

function countRows(tables: Record<TableName, unknown[]>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const table of TABLE_NAMES) counts[table] = tables[table].length;
  return counts;
}

/** What is wrong with a row, as the end of a Chinese sentence, or undefined when it is fine. */
function rowProblem(table: TableName, row: unknown): string | undefined {
  if (typeof row !== "object" || row === null || Array.isArray(row)) return "不是一个对象";
  const spec = tableSpec(table);
  const record = row as Record<string, unknown>;
  for (const column of Object.keys(record)) {
    if (!Object.hasOwn(spec.columns, column)) return `有未知的列 ${column}`;
  }
  for (const [column, def] of Object.entries(spec.columns)) {
    if (!Object.hasOwn(record, column)) return `缺少列 ${column}`;
    const value = record[column];
    if (value === null) {
      if (!def.nullable) return `的列 ${column} 不能为空（null）`;
      continue;
    }
    if (def.type === "text" && typeof value !== "string") {
      return `的列 ${column} 应为文本，实际为 ${JSON.stringify(value)}`;
    }
    if (def.type === "integer" && !(typeof value === "number" && Number.isSafeInteger(value))) {
      return `的列 ${column} 应为整数，实际为 ${JSON.stringify(value)}`;
    }
    if (def.type === "real" && !(typeof value === "number" && Number.isFinite(value))) {
      return `的列 ${column} 应为数字，实际为 ${JSON.stringify(value)}`;
    }
  }
  return undefined;
}

function invalid(file: string, what: string): DatabaseError {
  return new DatabaseError(
    "BACKUP_INVALID",
    `备份文件 ${file} ${what}。数据库没有任何改动；请换用一份完好的备份文件（scorecard backup --out 写出的文件）。`,
  );
}

/** Reads and checks a backup file completely, before anything is written. */
export function readBackupFile(inFile: string): BackupFile {
  const file = resolve(inFile);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new DatabaseError(
      "BACKUP_READ_FAILED",
      code === "ENOENT"
        ? `找不到备份文件 ${file}。请检查 --from 后面的路径。数据库没有任何改动。`
        : `无法读取备份文件 ${file}：${reasonOf(error)}。请检查文件权限。数据库没有任何改动。`,
      { cause: error },
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    throw invalid(file, `不是完整的 JSON（可能已损坏或被截断：${reasonOf(error)}）`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw invalid(file, "的内容不是一个 JSON 对象");
  }
  const doc = parsed as Record<string, unknown>;
  if (doc.format !== BACKUP_FORMAT) {
    throw invalid(file, `不是本系统的备份（format 应为 "${BACKUP_FORMAT}"，实际为 ${JSON.stringify(doc.format ?? null)}）`);
  }
  if (typeof doc.schema !== "string" || !MIGRATION_NAMES.includes(doc.schema)) {
    if (typeof doc.schema === "string" && doc.schema > latestMigrationName()) {
      throw new DatabaseError(
        "BACKUP_INVALID",
        `备份文件 ${file} 来自更新版本的程序（数据库结构 ${doc.schema}）。请先升级本程序再恢复。数据库没有任何改动。`,
      );
    }
    throw invalid(file, `的数据库结构版本（schema）${JSON.stringify(doc.schema ?? null)} 无法识别`);
  }
  if (typeof doc.createdAt !== "string") throw invalid(file, "缺少备份时间（createdAt）");
  const tables = doc.tables;
  if (typeof tables !== "object" || tables === null || Array.isArray(tables)) {
    throw invalid(file, "缺少数据表（tables）");
  }
  const record = tables as Record<string, unknown>;
  for (const name of Object.keys(record)) {
    if (!isTableName(name)) throw invalid(file, `含有未知的表 ${name}`);
  }
  // a table a later migration added is absent from an older program's backup: restored empty
  const added = TABLE_NAMES.filter((t) => !Object.hasOwn(record, t) && ADDED_BY[t] !== undefined && (doc.schema as string) < ADDED_BY[t]);
  for (const table of TABLE_NAMES) {
    if (added.includes(table)) continue;
    if (!Object.hasOwn(record, table)) throw invalid(file, `缺少表 ${table}（文件可能不完整）`);
    const rows = record[table];
    if (!Array.isArray(rows)) throw invalid(file, `中的表 ${table} 不是行的数组`);
    rows.forEach((row: unknown, index) => {
      const problem = rowProblem(table, row);
      if (problem) throw invalid(file, `中表 ${table} 第 ${index + 1} 行${problem}`);
    });
  }
  const content = {
    format: BACKUP_FORMAT,
    createdAt: doc.createdAt,
    schema: doc.schema,
    ...(typeof doc.source === "string" ? { source: doc.source } : {}),
    tables: record as Record<TableName, BackupRow[]>,
  } as const;
  if (doc.checksum !== undefined) {
    if (typeof doc.checksum !== "string" || !CHECKSUM_PATTERN.test(doc.checksum)) {
      throw invalid(file, `的校验和（checksum）${JSON.stringify(doc.checksum)} 格式不对（应为 sha256: 加 64 位十六进制数）`);
    }
    if (backupChecksum(content) !== doc.checksum) {
      throw invalid(file, "的内容与其校验和（checksum）不符：文件在备份之后被改动过或已损坏");
    }
  }
  const seals = noticeSealProblems(content.tables.notices);
  if (seals.length) throw invalid(file, `中${seals[0]}${seals.length > 1 ? `（共 ${seals.length} 份文书如此）` : ""}`);
  const whole = { ...content.tables, ...Object.fromEntries(added.map((t) => [t, []])) } as Record<TableName, BackupRow[]>;
  return { ...content, tables: whole, ...(typeof doc.checksum === "string" ? { checksum: doc.checksum } : {}) };
}

/** The tables added after backups were first written, by the migration that added each (older backups lack them). */
const ADDED_BY: Partial<Record<TableName, string>> = { court_profile: "0010_court_profile" };

/**
 * Replaces everything in the database with the contents of a backup. The file is read and checked
 * completely first; the database is migrated to the newest schema if needed; then, in one
 * transaction, every table is emptied (children first) and refilled (parents first), and the
 * audit-log numbering continues after the highest restored id. Any problem (a bad file, rows
 * that break a key or a reference) leaves the data exactly as it was.
 */
export async function restoreDatabase(db: Db, inFile: string, at: string = nowIso()): Promise<{ tables: Record<string, number>; warnings: string[] }> {
  const backup = readBackupFile(inFile);
  // an older backup (before checksums) is restored, with a warning: it may be the court's only copy, and its documents' seals were checked
  const warnings = backup.checksum === undefined ? [NO_CHECKSUM_WARNING(resolve(inFile))] : [];
  await migrateToLatest(db);

  try {
    await db.kysely.transaction().execute(async (trx) => {
      const any = trx as unknown as Kysely<AnyDatabase>;
      if (db.dialect === "postgres") {
        // Keep every writer out until the restore commits, so nothing written meanwhile survives it.
        await sql`lock table ${sql.join(TABLE_NAMES.map((t) => sql.table(t)))} in exclusive mode`.execute(trx);
      }
      for (const table of [...TABLE_NAMES].reverse()) {
        await any.deleteFrom(table).execute();
      }
      for (const table of TABLE_NAMES) {
        const rows = backup.tables[table];
        const perStatement = Math.max(1, Math.floor(2000 / columnNames(table).length));
        for (let i = 0; i < rows.length; i += perStatement) {
          await any
            .insertInto(table)
            .values(rows.slice(i, i + perStatement))
            .execute();
        }
      }
      await resetAuditSequence(db, trx);
      // a restore ends every session: none signed out (or in) since the copy comes back to life
      await deleteAllSessions(trx);
      // everything changed: no score computed before the restore may be served after it (one change, of everything, at `at`: the caller's clock)
      await recordChange(trx, { scope: "all" }, at);
    });
  } catch (error) {
    throw new DatabaseError(
      "RESTORE_FAILED",
      `恢复失败，数据库没有任何改动：${reasonOf(error)}。如果提示主键重复或外键约束，说明备份文件 ${resolve(inFile)} 中的数据不一致，请换用一份完好的备份；否则请把这条信息交给系统管理员。`,
      { cause: error },
    );
  }
  return { tables: countRows(backup.tables), warnings };
}

/** New audit entries continue after the highest id now in the table. */
async function resetAuditSequence(db: Db, trx: Transaction<Database>): Promise<void> {
  if (db.dialect === "postgres") {
    await sql`select setval(pg_get_serial_sequence('audit_log', 'id'), coalesce((select max(id) from audit_log), 0) + 1, false)`.execute(
      trx,
    );
  } else {
    await sql`update sqlite_sequence set seq = (select coalesce(max(id), 0) from audit_log) where name = 'audit_log'`.execute(
      trx,
    );
  }
}
