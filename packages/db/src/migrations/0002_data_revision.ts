import { randomUUID } from "node:crypto";
import type { Kysely, Migration } from "kysely";

/**
 * The data revision (schema.ts, `data_revision`): one row whose id every write of scored data
 * replaces inside its transaction.
 *
 * Frozen: once released, change the schema with a new migration, never by editing this one.
 */
export const dataRevision: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable("data_revision")
      .addColumn("id", "integer", (c) => c.notNull().primaryKey())
      .addColumn("revision", "text", (c) => c.notNull())
      .execute();
    await (db as Kysely<{ data_revision: { id: number; revision: string } }>).insertInto("data_revision").values({ id: 1, revision: randomUUID() }).execute();
  },
};
