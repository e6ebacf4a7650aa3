import type { Kysely } from "kysely";
import { appendAudit, insertAdjustment, insertManualScores, insertRulebook, insertUnit, insertUser, listUnits, newId, setAssignments, setPeriod, untouchedPeriod, writeFacts, type Database, type Role } from "@scorecard/db";
import { addMonths } from "@scorecard/rules";
import { publishNotice, systemClock, type Clock } from "./cycle";
import { ScoreService } from "./scores-service";
import { demoCourt, DEMO_HEADS, DEMO_LEADERS, DEMO_VARIANTS, type DemoVariant } from "@scorecard/demo";
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
 * Loads the demo court into an empty database in one transaction: tribunals, accounts,
 * assignments, the rulebook of the variant (active) and its shipped drafts (the kailu 2023.1), facts 2022-01 … 2023-03, adjustments and,
 * for `grouped` and `internal`, the committee's scores (评议打分).
 * The months up to 2023-02 are published; 2023-03 is in review, as a court mid-cycle would be.
 */
export async function seedDemo(db: Kysely<Database>, clock: Clock = systemClock, variant: DemoVariant = "kailu"): Promise<void> {
  const court = demoCourt(variant);
  const hash = await hashPassword(DEMO_PASSWORD); // one hash for all: argon2id salts it, and the accounts share the password
  const at = clock().toISOString();
  const periods = [...new Set(court.facts.map((f) => f.period))].sort();
  const latest = periods[periods.length - 1]!;
  await db.transaction().execute(async (trx) => {
    for (const u of court.units) await insertUnit(trx, { key: u.key, name: u.name, active: true });
    for (const a of DEMO_ACCOUNTS) {
      const id = newId();
      await insertUser(trx, { id, username: a.username, name: a.name, role: a.role, unit: a.unit ?? null, passwordHash: hash, at });
      if (a.units) await setAssignments(trx, id, a.units);
    }
    await insertRulebook(trx, { id: newId(), rulebook: court.rulebook, status: "active", by: null, at });
    // the next revision, as a draft HR can open in the studio (default-rulebook.md: never activated, months up to 2023-02 are published)
    for (const draft of court.drafts) await insertRulebook(trx, { id: newId(), rulebook: draft, status: "draft", by: null, at });
    for (const f of court.facts) await writeFacts(trx, { period: f.period, unit: f.unit, values: f.values, expected: 0, by: null, at });
    for (const a of court.adjustments)
      await insertAdjustment(trx, { id: newId(), period: a.period, unit: a.unit, item: a.item, count: a.count, note: a.note ?? null, evidence: null, createdBy: null, createdAt: at });
    const hr = DEMO_ACCOUNTS.find((a) => a.role === "hr")!;
    await insertManualScores(trx, court.manual, hr.username, at);
    await appendAudit(
      trx,
      { username: null, action: "demo.load", target: "court", after: { variant, tribunals: court.units.length, accounts: DEMO_ACCOUNTS.length, facts: court.facts.length, adjustments: court.adjustments.length, manual: court.manual.length } },
      at,
    );
  });

  // the history, published through the same path as every month: review, then the notice on the
  // 5th of the following month at 10:00 (Asia/Shanghai), issued by the statistician
  const scores = new ScoreService();
  const stats = DEMO_ACCOUNTS.find((a) => a.role === "stats")!;
  for (const p of periods.filter((x) => x !== latest)) {
    const next = addMonths(p, 1);
    const at = new Date(Date.UTC(Number(next.slice(0, 4)), Number(next.slice(5, 7)) - 1, 5, 2, 0, 0));
    await db.transaction().execute(async (trx) => {
      await setPeriod(trx, { ...untouchedPeriod(p), status: "review", reviewUntil: new Date(at.getTime() - 86400_000).toISOString() }, stats.username, at.toISOString());
      await appendAudit(trx, { username: stats.username, action: "periods.openReview", target: p, before: { status: "collecting" }, after: { status: "review" } }, at.toISOString());
    });
    await publishNotice(db, scores, { period: p, by: { username: stats.username, name: stats.name }, at, acknowledgeWarnings: true });
  }
  // the latest month is in review, its deadline three days from now, so that a newcomer can object
  const now = clock();
  await db.transaction().execute(async (trx) => {
    await setPeriod(trx, { ...untouchedPeriod(latest), status: "review", reviewUntil: new Date(now.getTime() + 3 * 86400_000).toISOString() }, stats.username, now.toISOString());
    await appendAudit(trx, { username: stats.username, action: "periods.openReview", target: latest, before: { status: "collecting" }, after: { status: "review" } }, now.toISOString());
  });
}
