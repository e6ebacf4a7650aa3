import type { Kysely, Migration } from "kysely";

/**
 * Manual scores (评议打分, rulebook.md §9): one committee score per tribunal, manual indicator and
 * month, with its reason and who entered it; a new entry replaces the old (the audit log keeps both).
 * The score is a double: committee scores have decimals (6.44).
 *
 * Frozen: once released, change the schema with a new migration, never by editing this one.
 */
export const manualScores: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable("manual_scores")
      .addColumn("period", "text", (c) => c.notNull())
      .addColumn("unit_key", "text", (c) => c.notNull())
      .addColumn("indicator", "text", (c) => c.notNull())
      .addColumn("score", "double precision", (c) => c.notNull())
      .addColumn("reason", "text", (c) => c.notNull())
      .addColumn("entered_by", "text", (c) => c.notNull())
      .addColumn("entered_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("manual_scores_pk", ["period", "unit_key", "indicator"])
      .addForeignKeyConstraint("manual_scores_unit_fk", ["unit_key"], "units", ["key"])
      .execute();
  },
};
