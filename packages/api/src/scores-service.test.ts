/**
 * The score cache applies the log of changes (packages/db, `data_changes`): after a write — in this
 * process or another — every answer equals the one a fresh service reading everything gives, and
 * only the months changed are read again.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  activateRulebook,
  deleteAdjustment,
  insertAdjustment,
  insertManualScores,
  insertRulebook,
  insertUnit,
  newId,
  openDatabase,
  setPeriod,
  untouchedPeriod,
  updateUnit,
  writeFacts,
  writeManualScore,
  type Database,
  type Db,
} from "@scorecard/db";
import { createTestDatabase, type TestDatabase } from "@scorecard/db/testing";
import { demoCourt } from "@scorecard/demo";
import type { Kysely } from "kysely";
import type { Period, WindowKind } from "@scorecard/rules";
import { ScoreService } from "./scores-service";

const AT = "2023-04-02T02:00:00.000Z";
const open: TestDatabase[] = [];
const others: Db[] = [];
afterEach(async () => {
  for (const db of others.splice(0)) await db.close();
  for (const db of open.splice(0)) await db.destroy();
});

/** A real SQLite file with the demo court (the variant with committee scores): tribunals, the active rulebook, every month's figures. */
async function court(): Promise<{ db: TestDatabase; demo: ReturnType<typeof demoCourt> }> {
  const db = await createTestDatabase("sqlite");
  open.push(db);
  const demo = demoCourt("grouped");
  await db.kysely.transaction().execute(async (trx) => {
    for (const u of demo.units) await insertUnit(trx, { key: u.key, name: u.name, active: true }, AT);
    await insertRulebook(trx, { id: newId(), rulebook: demo.rulebook, status: "active", by: null, at: AT });
    for (const f of demo.facts) await writeFacts(trx, { period: f.period, unit: f.unit, values: f.values, expected: 0, by: null, at: AT });
    for (const a of demo.adjustments)
      await insertAdjustment(trx, { id: newId(), period: a.period, unit: a.unit, item: a.item, count: a.count, note: a.note ?? null, evidence: null, createdBy: null, createdAt: AT });
    await insertManualScores(trx, demo.manual, "hr", AT);
  });
  return { db, demo };
}

const ASKED: Array<[Period, WindowKind | undefined]> = [
  ["2023-03", undefined],
  ["2023-03", "month"],
  ["2023-02", undefined],
  ["2023-01", "ytd"],
  ["2022-12", undefined],
  ["2022-06", "quarter"],
];

/** Everything a page asks of the service, as plain data. */
async function answers(scores: ScoreService, db: Kysely<Database>) {
  const out: Record<string, unknown> = {};
  for (const [period, window] of ASKED) {
    out[`ranking ${period} ${window ?? ""}`] = await scores.ranking(db, period, window);
    out[`summary ${period} ${window ?? ""}`] = await scores.rankingSummary(db, period, window);
    out[`drafts ${period} ${window ?? ""}`] = await scores.draftMonths(db, period, window);
  }
  out.annual2022 = await scores.annual(db, 2022);
  out.annual2023 = await scores.annual(db, 2023);
  out.units = await scores.units(db);
  out.rulebooks = await scores.rulebooks(db);
  out.periods = await scores.periodsWithFacts(db);
  out.state = await scores.periodState(db, "2023-02");
  out.revision = await scores.revisionOf(db);
  return JSON.parse(JSON.stringify(out)) as Record<string, unknown>;
}

/** What a service that has never seen these data answers: every row read afresh. */
const fullReload = (db: Kysely<Database>) => answers(new ScoreService(), db);

