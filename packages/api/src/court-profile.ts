/** The court's profile as the server reads it: stored (checked against the rules' schema), or the demo court's when none was saved. */
import type { Kysely } from "kysely";
import { findCourtProfile, type Database } from "@scorecard/db";
import { CourtProfileSchema, DEFAULT_COURT_PROFILE, type CourtProfile } from "@scorecard/rules";

export async function readCourtProfile(db: Kysely<Database>): Promise<CourtProfile> {
  const stored = await findCourtProfile(db);
  return stored ? CourtProfileSchema.parse(JSON.parse(stored.profile)) : structuredClone(DEFAULT_COURT_PROFILE);
}
