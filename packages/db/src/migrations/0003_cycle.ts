import type { Kysely, Migration } from "kysely";

/**
 * The monthly cycle: published revisions (notices) with their rendered files, objections,
 * notifications; a period's 需更正 mark and the reason of a correction under way.
 *
 * Frozen: once released, change the schema with a new migration, never by editing this one.
 */
export const cycle: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const schema = db.schema;
    await schema.alterTable("periods").addColumn("needs_correction", "integer", (c) => c.notNull().defaultTo(0)).execute();
    await schema.alterTable("periods").addColumn("correction_reason", "text").execute();

    await schema
      .createTable("notices")
      .addColumn("id", "text", (c) => c.notNull().primaryKey())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("subject", "text", (c) => c.notNull())
      .addColumn("revision", "integer", (c) => c.notNull())
      .addColumn("year", "integer", (c) => c.notNull())
      .addColumn("seq", "integer", (c) => c.notNull())
      .addColumn("number", "text", (c) => c.notNull())
      .addColumn("hash", "text", (c) => c.notNull())
      .addColumn("snapshot", "text", (c) => c.notNull())
      .addColumn("published_at", "text", (c) => c.notNull())
      .addColumn("published_by", "text")
      // one revision of a subject is published once; one number of a year's series is given once
      .addUniqueConstraint("notices_subject_revision_unique", ["kind", "subject", "revision"])
      .addUniqueConstraint("notices_year_seq_unique", ["year", "seq"])
      .execute();

    await schema
      .createTable("notice_files")
      .addColumn("notice_id", "text", (c) => c.notNull())
      .addColumn("format", "text", (c) => c.notNull())
      .addColumn("content", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("notice_files_pk", ["notice_id", "format"])
      .addForeignKeyConstraint("notice_files_notice_fk", ["notice_id"], "notices", ["id"])
      .execute();

    await schema
      .createTable("objections")
      .addColumn("id", "text", (c) => c.notNull().primaryKey())
      .addColumn("period", "text", (c) => c.notNull())
      .addColumn("unit_key", "text", (c) => c.notNull())
      .addColumn("indicator", "text")
      .addColumn("field", "text")
      .addColumn("text", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("reply", "text")
      .addColumn("raised_by", "text", (c) => c.notNull())
      .addColumn("raised_at", "text", (c) => c.notNull())
      .addColumn("resolved_by", "text")
      .addColumn("resolved_at", "text")
      .addForeignKeyConstraint("objections_unit_fk", ["unit_key"], "units", ["key"])
      .execute();
    await schema.createIndex("objections_period_idx").on("objections").column("period").execute();

    await schema
      .createTable("notifications")
      .addColumn("id", "text", (c) => c.notNull().primaryKey())
      .addColumn("username", "text", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("title", "text", (c) => c.notNull())
      .addColumn("link", "text")
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("read_at", "text")
      .execute();
    await schema.createIndex("notifications_user_idx").on("notifications").columns(["username", "created_at"]).execute();
  },
};
