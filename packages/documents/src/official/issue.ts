/** What every official document's snapshot carries of its issue: revision, number, court, tribunals, issuer, time. */

export const DEFAULT_COURT = "开鲁县人民法院";

export interface IssueInput {
  revision: number;
  number: string | null;
  /** default "开鲁县人民法院" */
  court?: string;
  units: ReadonlyArray<{ key: string; name: string }>;
  issuedBy: { username: string; name: string } | null;
  issuedAt: string;
}

/** The issue's fields of a snapshot, copied as plain JSON. */
export function issueFields(input: IssueInput) {
  return {
    revision: input.revision,
    number: input.number,
    court: input.court ?? DEFAULT_COURT,
    units: input.units.map((u) => ({ key: u.key, name: u.name })),
    issuedBy: input.issuedBy ? { username: input.issuedBy.username, name: input.issuedBy.name } : null,
    issuedAt: input.issuedAt,
  };
}
