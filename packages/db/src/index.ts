import { randomUUID } from "node:crypto";

export * from "./schema.js";
export { DEFAULT_DATABASE_URL, defaultDatabaseUrl, openDatabase, parseDatabaseUrl } from "./connect.js";
export type { DatabaseTarget, Db, DialectName } from "./connect.js";
export { latestMigrationName, migrateToLatest, migrationStatus } from "./migrate.js";
export { BACKUP_FORMAT, backupDatabase, readBackupFile, restoreDatabase } from "./backup.js";
export type { BackupFile, BackupOptions, BackupResult, BackupRow } from "./backup.js";
export { DatabaseError, isForeignKeyViolation, isUniqueViolation, redactUrl } from "./errors.js";
export type { DatabaseErrorCode } from "./errors.js";
export { TABLES, TABLE_NAMES, columnNames } from "./tables.js";
export type { ColumnType, TableName } from "./tables.js";

/** A new id for any row (ids are made by the application, never by the database). */
export function newId(): string {
  return randomUUID();
}

/** Now, as the ISO-8601 UTC text every timestamp column holds (`2023-03-31T08:00:00.000Z`). */
export function nowIso(): string {
  return new Date().toISOString();
}
export * from "./repo/index.js";
