import type { Kysely, Migration } from "kysely";
import type { DialectName } from "../connect.js";

/**
 * The log of changes to scored data (schema.ts, `data_changes`): one row per change, written with
 * the data revision it moved to in the transaction of the change, so that a score cache in any
 * process can apply what changed since it last looked instead of reloading everything. `seq` is
 * numbered by the database (`integer primary key autoincrement` on SQLite, an identity column on
 * PostgreSQL).
 *
 * Frozen: once released, change the schema with a new migration, never by editing this one.
 */
export function dataChanges(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable("data_changes")
        .addColumn("seq", "integer", (c) => (dialect === "sqlite" ? c.notNull().primaryKey().autoIncrement() : c.generatedByDefaultAsIdentity().primaryKey()))
        .addColumn("revision", "text", (c) => c.notNull())
        .addColumn("scope", "text", (c) => c.notNull())
        .addColumn("period", "text")
        .addColumn("at", "text", (c) => c.notNull())
        .execute();
    },
  };
}
