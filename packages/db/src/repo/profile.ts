import type { Kysely } from "kysely";
import type { Database } from "../schema";

/** The court's profile as stored: its JSON text (checked by the caller against @scorecard/rules), who changed it and when. */
export interface StoredCourtProfile {
  profile: string;
  updatedBy: string | null;
  updatedAt: string;
}

/** The stored profile, or undefined when none was ever saved (the demo court's then). */
export async function findCourtProfile(db: Kysely<Database>): Promise<StoredCourtProfile | undefined> {
  const r = await db.selectFrom("court_profile").selectAll().where("id", "=", 1).executeTakeFirst();
  return r && { profile: r.profile, updatedBy: r.updated_by, updatedAt: r.updated_at };
}

/** Stores the profile (the one row, written or replaced). */
export async function saveCourtProfile(db: Kysely<Database>, profile: unknown, by: string | null, at: string): Promise<void> {
  const text = JSON.stringify(profile);
  const done = await db.updateTable("court_profile").set({ profile: text, updated_by: by, updated_at: at }).where("id", "=", 1).executeTakeFirst();
  if (Number(done.numUpdatedRows) === 0) await db.insertInto("court_profile").values({ id: 1, profile: text, updated_by: by, updated_at: at }).execute();
}
