import { sql, type Kysely, type Migration } from "kysely";

/**
 * When and by whom a rulebook version was last written (created, saved as a draft, activated): what the
 * studio's editor loaded, so that a save from a stale view is refused instead of overwriting
 * someone else's edit (optimistic concurrency, as facts have with `version`). Existing rows take
 * their activation time, else their creation time, and their creator.
 *
 * Frozen: once released, change the schema with a new migration, never by editing this one.
 */
export const rulebookUpdatedAt: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable("rulebooks").addColumn("updated_at", "text", (c) => c.notNull().defaultTo("")).execute();
    await db.schema.alterTable("rulebooks").addColumn("updated_by", "text").execute();
    await sql`update rulebooks set updated_at = coalesce(activated_at, created_at), updated_by = created_by`.execute(db);
  },
};
