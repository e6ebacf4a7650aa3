import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { BACKUP_FORMAT, backupChecksum, backupDatabase, restoreDatabase, type BackupFile } from "./backup.js";
import { openDatabase } from "./connect.js";
import type { Db, DialectName } from "./connect.js";
import { DatabaseError } from "./errors.js";
import { latestMigrationName } from "./migrate.js";
import { TABLE_NAMES } from "./tables.js";
import { createTestDatabase, dumpTables, seedSampleData, testDatabaseKinds } from "./testing.js";
import type { TestDatabase } from "./testing.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "scorecard-backup-test-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});
let fileCounter = 0;
const backupPath = () => join(dir, `backup-${++fileCounter}.json`);

const open: TestDatabase[] = [];
const connections: Db[] = [];
async function fresh(kind: DialectName, options?: { migrate?: boolean }): Promise<TestDatabase> {
  const db = await createTestDatabase(kind, options);
  open.push(db);
  return db;
}
afterEach(async () => {
  for (const db of connections.splice(0)) await db.close();
  for (const db of open.splice(0)) await db.destroy();
});

/** The sample court, plus enough login attempts to need several INSERT statements, and a gap in the audit ids. */
async function seedRich(db: Db): Promise<void> {
  await seedSampleData(db, { audit: 6 });
  const attempts = Array.from({ length: 1234 }, (_, i) => ({
    id: `bulk-${String(i).padStart(5, "0")}`,
    username: i % 3 ? "admin" : "某人",
    ip: `10.0.${i % 256}.${i % 7}`,
    at: new Date(Date.UTC(2023, 0, 1, 0, 0, i)).toISOString(),
    ok: i % 2,
  }));
  for (let i = 0; i < attempts.length; i += 300) {
    await db.kysely.insertInto("login_attempts").values(attempts.slice(i, i + 300)).execute();
  }
  await db.kysely.deleteFrom("audit_log").where("id", "=", 3).execute();
}

async function addAuditEntry(db: Db): Promise<number> {
  const row = await db.kysely
    .insertInto("audit_log")
    .values({ at: new Date().toISOString(), username: "admin", action: "test", target: "x", before_json: null, after_json: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** One transaction writing to two tables: an adjustment and the audit entry that records it. */
async function writeAdjustmentWithAudit(db: Db, n: number): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    const id = `w-${n}-${Math.random().toString(36).slice(2)}`;
    await trx
      .insertInto("adjustments")
      .values({ id, period: "2023-03", unit_key: "dayushu", item: "commendation", count: 1, note: `第${n}次`, evidence: null, created_by: "stats", created_at: new Date().toISOString() })
      .execute();
    await trx
      .insertInto("audit_log")
      .values({ at: new Date().toISOString(), username: "stats", action: "adjustment.create", target: `adjustment:${id}`, before_json: null, after_json: null })
      .execute();
  });
}

interface ParsedBackup {
  format: string;
  createdAt: string;
  schema: string;
  checksum?: string;
  tables: Record<string, Record<string, unknown>[]>;
}
const readBackup = (file: string) => JSON.parse(readFileSync(file, "utf8")) as ParsedBackup;

function expectConsistent(backup: ParsedBackup): number {
  const adjustments = backup.tables.adjustments?.filter((r) => String(r.id).startsWith("w-")).length ?? 0;
  const audits = backup.tables.audit_log?.filter((r) => r.action === "adjustment.create").length ?? 0;
  expect(audits).toBe(adjustments);
  return adjustments;
}

