import { existsSync } from "node:fs";
import { sql } from "kysely";
import type { Kysely } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "./connect.js";
import { DatabaseError, isForeignKeyViolation, isUniqueViolation } from "./errors.js";
import { applyMigrations, latestMigrationName, migrateToLatest, migrationStatus } from "./migrate.js";
import { TABLES, TABLE_NAMES } from "./tables.js";
import { createTestDatabase, testDatabaseKinds } from "./testing.js";
import type { TestDatabase } from "./testing.js";

/** Every released migration, in order. */
const ALL = ["0001_initial", "0002_data_revision", "0003_cycle", "0004_supervision", "0005_summaries_annual", "0006_manual_scores", "0007_rulebook_updated_at", "0008_data_changes", "0009_correction_marks", "0010_court_profile"];
import type { Db } from "./connect.js";

async function userTables(db: Db): Promise<Map<string, Map<string, boolean>>> {
  const schema =
    db.dialect === "postgres"
      ? (await sql<{ s: string }>`select current_schema() as s`.execute(db.kysely)).rows[0]?.s
      : undefined;
  const tables = await db.kysely.introspection.getTables();
  const out = new Map<string, Map<string, boolean>>();
  for (const t of tables) {
    if (schema !== undefined && t.schema !== schema) continue;
    out.set(t.name, new Map(t.columns.map((c) => [c.name, c.isNullable])));
  }
  return out;
}

async function expectRejects(promise: Promise<unknown>): Promise<unknown> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeDefined();
  return error;
}

