import type { Migration } from "kysely";
import type { DialectName } from "../connect.js";
import { initial } from "./0001_initial.js";
import { dataRevision } from "./0002_data_revision.js";
import { cycle } from "./0003_cycle.js";
import { supervision } from "./0004_supervision.js";
import { summariesAnnual } from "./0005_summaries_annual.js";
import { manualScores } from "./0006_manual_scores.js";
import { rulebookUpdatedAt } from "./0007_rulebook_updated_at.js";
import { dataChanges } from "./0008_data_changes.js";
import { correctionMarks } from "./0009_correction_marks.js";
import { courtProfile } from "./0010_court_profile.js";

/**
 * Every migration, by name; Kysely runs them in name order. Add new ones at the end with the next
 * number (`0002_…`) and never edit or rename a released one.
 */
export function migrationsFor(dialect: DialectName): Record<string, Migration> {
  return {
    "0001_initial": initial(dialect),
    "0002_data_revision": dataRevision,
    "0003_cycle": cycle,
    "0004_supervision": supervision,
    "0005_summaries_annual": summariesAnnual,
    "0006_manual_scores": manualScores,
    "0007_rulebook_updated_at": rulebookUpdatedAt,
    "0008_data_changes": dataChanges(dialect),
    "0009_correction_marks": correctionMarks,
    "0010_court_profile": courtProfile,
  };
}

/** Migration names in order; the last is the schema a backup records. */
export const MIGRATION_NAMES: readonly string[] = Object.keys(migrationsFor("sqlite")).sort();
