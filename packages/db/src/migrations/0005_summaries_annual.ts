import type { Kysely, Migration } from "kysely";

/**
 * Quarterly summaries and annual evaluations: a correction under way of either, and HR's grade
 * overrides. Their published revisions live in `notices` (kind summary | annual).
 *
 * Frozen: once released, change the schema with a new migration, never by editing this one.
 */
export const summariesAnnual: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable("pending_corrections")
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("subject", "text", (c) => c.notNull())
      .addColumn("reason", "text", (c) => c.notNull())
      .addColumn("created_by", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("pending_corrections_pk", ["kind", "subject"])
      .execute();
    await db.schema
      .createTable("annual_overrides")
      .addColumn("year", "integer", (c) => c.notNull())
      .addColumn("unit_key", "text", (c) => c.notNull())
      .addColumn("grade", "text", (c) => c.notNull())
      .addColumn("reason", "text", (c) => c.notNull())
      .addColumn("created_by", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("annual_overrides_pk", ["year", "unit_key"])
      .addForeignKeyConstraint("annual_overrides_unit_fk", ["unit_key"], "units", ["key"])
      .execute();
  },
};