describe.each(testDatabaseKinds())("backup and restore on %s", (kind) => {
  it("restore of a backup into a fresh database gives identical data, audit ids included", async () => {
    const source = await fresh(kind);
    await seedRich(source);
    const before = await dumpTables(source);
    const out = backupPath();
    const startedAt = new Date().toISOString();

    const result = await backupDatabase(source, out);
    expect(result.tables).toEqual(Object.fromEntries(TABLE_NAMES.map((t) => [t, before[t].length])));
    expect(result.tables.login_attempts).toBe(1236);
    const file = readBackup(out);
    expect(file.format).toBe(BACKUP_FORMAT);
    expect(file.schema).toBe(latestMigrationName());
    expect(file.createdAt >= startedAt).toBe(true);
    expect(Object.keys(file.tables)).toEqual(TABLE_NAMES);
    expect(file.tables.audit_log?.map((r) => r.id)).toEqual([1, 2, 4, 5, 6]);

    const target = await fresh(kind, { migrate: false });
    const restored = await restoreDatabase(target, out);
    expect(restored.tables).toEqual(result.tables);
    // every row back, except the sessions: a restore ends every session
    expect(await dumpTables(target)).toEqual({ ...before, sessions: [] });

    // new audit entries continue after the highest restored id, on both sides alike
    expect(await addAuditEntry(target)).toBe(7);
    expect(await addAuditEntry(source)).toBe(7);
  });

  it("restore replaces whatever the database held, and an empty backup empties it", async () => {
    const source = await fresh(kind);
    await seedSampleData(source);
    const emptyOut = backupPath();
    const empty = await fresh(kind);
    await backupDatabase(empty, emptyOut);

    const target = await fresh(kind);
    await target.kysely.insertInto("units").values({ key: "stale", name: "旧数据", sort_order: 9, active: 1 }).execute();
    for (let i = 0; i < 20; i++) await addAuditEntry(target);

    const out = backupPath();
    await backupDatabase(source, out);
    await restoreDatabase(target, out);
    expect(await dumpTables(target)).toEqual({ ...(await dumpTables(source)), sessions: [] });

    await restoreDatabase(target, emptyOut);
    const after = await dumpTables(target);
    for (const table of TABLE_NAMES) expect(after[table], table).toEqual([]);
    expect(await addAuditEntry(target)).toBe(1);
  });

  it("writes the file whole or not at all, replacing an older one and creating folders", async () => {
    const db = await fresh(kind);
    await seedSampleData(db);
    const folder = join(dir, `nested-${kind}`, "deeper");
    const out = join(folder, "scorecard-backup.json");
    await backupDatabase(db, out);
    await db.kysely.insertInto("units").values({ key: "new", name: "新法庭", sort_order: 4, active: 1 }).execute();
    await backupDatabase(db, out);
    expect(readdirSync(folder)).toEqual(["scorecard-backup.json"]);
    expect(readBackup(out).tables.units?.map((u) => u.key)).toContain("new");

    // a folder where the file should go: the error says so, and no temporary file is left behind
    const error = await backupDatabase(db, folder).catch((e: unknown) => e);
    expect((error as DatabaseError).code).toBe("BACKUP_WRITE_FAILED");
    expect((error as DatabaseError).message).toMatch(/无法写入备份文件/);
    expect(readdirSync(folder)).toEqual(["scorecard-backup.json"]);
  });

  it("takes a consistent copy while another connection commits between its reads", async () => {
    const db = await fresh(kind);
    await seedSampleData(db);
    const writer = await openDatabase(db.url);
    connections.push(writer);
    for (let i = 0; i < 3; i++) await writeAdjustmentWithAudit(writer, i);

    const out = backupPath();
    let committedDuringBackup = false;
    await backupDatabase(db, out, {
      // adjustments are read before audit_log: commit a pair in between
      onTableRead: async (table) => {
        if (table === "adjustments") {
          await writeAdjustmentWithAudit(writer, 99);
          committedDuringBackup = true;
        }
      },
    });
    expect(committedDuringBackup).toBe(true);
    expect(expectConsistent(readBackup(out))).toBe(3);
    // the pair written meanwhile is in the database, just not in this copy
    const live = await writer.kysely.selectFrom("audit_log").select("id").where("action", "=", "adjustment.create").execute();
    expect(live).toHaveLength(4);
  });

  it("takes consistent copies while another connection keeps writing", async () => {
    const db = await fresh(kind);
    await seedSampleData(db);
    const writer = await openDatabase(db.url);
    connections.push(writer);
    let stop = false;
    let written = 0;
    const writing = (async () => {
      while (!stop) {
        await writeAdjustmentWithAudit(writer, written);
        written++;
      }
    })();
    const seen: number[] = [];
    try {
      for (let i = 0; i < 8; i++) {
        const out = backupPath();
        await backupDatabase(db, out);
        seen.push(expectConsistent(readBackup(out)));
      }
    } finally {
      stop = true;
      await writing;
    }
    expect(written).toBeGreaterThan(0);
    expect(seen.at(-1)).toBeGreaterThan(0);
  });

  describe("a bad backup file changes nothing", () => {
    let good: ParsedBackup;
    let target: TestDatabase;
    let goodFile: string;

    async function setup(): Promise<void> {
      const source = await fresh(kind);
      await seedSampleData(source);
      goodFile = backupPath();
      await backupDatabase(source, goodFile);
      good = readBackup(goodFile);
      target = await fresh(kind);
      await target.kysely.insertInto("units").values({ key: "keep", name: "必须保留", sort_order: 1, active: 1 }).execute();
      await addAuditEntry(target);
    }

    async function expectRefused(content: string | Buffer, code: string, message: RegExp): Promise<void> {
      const before = await dumpTables(target);
      const file = backupPath();
      writeFileSync(file, content);
      const error = await restoreDatabase(target, file).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DatabaseError);
      expect((error as DatabaseError).code).toBe(code);
      expect((error as DatabaseError).message).toMatch(message);
      expect((error as DatabaseError).message).toMatch(/没有任何改动/);
      expect(await dumpTables(target)).toEqual(before);
    }

    /** The good file changed, its checksum made to fit the change (as someone who edits it with care would), so the later checks are what refuses it. */
    const variant = (change: (b: ParsedBackup) => void): string => {
      const copy = structuredClone(good);
      change(copy);
      delete copy.checksum;
      return JSON.stringify({ ...copy, checksum: backupChecksum(copy as unknown as BackupFile) });
    };

    it("truncated, not JSON, or not ours", async () => {
      await setup();
      const text = readFileSync(goodFile, "utf8");
      await expectRefused(text.slice(0, Math.floor(text.length * 0.6)), "BACKUP_INVALID", /不是完整的 JSON/);
      await expectRefused("", "BACKUP_INVALID", /不是完整的 JSON/);
      await expectRefused("[1,2,3]", "BACKUP_INVALID", /不是一个 JSON 对象/);
      await expectRefused(variant((b) => (b.format = "other/1")), "BACKUP_INVALID", /format 应为 "scorecard-backup\/1"/);
      await expectRefused(variant((b) => (b.schema = "9999_future")), "BACKUP_INVALID", /更新版本的程序/);
      const missing = await restoreDatabase(target, join(dir, "no-such-file.json")).catch((e: unknown) => e);
      expect((missing as DatabaseError).code).toBe("BACKUP_READ_FAILED");
      expect((missing as DatabaseError).message).toMatch(/找不到备份文件/);
    });

    it("tables or columns missing, unknown or of the wrong type", async () => {
      await setup();
      await expectRefused(variant((b) => delete b.tables.facts), "BACKUP_INVALID", /缺少表 facts/);
      await expectRefused(variant((b) => (b.tables.secrets = [])), "BACKUP_INVALID", /未知的表 secrets/);
      await expectRefused(variant((b) => delete b.tables.units?.[1]?.name), "BACKUP_INVALID", /表 units 第 2 行缺少列 name/);
      await expectRefused(variant((b) => Object.assign(b.tables.users?.[0] ?? {}, { is_root: 1 })), "BACKUP_INVALID", /表 users 第 1 行有未知的列 is_root/);
      await expectRefused(variant((b) => Object.assign(b.tables.facts?.[0] ?? {}, { version: "3" })), "BACKUP_INVALID", /表 facts 第 1 行的列 version 应为整数/);
      await expectRefused(variant((b) => Object.assign(b.tables.facts?.[0] ?? {}, { values_json: { a: 1 } })), "BACKUP_INVALID", /列 values_json 应为文本/);
      await expectRefused(variant((b) => Object.assign(b.tables.manual_scores?.[0] ?? {}, { score: "6.44" })), "BACKUP_INVALID", /表 manual_scores 第 1 行的列 score 应为数字/);
      await expectRefused(variant((b) => Object.assign(b.tables.audit_log?.[0] ?? {}, { action: null })), "BACKUP_INVALID", /列 action 不能为空/);
    });

    it("content that does not give its checksum: an edited figure, a flipped byte, a bad checksum", async () => {
      await setup();
      expect(good.checksum).toMatch(/^sha256:[0-9a-f]{64}$/);
      const edited = structuredClone(good);
      const facts = edited.tables.facts![0]!;
      facts.values_json = String(facts.values_json).replace(/\d/, (d) => String((Number(d) + 1) % 10));
      await expectRefused(JSON.stringify(edited), "BACKUP_INVALID", /与其校验和（checksum）不符/);
      // one byte flipped anywhere inside the tables: refused (as not JSON, or by the checksum)
      const text = readFileSync(goodFile);
      const start = text.indexOf('"tables"');
      for (const at of [start + 40, Math.floor((start + text.length) / 2), text.length - 120]) {
        const flipped = Buffer.from(text);
        flipped[at] = flipped[at]! ^ 0x01;
        await expectRefused(flipped, "BACKUP_INVALID", /校验和|不是完整的 JSON|应为|未知|缺少/);
      }
      await expectRefused(JSON.stringify({ ...good, checksum: "md5:abc" }), "BACKUP_INVALID", /校验和（checksum）"md5:abc" 格式不对/);
    });

    it("a published document whose snapshot no longer gives its seal, even with a fitting checksum", async () => {
      await setup();
      const snapshot = { number: "法考〔2023〕1号", total: 95.5, units: [{ unit: "dayushu", score: 12.25 }] };
      const canonical = '{"number":"法考〔2023〕1号","total":95.5,"units":[{"score":12.25,"unit":"dayushu"}]}';
      const hash = createHash("sha256").update(canonical, "utf8").digest("hex");
      const notice = { id: "n1", kind: "notice", subject: "2023-03", revision: 1, year: 2023, seq: 1, number: "法考〔2023〕1号", hash, snapshot: JSON.stringify(snapshot), published_at: "2023-04-01T00:00:00.000Z", published_by: null };
      // sealed right (the RFC 8785 text above): restored
      const ok = backupPath();
      writeFileSync(ok, variant((b) => (b.tables.notices = [notice])));
      await restoreDatabase(target, ok);
      expect((await dumpTables(target)).notices).toHaveLength(1);
      // a total edited inside the snapshot: refused, naming the document
      await expectRefused(
        variant((b) => (b.tables.notices = [{ ...notice, snapshot: JSON.stringify({ ...snapshot, total: 99.5 }) }])),
        "BACKUP_INVALID",
        /文书 法考〔2023〕1号.*SHA-256 指纹（hash）不符/,
      );
      await expectRefused(variant((b) => (b.tables.notices = [{ ...notice, snapshot: "{" }])), "BACKUP_INVALID", /快照（snapshot）不是完整的 JSON/);
    });

    it("a backup from before the court's profile (schema 0009) is restored with none; a newer one missing it is refused", async () => {
      await setup();
      const withoutProfile = (schema?: string) =>
        variant((b) => {
          if (schema) b.schema = schema;
          delete (b.tables as Partial<typeof b.tables>).court_profile;
        });
      const older = backupPath();
      writeFileSync(older, withoutProfile("0009_correction_marks"));
      await restoreDatabase(target, older);
      const after = await dumpTables(target);
      expect(after.court_profile).toEqual([]);
      expect(after.units).toHaveLength(good.tables.units?.length ?? -1);
      await expectRefused(withoutProfile(), "BACKUP_INVALID", /缺少表 court_profile/);
    });

    it("an older backup without a checksum is restored, with a warning", async () => {
      await setup();
      const old = backupPath();
      const { checksum: _, ...rest } = good;
      writeFileSync(old, JSON.stringify(rest));
      const r = await restoreDatabase(target, old);
      expect(r.warnings).toHaveLength(1);
      expect(r.warnings[0]).toMatch(/没有校验和（checksum）/);
      expect((await restoreDatabase(target, goodFile)).warnings).toEqual([]);
    });

    it("rows that break a key or a reference (found by the database, rolled back)", async () => {
      await setup();
      await expectRefused(
        variant((b) => Object.assign(b.tables.facts?.[0] ?? {}, { unit_key: "ghost" })),
        "RESTORE_FAILED",
        /恢复失败/,
      );
      await expectRefused(
        variant((b) => b.tables.units?.push({ ...(b.tables.units[0] ?? {}) })),
        "RESTORE_FAILED",
        /恢复失败/,
      );
      // and the good file still restores
      await restoreDatabase(target, goodFile);
      expect((await dumpTables(target)).units.map((u) => u.key)).not.toContain("keep");
    });
  });

  it("refuses to back up a database that has not been migrated", async () => {
    const db = await fresh(kind, { migrate: false });
    const error = await backupDatabase(db, backupPath()).catch((e: unknown) => e);
    expect((error as DatabaseError).code).toBe("DB_NOT_MIGRATED");
  });
});

describe.runIf(testDatabaseKinds().includes("postgres"))("backup and restore across databases", () => {
  it.each([
    ["sqlite", "postgres"],
    ["postgres", "sqlite"],
  ] as const)("%s → %s gives identical data", async (from, to) => {
    const source = await fresh(from);
    await seedRich(source);
    const out = backupPath();
    await backupDatabase(source, out);
    const target = await fresh(to, { migrate: false });
    await restoreDatabase(target, out);
    expect(await dumpTables(target)).toEqual({ ...(await dumpTables(source)), sessions: [] });
    expect(await addAuditEntry(target)).toBe(7);
  });
});
