import type { Kysely, Migration } from "kysely";

/**
 * Supervision (督办): a leader's instructions to a tribunal, every step of their history, and what
 * stats did with the penalty offered for an overdue one.
 *
 * Frozen: once released, change the schema with a new migration, never by editing this one.
 */
export const supervision: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const schema = db.schema;
    await schema
      .createTable("supervisions")
      .addColumn("id", "text", (c) => c.notNull().primaryKey())
      .addColumn("unit_key", "text", (c) => c.notNull())
      .addColumn("indicator", "text", (c) => c.notNull())
      .addColumn("period", "text", (c) => c.notNull())
      .addColumn("text", "text", (c) => c.notNull())
      .addColumn("due", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("issued_by", "text", (c) => c.notNull())
      .addColumn("issued_at", "text", (c) => c.notNull())
      .addColumn("suggestion", "text")
      .addColumn("suggestion_reason", "text")
      .addColumn("suggestion_by", "text")
      .addColumn("suggestion_at", "text")
      .addColumn("adjustment_id", "text")
      .addColumn("overdue_notified_at", "text")
      .addForeignKeyConstraint("supervisions_unit_fk", ["unit_key"], "units", ["key"])
      .execute();
    await schema.createIndex("supervisions_unit_idx").on("supervisions").column("unit_key").execute();

    await schema
      .createTable("supervision_events")
      .addColumn("supervision_id", "text", (c) => c.notNull())
      .addColumn("seq", "integer", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("text", "text", (c) => c.notNull())
      .addColumn("by_user", "text", (c) => c.notNull())
      .addColumn("at", "text", (c) => c.notNull())
      // one step per place: two answers racing for the same place cannot both be written
      .addPrimaryKeyConstraint("supervision_events_pk", ["supervision_id", "seq"])
      .addForeignKeyConstraint("supervision_events_supervision_fk", ["supervision_id"], "supervisions", ["id"])
      .execute();
  },
};
