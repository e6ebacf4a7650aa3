import type { Kysely, Migration } from "kysely";

/**
 * The court's profile (product.md "Documents a court office issues unedited"): one row, `id` 1,
 * its JSON (`CourtProfileSchema` of @scorecard/rules) and who changed it when. No row: the demo
 * court's profile. Publications copy it into their snapshot, so a change applies to documents
 * published after it.
 *
 * Frozen: once released, change the schema with a new migration, never by editing this one.
 */
export const courtProfile: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable("court_profile")
      .addColumn("id", "integer", (c) => c.primaryKey().notNull())
      .addColumn("profile", "text", (c) => c.notNull())
      .addColumn("updated_by", "text")
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();
  },
};