describe("the score cache, after a change", () => {
  it("answers as a full reload does, after writes through this connection and through a second one, reading only the months changed", async () => {
    const { db, demo } = await court();
    const scores = new ScoreService();
    const before = await answers(scores, db.kysely);
    expect(before).toEqual(await fullReload(db.kysely));
    const march = demo.facts.find((f) => f.period === "2023-03" && f.unit === demo.units[0]!.key)!;
    const kept = (await scores.inputs(db.kysely)).index.facts.get("2022-05");

    // a save of February's figures through this connection: February, the year-to-date windows that hold it, and 2023's evaluation move
    const feb = demo.facts.find((f) => f.period === "2023-02" && f.unit === demo.units[1]!.key)!;
    await writeFacts(db.kysely, { period: "2023-02", unit: feb.unit, values: { ...feb.values, trial_closed: (feb.values.trial_closed ?? 0) + 40 }, expected: 1, by: "stats", at: AT });
    const afterFeb = await answers(scores, db.kysely);
    expect(afterFeb).toEqual(await fullReload(db.kysely));
    expect(afterFeb["ranking 2023-03 "]).not.toEqual(before["ranking 2023-03 "]);
    expect(afterFeb["ranking 2022-12 "]).toEqual(before["ranking 2022-12 "]);
    // the months not changed are the very rows read before, not read again
    expect((await scores.inputs(db.kysely)).index.facts.get("2022-05")).toBe(kept);

    // another server process: its own connection and cache, writing March, an adjustment, a committee score and a month's state
    const second = await openDatabase(db.url);
    others.push(second);
    const elsewhere = new ScoreService();
    await answers(elsewhere, second.kysely);
    await writeFacts(second.kysely, { period: "2023-03", unit: march.unit, values: { ...march.values, trial_closed: (march.values.trial_closed ?? 0) + 9 }, expected: 1, by: "stats", at: AT });
    const adjustment = newId();
    await insertAdjustment(second.kysely, { id: adjustment, period: "2022-12", unit: demo.units[2]!.key, item: demo.adjustments[0]!.item, count: 2, note: null, evidence: null, createdBy: "stats", createdAt: AT });
    const m = demo.manual.find((r) => r.period === "2023-01")!;
    await writeManualScore(second.kysely, { row: { ...m, score: m.score > 1 ? m.score - 1 : m.score + 1, reason: "复议" }, by: "hr", at: AT });
    await setPeriod(second.kysely, { ...untouchedPeriod("2023-02"), status: "review", reviewUntil: "2023-03-10T10:00:00.000Z" }, "stats", AT);
    const afterSecond = await answers(scores, db.kysely);
    expect(afterSecond).toEqual(await fullReload(db.kysely));
    expect(afterSecond).toEqual(await answers(elsewhere, second.kysely));
    expect(afterSecond["ranking 2023-03 "]).not.toEqual(afterFeb["ranking 2023-03 "]);
    expect(afterSecond["ranking 2022-12 "]).not.toEqual(afterFeb["ranking 2022-12 "]);
    expect(afterSecond.state).toMatchObject({ status: "review" });

    // an adjustment taken back, a tribunal renamed, a rulebook version activated from 2023-03: the same
    await deleteAdjustment(second.kysely, adjustment, AT);
    await updateUnit(second.kysely, demo.units[0]!.key, { name: "改名人民法庭" }, AT);
    const next = { ...demo.rulebook, version: `${demo.rulebook.version}-b`, effectiveFrom: "2023-03" };
    const id = newId();
    await insertRulebook(second.kysely, { id, rulebook: next, status: "draft", by: "hr", at: AT });
    await activateRulebook(second.kysely, id, AT);
    const last = await answers(scores, db.kysely);
    expect(last).toEqual(await fullReload(db.kysely));
    expect(last["ranking 2022-12 "]).toEqual(afterFeb["ranking 2022-12 "]);
    expect((last.rulebooks as unknown[]).length).toBe(2);
    expect((last.units as Array<{ name: string }>)[0]!.name).toBe("改名人民法庭");
  });

  it("reads everything again when the log cannot say what changed", async () => {
    const { db, demo } = await court();
    const scores = new ScoreService();
    await answers(scores, db.kysely);
    const kept = (await scores.inputs(db.kysely)).index.facts.get("2022-05");
    // written around the repositories: the figures and the revision change, the log says nothing
    const f = demo.facts.find((x) => x.period === "2022-05")!;
    await db.kysely
      .updateTable("facts")
      .set({ values_json: JSON.stringify({ ...f.values, trial_closed: 1 }) })
      .where("period", "=", "2022-05")
      .where("unit_key", "=", f.unit)
      .execute();
    await db.kysely.updateTable("data_revision").set({ revision: "by-hand" }).where("id", "=", 1).execute();
    const after = await answers(scores, db.kysely);
    expect(after).toEqual(await fullReload(db.kysely));
    expect((await scores.inputs(db.kysely)).index.facts.get("2022-05")).not.toBe(kept);
  });

  it("a request arriving after a write sees it, even while another request's look at the log is under way", async () => {
    const { db, demo } = await court();
    const scores = new ScoreService();
    const march = demo.facts.find((f) => f.period === "2023-03")!;
    const first = await scores.ranking(db.kysely, "2023-03");
    const slow = scores.ranking(db.kysely, "2023-03");
    await writeFacts(db.kysely, { period: "2023-03", unit: march.unit, values: { ...march.values, trial_closed: (march.values.trial_closed ?? 0) + 30 }, expected: 1, by: "stats", at: AT });
    const after = await scores.ranking(db.kysely, "2023-03");
    await slow;
    expect(after).not.toEqual(first);
    expect(after).toEqual(await new ScoreService().ranking(db.kysely, "2023-03"));
  });
});
