import type { Kysely } from "kysely";
import { listUnits, type Database, type Role } from "@scorecard/db";
import { loadCourt, systemClock, type Clock } from "@scorecard/api";
import { demoCourt, DEMO_HEADS, DEMO_LEADERS, DEMO_VARIANTS, type DemoVariant } from "@scorecard/demo";

/** Every demo account has this password (interfaces.md). */
export const DEMO_PASSWORD = "kailu-demo";

export const DEMO_ACCOUNTS: Array<{ username: string; name: string; role: Role; unit?: string; units?: string[] }> = [
  { username: "admin", name: "系统管理员", role: "admin" },
  { username: "hr", name: "政治处", role: "hr" },
  { username: "stats", name: "审管办统计员", role: "stats" },
  ...DEMO_LEADERS.map((l) => ({ username: l.username, name: l.name, role: "leader" as const, units: l.units })),
  ...DEMO_HEADS.map((h) => ({ username: h.username, name: h.name, role: "head" as const, unit: h.unit })),
];

/** What the login page lists in demo mode. */
export const DEMO_LOGINS = DEMO_ACCOUNTS.map(({ username, name, role }) => ({ username, name, role }));

/** True when the database holds no tribunal yet. */
export async function isEmpty(db: Kysely<Database>): Promise<boolean> {
  return (await listUnits(db)).length === 0;
}

/** The demo variants a server may load (`SCORECARD_DEMO=grouped`), with what each is, for the startup log. */
export const DEMO_VARIANT_NAMES: Record<DemoVariant, string> = {
  kailu: "开鲁县人民法院考核办法",
  grouped: "分类考核示例(分组排名、评议打分、加权改发率、样本下限、扣分上限)",
  internal: "分类考核示例,排名不通报",
};
export { DEMO_VARIANTS, type DemoVariant };

/**
 * Loads the demo court into an empty database (api's loadCourt): tribunals, accounts,
 * assignments, the rulebook of the variant (active) and its shipped drafts (the kailu 2023.1), facts 2022-01 … 2023-03, adjustments and,
 * for `grouped` and `internal`, the committee's scores (评议打分).
 * The months up to 2023-02 are published; 2023-03 is in review, as a court mid-cycle would be.
 */
export async function seedDemo(db: Kysely<Database>, clock: Clock = systemClock, variant: DemoVariant = "kailu"): Promise<void> {
  await loadCourt(db, demoCourt(variant), { accounts: DEMO_ACCOUNTS, password: DEMO_PASSWORD, clock, action: "demo.load", note: { variant } });
}