describe.each(testDatabaseKinds())("migrations on %s", (kind) => {
  const open: TestDatabase[] = [];
  const others: Db[] = [];
  async function fresh(options?: { migrate?: boolean }): Promise<TestDatabase> {
    const db = await createTestDatabase(kind, options);
    open.push(db);
    return db;
  }
  afterEach(async () => {
    for (const db of others.splice(0)) await db.close();
    for (const db of open.splice(0)) await db.destroy();
  });

  it("create every table with exactly the columns of schema.ts, and running again applies nothing", async () => {
    const db = await fresh({ migrate: false });
    expect(await migrationStatus(db)).toEqual({ applied: [], pending: ALL });
    expect(await migrateToLatest(db)).toEqual({ applied: ALL });
    expect(await migrateToLatest(db)).toEqual({ applied: [] });
    expect(await migrationStatus(db)).toEqual({ applied: ALL, pending: [] });
    expect(latestMigrationName()).toBe(ALL.at(-1));

    const tables = await userTables(db);
    const every = Object.keys(TABLES) as Array<keyof typeof TABLES>;
    expect([...tables.keys()].sort()).toEqual([...every].sort());
    expect(every.filter((t) => !(TABLE_NAMES as readonly string[]).includes(t))).toEqual(["data_revision", "data_changes"]);
    for (const table of every) {
      const expected = Object.entries(TABLES[table].columns as Record<string, { nullable?: boolean }>).map(
        ([name, spec]) => [name, spec.nullable === true] as const,
      );
      const actual = tables.get(table);
      expect(actual && [...actual.entries()].sort(), table).toEqual([...expected].sort());
    }
  });

  it("are applied once even when two connections migrate at the same time", async () => {
    const db = await fresh({ migrate: false });
    const second = await openDatabase(db.url);
    others.push(second);
    const [a, b] = await Promise.all([migrateToLatest(db), migrateToLatest(second)]);
    expect([...a.applied, ...b.applied]).toEqual(ALL);
  });

  it("apply all pending migrations or none", async () => {
    const db = await fresh({ migrate: false });
    const failing = {
      "0001_a": {
        async up(k: Kysely<unknown>) {
          await k.schema.createTable("first_table").addColumn("x", "integer").execute();
        },
      },
      "0002_b": {
        async up(k: Kysely<unknown>) {
          await k.schema.createTable("second_table").addColumn("y", "integer").execute();
          throw new Error("boom");
        },
      },
    };
    const error = await expectRejects(applyMigrations(db, failing));
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as DatabaseError).code).toBe("DB_MIGRATION_FAILED");
    expect((error as DatabaseError).message).toMatch(/数据库结构升级失败（迁移 0002_b）：boom/);
    const tables = await userTables(db);
    expect(tables.has("first_table")).toBe(false);
    expect(tables.has("second_table")).toBe(false);
    // and the real migrations still apply cleanly afterwards
    expect(await migrateToLatest(db)).toEqual({ applied: ALL });
  });

  it("refuse a database migrated by a newer program", async () => {
    const db = await fresh();
    await sql`insert into kysely_migration (name, timestamp) values ('9999_future', ${new Date().toISOString()})`.execute(
      db.kysely,
    );
    const error = await expectRejects(migrateToLatest(db));
    expect((error as DatabaseError).code).toBe("DB_TOO_NEW");
    expect((error as DatabaseError).message).toMatch(/请升级本程序/);
  });

  it("enforce foreign keys: facts, adjustments, users and leader assignments need an existing unit", async () => {
    const db = await fresh();
    const k = db.kysely;
    const fact = { period: "2023-03", unit_key: "nowhere", values_json: "{}", version: 1, updated_by: null, updated_at: "2023-03-01T00:00:00.000Z" };
    expect(isForeignKeyViolation(await expectRejects(k.insertInto("facts").values(fact).execute()))).toBe(true);
    const adjustment = { id: "a1", period: "2023-03", unit_key: "nowhere", item: "x", count: 1, note: null, evidence: null, created_by: null, created_at: "t" };
    expect(isForeignKeyViolation(await expectRejects(k.insertInto("adjustments").values(adjustment).execute()))).toBe(true);
    const user = { id: "u1", username: "head-x", name: "庭长", role: "head" as const, unit_key: "nowhere", password_hash: "h", active: 1, created_at: "t" };
    expect(isForeignKeyViolation(await expectRejects(k.insertInto("users").values(user).execute()))).toBe(true);

    await k.insertInto("units").values({ key: "dayushu", name: "大榆树", sort_order: 1, active: 1 }).execute();
    await k.insertInto("facts").values({ ...fact, unit_key: "dayushu" }).execute();
    await k.insertInto("users").values({ ...user, unit_key: "dayushu" }).execute();
    expect(isForeignKeyViolation(await expectRejects(k.insertInto("leader_assignments").values({ user_id: "ghost", unit_key: "dayushu" }).execute()))).toBe(true);
    // a unit that has facts cannot be deleted
    expect(isForeignKeyViolation(await expectRejects(k.deleteFrom("units").where("key", "=", "dayushu").execute()))).toBe(true);
  });

  it("keep usernames unique and primary keys single", async () => {
    const db = await fresh();
    const k = db.kysely;
    const user = { id: "u1", username: "admin", name: "甲", role: "admin" as const, unit_key: null, password_hash: "h", active: 1, created_at: "t" };
    await k.insertInto("users").values(user).execute();
    expect(isUniqueViolation(await expectRejects(k.insertInto("users").values({ ...user, id: "u2" }).execute()))).toBe(true);
    expect(isUniqueViolation(await expectRejects(k.insertInto("users").values({ ...user, username: "other" }).execute()))).toBe(true);
    await k.insertInto("units").values({ key: "a", name: "A", sort_order: 1, active: 1 }).execute();
    const fact = { period: "2023-03", unit_key: "a", values_json: "{}", version: 1, updated_by: null, updated_at: "t" };
    await k.insertInto("facts").values(fact).execute();
    expect(isUniqueViolation(await expectRejects(k.insertInto("facts").values(fact).execute()))).toBe(true);
    expect(isForeignKeyViolation(new Error("plain"))).toBe(false);
  });

  it("delete a user's sessions and leader assignments with the user", async () => {
    const db = await fresh();
    const k = db.kysely;
    await k.insertInto("units").values({ key: "a", name: "A", sort_order: 1, active: 1 }).execute();
    await k.insertInto("users").values({ id: "u1", username: "leader1", name: "乙", role: "leader", unit_key: null, password_hash: "h", active: 1, created_at: "t" }).execute();
    await k.insertInto("sessions").values({ id: "s1", user_id: "u1", created_at: "t", last_seen_at: "t", ip: "127.0.0.1" }).execute();
    await k.insertInto("leader_assignments").values({ user_id: "u1", unit_key: "a" }).execute();
    await k.deleteFrom("users").where("id", "=", "u1").execute();
    expect(await k.selectFrom("sessions").selectAll().execute()).toEqual([]);
    expect(await k.selectFrom("leader_assignments").selectAll().execute()).toEqual([]);
  });

  it("number audit entries 1, 2, 3… and return counts as numbers", async () => {
    const db = await fresh();
    const k = db.kysely;
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      const row = await k
        .insertInto("audit_log")
        .values({ at: "2023-03-01T00:00:00.000Z", username: null, action: "demo.load", target: "court", before_json: null, after_json: null })
        .returning("id")
        .executeTakeFirstOrThrow();
      ids.push(row.id);
    }
    expect(ids).toEqual([1, 2, 3]);
    const { n } = await k.selectFrom("audit_log").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(n).toBe(3);
  });

  it("roll back everything a failing transaction wrote", async () => {
    const db = await fresh();
    const k = db.kysely;
    const error = await expectRejects(
      k.transaction().execute(async (trx) => {
        await trx.insertInto("units").values({ key: "a", name: "A", sort_order: 1, active: 1 }).execute();
        await trx.insertInto("facts").values({ period: "2023-03", unit_key: "a", values_json: "{}", version: 1, updated_by: null, updated_at: "t" }).execute();
        throw new Error("the user cancelled");
      }),
    );
    expect((error as Error).message).toBe("the user cancelled");
    expect(await k.selectFrom("units").selectAll().execute()).toEqual([]);
    expect(await k.selectFrom("facts").selectAll().execute()).toEqual([]);
    // a failing statement inside a transaction rolls back the earlier ones too
    await expectRejects(
      k.transaction().execute(async (trx) => {
        await trx.insertInto("units").values({ key: "b", name: "B", sort_order: 1, active: 1 }).execute();
        await trx.insertInto("facts").values({ period: "2023-03", unit_key: "ghost", values_json: "{}", version: 1, updated_by: null, updated_at: "t" }).execute();
      }),
    );
    expect(await k.selectFrom("units").selectAll().execute()).toEqual([]);
  });

  it.runIf(kind === "sqlite")("keeps the SQLite file in WAL mode", async () => {
    const db = await fresh();
    const { rows } = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db.kysely);
    expect(rows[0]?.journal_mode).toBe("wal");
    await db.kysely.insertInto("units").values({ key: "a", name: "A", sort_order: 1, active: 1 }).execute();
    expect(existsSync(`${db.url}-wal`)).toBe(true);
  });

  it.runIf(kind === "postgres")("keeps each schema of one PostgreSQL database separate", async () => {
    const a = await fresh();
    const b = await fresh({ migrate: false });
    // Kysely's own check would see `a`'s kysely_migration table and skip creating b's.
    expect(await migrateToLatest(b)).toEqual({ applied: ALL });
    await a.kysely.insertInto("units").values({ key: "a", name: "A", sort_order: 1, active: 1 }).execute();
    expect(await b.kysely.selectFrom("units").selectAll().execute()).toEqual([]);
  });
});
