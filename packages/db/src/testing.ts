/**
 * Test support, also for other packages (`import … from "@scorecard/db/testing"`): a fresh real
 * database per test — a SQLite file in a temporary directory, or, when `TEST_DATABASE_URL` is set,
 * a new schema in that PostgreSQL database — plus sample data and a table dump for comparisons.
 *
 *   describe.each(testDatabaseKinds())("%s", (kind) => {
 *     let db: TestDatabase;
 *     beforeEach(async () => { db = await createTestDatabase(kind); });
 *     afterEach(async () => { await db.destroy(); });
 *   });
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import pg from "pg";
import { openDatabase } from "./connect.js";
import type { Db, DialectName } from "./connect.js";
import { migrateToLatest } from "./migrate.js";
import { TABLES, TABLE_NAMES, columnNames } from "./tables.js";
import type { TableName } from "./tables.js";

/** "sqlite" always; "postgres" too when TEST_DATABASE_URL is set. */
export function testDatabaseKinds(env: NodeJS.ProcessEnv = process.env): DialectName[] {
  return env.TEST_DATABASE_URL ? ["sqlite", "postgres"] : ["sqlite"];
}

export interface TestDatabase extends Db {
  /** Closes this connection and deletes the database (the temporary directory or the schema). */
  destroy(): Promise<void>;
}

/** `url` with the connection's search_path set to `schema` (pg passes `options` to the server). */
export function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set("options", `-c search_path=${schema}`);
  return u.toString();
}

/** A new, empty database of the given kind, migrated unless `migrate: false`. */
export async function createTestDatabase(
  kind: DialectName,
  options: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  let url: string;
  let cleanup: () => Promise<void>;
  if (kind === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "scorecard-db-test-"));
    url = join(dir, "scorecard.db");
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const base = process.env.TEST_DATABASE_URL;
    if (!base) throw new Error("TEST_DATABASE_URL is not set");
    const schema = `t_${randomBytes(6).toString("hex")}`;
    await adminQuery(base, `create schema ${schema}`);
    url = withSearchPath(base, schema);
    cleanup = () => adminQuery(base, `drop schema if exists ${schema} cascade`);
  }
  let db: Db;
  try {
    db = await openDatabase(url);
    if (options.migrate !== false) await migrateToLatest(db);
  } catch (error) {
    await cleanup();
    throw error;
  }
  let destroyed = false;
  return {
    ...db,
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      await db.close();
      await cleanup();
    },
  };
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export type TableDump = Record<TableName, Record<string, unknown>[]>;

/** Every row of every table (all columns), sorted by primary key in JavaScript, for comparisons. */
export async function dumpTables(db: Db): Promise<TableDump> {
  const out = {} as TableDump;
  for (const table of TABLE_NAMES) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db.kysely);
    const key = TABLES[table].key as readonly string[];
    const columns = columnNames(table);
    out[table] = rows
      .map((row) => Object.fromEntries(columns.map((c) => [c, row[c]])))
      .sort((a, b) => {
        for (const k of key) {
          const x = a[k] as string | number;
          const y = b[k] as string | number;
          if (x < y) return -1;
          if (x > y) return 1;
        }
        return 0;
      });
  }
  return out;
}

/**
 * A small court in every table: units, users of each role, sessions, login attempts, leader
 * assignments, rulebooks, periods, facts, adjustments, an import, committee scores (with decimals) and audit entries. Text holds
 * Chinese, quotes, newlines and emoji; nullable columns hold both null and values.
 */
