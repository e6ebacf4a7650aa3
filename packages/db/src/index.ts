export * from "./schema.js";
export { DEFAULT_DATABASE_URL, defaultDatabaseUrl, openDatabase, parseDatabaseUrl } from "./connect.js";
export type { DatabaseTarget, Db, DialectName } from "./connect.js";
export { latestMigrationName, migrateToLatest, migrationStatus } from "./migrate.js";
export { BACKUP_FORMAT, backupChecksum, backupDatabase, noticeSealProblems, readBackupFile, restoreDatabase } from "./backup.js";
export { canonicalJson, canonicalSha256 } from "./canonical.js";
export type { BackupFile, BackupOptions, BackupResult, BackupRow } from "./backup.js";
export { DatabaseError, databaseStrain, STRAIN_MESSAGES, STRAIN_RETRY_AFTER_SECONDS, type DatabaseStrain, isConcurrencyFailure, isForeignKeyViolation, isUniqueViolation, redactUrl } from "./errors.js";
export type { DatabaseErrorCode } from "./errors.js";
export { TABLES, TABLE_NAMES, columnNames } from "./tables.js";
export type { ColumnType, TableName } from "./tables.js";

export { newId, nowIso } from "./ids.js";
export * from "./repo/index.js";
