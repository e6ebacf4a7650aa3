/** What every official document's snapshot carries of its issue: revision, number, court, its profile, tribunals, issuer, time. */
import { DEFAULT_COURT_PROFILE, type CourtProfile } from "@scorecard/rules";

/** The court of a snapshot without a profile (published before profiles existed): the demo court. */
export const DEFAULT_COURT = DEFAULT_COURT_PROFILE.name;

export interface IssueInput {
  revision: number;
  number: string | null;
  /** default "开鲁县人民法院"; the profile's name when a profile is given */
  court?: string;
  /** the court's profile as it is when the snapshot is built (absent: the demo court's, DEFAULT_COURT_PROFILE) */
  profile?: CourtProfile;
  units: ReadonlyArray<{ key: string; name: string }>;
  issuedBy: { username: string; name: string } | null;
  issuedAt: string;
}

/** The issue's fields of a snapshot, copied as plain JSON (the profile only when given, so older snapshots keep their shape). */
export function issueFields(input: IssueInput) {
  return {
    revision: input.revision,
    number: input.number,
    court: input.profile?.name ?? input.court ?? DEFAULT_COURT,
    ...(input.profile ? { profile: structuredClone(input.profile) } : {}),
    units: input.units.map((u) => ({ key: u.key, name: u.name })),
    issuedBy: input.issuedBy ? { username: input.issuedBy.username, name: input.issuedBy.name } : null,
    issuedAt: input.issuedAt,
  };
}

/** The profile a snapshot was built with; a snapshot from before profiles: the demo court's. */
export function profileOf(s: { profile?: CourtProfile }): CourtProfile {
  return s.profile ?? DEFAULT_COURT_PROFILE;
}

/** The court's words as a document's body says them (法庭 / 人民法庭, 全院, 庭长; at a 中院 法院 / 基层人民法院, 全市, 院长). */
export interface CourtWords {
  /** 法庭 */
  unit: string;
  /** 人民法庭 */
  full: string;
  /** 各人民法庭 */
  each: string;
  /** 全院 */
  scope: string;
  /** 庭长 */
  head: string;
}

export function courtWords(s: { profile?: CourtProfile }): CourtWords {
  const p = profileOf(s);
  return { unit: p.unitWord, full: p.unitWordFull, each: `各${p.unitWordFull}`, scope: p.scope, head: p.headTitle };
}