export async function seedSampleData(db: Db, options: { audit?: number } = {}): Promise<void> {
  const k = db.kysely;
  const t = (n: number) => new Date(Date.UTC(2023, 2, 1, 8, 0, n)).toISOString();
  const units = [
    { key: "dayushu", name: "大榆树人民法庭", sort_order: 1, active: 1 },
    { key: "yihe", name: "义和塔拉人民法庭", sort_order: 2, active: 1 },
    { key: "old", name: "已撤销的法庭 \"旧\"", sort_order: 3, active: 0 },
  ];
  await k.insertInto("units").values(units).execute();
  await k
    .insertInto("users")
    .values([
      { id: "u-admin", username: "admin", name: "管理员", role: "admin", unit_key: null, password_hash: "$argon2id$v=19$x", active: 1, created_at: t(1) },
      { id: "u-head", username: "head-dayushu", name: "庭长 😀", role: "head", unit_key: "dayushu", password_hash: "$argon2id$v=19$y", active: 1, created_at: t(2) },
      { id: "u-leader", username: "leader1", name: "党组成员\n一", role: "leader", unit_key: null, password_hash: "h", active: 0, created_at: t(3) },
    ])
    .execute();
  await k
    .insertInto("sessions")
    .values([{ id: "a".repeat(64), user_id: "u-admin", created_at: t(4), last_seen_at: t(5), ip: "127.0.0.1" }])
    .execute();
  await k
    .insertInto("login_attempts")
    .values([
      { id: "la-1", username: "admin", ip: "127.0.0.1", at: t(6), ok: 0 },
      { id: "la-2", username: "admin", ip: "::1", at: t(7), ok: 1 },
    ])
    .execute();
  await k
    .insertInto("leader_assignments")
    .values([
      { user_id: "u-leader", unit_key: "dayushu" },
      { user_id: "u-leader", unit_key: "yihe" },
    ])
    .execute();
  await k
    .insertInto("rulebooks")
    .values([
      { id: "rb-1", family: "tribunal", version: "2023", title: "2023 年考核办法", status: "active", effective_from: "2023-01", body: JSON.stringify({ format: "scorecard-rulebook/1", title: "办法 \\ \"引号\"" }), created_by: "admin", created_at: t(8), activated_at: t(9), updated_at: t(9), updated_by: "admin" },
      { id: "rb-2", family: "tribunal", version: "2024-draft", title: "草稿", status: "draft", effective_from: "2024-01", body: "{}", created_by: null, created_at: t(10), activated_at: null, updated_at: t(10), updated_by: null },
    ])
    .execute();
  await k
    .insertInto("periods")
    .values([
      { period: "2023-02", status: "published", revision: 2, review_until: t(11), updated_by: "stats", updated_at: t(12), needs_correction: 1, correction_reason: null },
      { period: "2023-03", status: "collecting", revision: 0, review_until: null, updated_by: null, updated_at: t(13), needs_correction: 0, correction_reason: null },
    ])
    .execute();
  await k
    .insertInto("facts")
    .values([
      { period: "2023-02", unit_key: "dayushu", values_json: JSON.stringify({ closed: 120, accepted: 130, rate: 0.923 }), version: 3, updated_by: "stats", updated_at: t(14) },
      { period: "2023-02", unit_key: "yihe", values_json: "{}", version: 1, updated_by: null, updated_at: t(15) },
      { period: "2023-03", unit_key: "dayushu", values_json: JSON.stringify({ closed: 1e-7, big: 12345678901234 }), version: 1, updated_by: "stats", updated_at: t(16) },
    ])
    .execute();
  await k
    .insertInto("adjustments")
    .values([
      { id: "adj-1", period: "2023-02", unit_key: "yihe", item: "commendation", count: 2, note: "省级表彰", evidence: "files/abc.pdf", created_by: "stats", created_at: t(17) },
      { id: "adj-2", period: "2023-03", unit_key: "dayushu", item: "complaint", count: 1, note: null, evidence: null, created_by: null, created_at: t(18) },
    ])
    .execute();
  await k
    .insertInto("imports")
    .values([{ id: "imp-1", period: "2023-03", payload: JSON.stringify({ rows: [{ unit: "dayushu" }] }), created_by: "stats", created_at: t(19), committed_at: null }])
    .execute();
  await k
    .insertInto("manual_scores")
    .values([
      { period: "2023-02", unit_key: "dayushu", indicator: "M1", score: 6.44, reason: "考评委员会评议:调解工作扎实,\"枫桥经验\"落实到位", entered_by: "hr", entered_at: t(19) },
      { period: "2023-03", unit_key: "yihe", indicator: "M1", score: 0.1 + 0.2, reason: "第一行\n第二行 😀", entered_by: "hr", entered_at: t(19) },
    ])
    .execute();
  const audits = options.audit ?? 5;
  for (let i = 0; i < audits; i++) {
    await k
      .insertInto("audit_log")
      .values({ at: t(20 + i), username: i % 2 ? "admin" : null, action: "facts.save", target: `facts:2023-03:dayushu`, before_json: i ? JSON.stringify({ v: i }) : null, after_json: JSON.stringify({ v: i + 1 }) })
      .execute();
  }
}
