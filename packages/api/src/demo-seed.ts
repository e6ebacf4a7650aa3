import type { Kysely } from "kysely";
import { appendAudit, newId, setPeriod, type Database, type Role } from "@scorecard/db";
import { demoCourt, DEMO_HEADS, DEMO_LEADERS } from "@scorecard/demo";
import { hashPassword } from "./auth";

/** Every demo account has this password (interfaces.md). */
export const DEMO_PASSWORD = "kailu-demo";

export const DEMO_ACCOUNTS: Array<{ username: string; name: string; role: Role; unit?: string; units?: string[] }> = [
  { username: "admin", name: "系统管理员", role: "admin" },
  { username: "hr", name: "政治处", role: "hr" },
  { username: "stats", name: "审管办统计员", role: "stats" },
  ...DEMO_LEADERS.map((l) => ({ username: l.username, name: l.name, role: "leader" as const, units: l.units })),
  ...DEMO_HEADS.map((h) => ({ username: h.username, name: h.name, role: "head" as const, unit: h.unit })),
];

/** True when the database holds no tribunal yet. */
export async function isEmpty(db: Kysely<Database>): Promise<boolean> {
  return !(await db.selectFrom("units").select("key").limit(1).executeTakeFirst());
}

/**
 * Loads the demo court into an empty database in one transaction: tribunals, accounts,
 * assignments, the default rulebook (active), facts 2022-01 … 2023-03 and adjustments.
 * The months up to 2023-02 are published; 2023-03 is in review, as a court mid-cycle would be.
 */
export async function seedDemo(db: Kysely<Database>): Promise<void> {
  const court = demoCourt();
  const hash = await hashPassword(DEMO_PASSWORD); // one hash for all: argon2id salts it, and the accounts share the password
  const at = new Date().toISOString();
  const periods = [...new Set(court.facts.map((f) => f.period))].sort();
  const latest = periods[periods.length - 1]!;
  await db.transaction().execute(async (trx) => {
    await trx.insertInto("units").values(court.units.map((u, i) => ({ key: u.key, name: u.name, sort_order: i + 1, active: 1 }))).execute();
    const ids = new Map<string, string>();
    for (const a of DEMO_ACCOUNTS) {
      const id = newId();
      ids.set(a.username, id);
      await trx.insertInto("users").values({ id, username: a.username, name: a.name, role: a.role, unit_key: a.unit ?? null, password_hash: hash, active: 1, created_at: at }).execute();
      for (const unit of a.units ?? []) await trx.insertInto("leader_assignments").values({ user_id: id, unit_key: unit }).execute();
    }
    const rb = court.rulebook;
    await trx
      .insertInto("rulebooks")
      .values({ id: newId(), family: rb.id, version: rb.version, title: rb.title, status: "active", effective_from: rb.effectiveFrom, body: JSON.stringify(rb), created_by: null, created_at: at, activated_at: at })
      .execute();
    for (const f of court.facts)
      await trx.insertInto("facts").values({ period: f.period, unit_key: f.unit, values_json: JSON.stringify(f.values), version: 1, updated_by: null, updated_at: at }).execute();
    for (const a of court.adjustments)
      await trx
        .insertInto("adjustments")
        .values({ id: newId(), period: a.period, unit_key: a.unit, item: a.item, count: a.count, note: a.note ?? null, evidence: null, created_by: null, created_at: at })
        .execute();
    for (const p of periods)
      await setPeriod(trx, { period: p, status: p === latest ? "review" : "published", revision: p === latest ? 0 : 1, reviewUntil: null }, null, at);
    await appendAudit(trx, { username: null, action: "demo.load", target: "court", after: { tribunals: court.units.length, accounts: DEMO_ACCOUNTS.length, facts: court.facts.length, adjustments: court.adjustments.length } }, at);
  });
}
