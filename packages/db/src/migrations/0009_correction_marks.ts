import type { Kysely, Migration } from "kysely";

/**
 * 需更正 marks of every kind of publication (notices, quarterly summaries, annual evaluations):
 * a published document whose frozen figures no longer match the months it read, since a
 * correction of one of them was published; `because` names the corrections (JSON list of
 * `{ kind, subject, revision, number }`). A mark is removed when its figures match again or the
 * document itself is corrected.
 *
 * Frozen: once released, change the schema with a new migration, never by editing this one.
 */
export const correctionMarks: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable("correction_marks")
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("subject", "text", (c) => c.notNull())
      .addColumn("because", "text", (c) => c.notNull())
      .addColumn("marked_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("correction_marks_pk", ["kind", "subject"])
      .execute();
  },
};
