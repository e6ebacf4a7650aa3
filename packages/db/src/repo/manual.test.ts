import { afterEach, describe, expect, it } from "vitest";
import { dataRevision } from "./audit";
import { allManualRows, listManualScores, removeManualScore, writeManualScore } from "./manual";
import { createTestDatabase, dumpTables, testDatabaseKinds, type TestDatabase } from "../testing";

const open: TestDatabase[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.destroy();
});

async function court(kind: Parameters<typeof createTestDatabase>[0]): Promise<TestDatabase> {
  const db = await createTestDatabase(kind);
  open.push(db);
  await db.kysely
    .insertInto("units")
    .values([
      { key: "dayushu", name: "大榆树人民法庭", sort_order: 1, active: 1 },
      { key: "maixin", name: "麦新人民法庭", sort_order: 2, active: 1 },
    ])
    .execute();
  return db;
}

const row = (o: Partial<{ period: string; unit: string; indicator: string; score: number; reason: string }> = {}) => ({
  period: "2023-03",
  unit: "dayushu",
  indicator: "M1",
  score: 6.44,
  reason: "调解工作扎实",
  ...o,
});

describe.each(testDatabaseKinds())("manual scores on %s", (kind) => {
  it("stores a score with decimals, replaces it with a new entry and removes it, each audited with before and after", async () => {
    const db = await court(kind);
    const r0 = await dataRevision(db.kysely);
    expect((await writeManualScore(db.kysely, { row: row(), by: "hr", at: "2023-04-01T00:00:00.000Z" })).changed).toBe(true);
    const r1 = await dataRevision(db.kysely);
    expect(r1).not.toBe(r0);
    expect(await listManualScores(db.kysely, { period: "2023-03" })).toEqual([
      { period: "2023-03", unit: "dayushu", indicator: "M1", score: 6.44, reason: "调解工作扎实", enteredBy: "hr", enteredAt: "2023-04-01T00:00:00.000Z" },
    ]);

    // the same score and reason again: nothing changes, nothing logged, the revision stays
    expect((await writeManualScore(db.kysely, { row: row(), by: "hr", at: "2023-04-02T00:00:00.000Z" })).changed).toBe(false);
    expect(await dataRevision(db.kysely)).toBe(r1);

    await writeManualScore(db.kysely, { row: row({ score: 7, reason: "复议后改为 7 分" }), by: "hr2", at: "2023-04-03T00:00:00.000Z" });
    expect(await allManualRows(db.kysely)).toEqual([{ period: "2023-03", unit: "dayushu", indicator: "M1", score: 7, reason: "复议后改为 7 分" }]);

    expect(await removeManualScore(db.kysely, { period: "2023-03", unit: "dayushu", indicator: "M1", by: "hr", at: "2023-04-04T00:00:00.000Z" })).toBe(true);
    expect(await removeManualScore(db.kysely, { period: "2023-03", unit: "dayushu", indicator: "M1", by: "hr", at: "2023-04-04T00:00:00.000Z" })).toBe(false);
    expect(await listManualScores(db.kysely)).toEqual([]);

    const audit = (await dumpTables(db)).audit_log.map((a) => [a.action, a.target, a.username, a.before_json, a.after_json]);
    expect(audit).toEqual([
      ["manual.save", "2023-03/dayushu/M1", "hr", null, JSON.stringify({ score: 6.44, reason: "调解工作扎实" })],
      ["manual.save", "2023-03/dayushu/M1", "hr2", JSON.stringify({ score: 6.44, reason: "调解工作扎实" }), JSON.stringify({ score: 7, reason: "复议后改为 7 分" })],
      ["manual.remove", "2023-03/dayushu/M1", "hr", JSON.stringify({ score: 7, reason: "复议后改为 7 分" }), null],
    ]);
  });

  it("lists by month and by months, and writes several in one transaction or none", async () => {
    const db = await court(kind);
    for (const [period, unit] of [["2023-01", "dayushu"], ["2023-02", "maixin"], ["2023-03", "dayushu"]] as const)
      await writeManualScore(db.kysely, { row: row({ period, unit }), by: "hr", at: "2023-04-01T00:00:00.000Z" });
    expect((await listManualScores(db.kysely, { periods: ["2023-01", "2023-02"] })).map((r) => `${r.period}/${r.unit}`)).toEqual(["2023-01/dayushu", "2023-02/maixin"]);
    expect(await listManualScores(db.kysely, { periods: [] })).toEqual([]);
    expect((await listManualScores(db.kysely, { period: "2023-03" })).map((r) => r.unit)).toEqual(["dayushu"]);

    const before = await dumpTables(db);
    // the second row names a tribunal that does not exist: the first is rolled back with it
    await expect(
      db.kysely.transaction().execute(async (trx) => {
        await writeManualScore(trx, { row: row({ period: "2023-04", score: 5 }), by: "hr", at: "2023-05-01T00:00:00.000Z" });
        await writeManualScore(trx, { row: row({ period: "2023-04", unit: "nowhere" }), by: "hr", at: "2023-05-01T00:00:00.000Z" });
      }),
    ).rejects.toThrow();
    expect(await dumpTables(db)).toEqual(before);
  });
});
