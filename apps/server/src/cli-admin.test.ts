/**
 * The administrator's commands of the `scorecard` tool (interfaces.md "The server": outside demo
 * mode the first account is made with `user create`, and no password is ever printed), run as a
 * real process on a database, then checked through a real server on that database.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "@scorecard/db";
import { createTestDatabase, dumpTables, type TableDump } from "@scorecard/db/testing";
import { startServer } from "./start";
import { ApiClient, describeResult, scorecard, testBackends } from "./test-server";

const PASSWORD = "Cli-Secret-Pass-42";

describe.each(testBackends())("admin commands of the command-line tool (%s)", (backend) => {
  let dir: string;
  let url: string;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "scorecard-cli-admin-"));
    if (backend === "sqlite") {
      url = join(dir, "court.db");
      cleanup = async () => undefined;
    } else {
      const holder = await createTestDatabase("postgres", { migrate: false });
      url = holder.url;
      await holder.close();
      cleanup = () => holder.destroy();
    }
  }, 30_000);
  afterAll(async () => {
    await cleanup?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const dump = async (): Promise<TableDump> => {
    const db = await openDatabase(url);
    try {
      return await dumpTables(db);
    } finally {
      await db.close();
    }
  };

  it("db migrate creates the schema", { timeout: 60_000 }, async () => {
    const first = await scorecard(url, ["db", "migrate"]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("已执行数据库迁移");
    if (backend === "sqlite") expect(existsSync(url)).toBe(true);
    expect((await dump()).users).toEqual([]);
  });

  it("user create makes an account that signs in through the server, never printing the password", { timeout: 90_000 }, async () => {
    const created = await scorecard(url, ["user", "create", "--username", "u1", "--role", "stats", "--name", "统计员一"], `${PASSWORD}\n`);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain("u1");
    expect(created.stdout + created.stderr).not.toContain(PASSWORD);

    const [badRole, shortPassword, migrateAgain] = await Promise.all([
      scorecard(url, ["user", "create", "--username", "u2", "--role", "boss"], `${PASSWORD}\n`),
      scorecard(url, ["user", "create", "--username", "u3", "--role", "hr"], "short7!\n"),
      scorecard(url, ["db", "migrate"]),
    ]);
    for (const [run, mentions] of [
      [badRole, "--role"],
      [shortPassword, "8 个字符"],
    ] as const) {
      expect(run.code, run.stderr).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toContain(mentions);
      expect(run.stderr).not.toContain(PASSWORD);
      expect(run.stderr).not.toContain("short7!");
    }
    expect(migrateAgain.code, migrateAgain.stderr).toBe(0);
    expect(migrateAgain.stdout).toContain("已是最新结构");

    const tables = await dump();
    expect(tables.users.map((u) => u.username)).toEqual(["u1"]);
    expect(tables.users[0]).toMatchObject({ role: "stats", name: "统计员一", active: 1 });
    expect(String(tables.users[0]!.password_hash)).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(tables)).not.toContain(PASSWORD);

    const server = await startServer({ databaseUrl: url, demo: false, host: "127.0.0.1", port: 0, logger: false });
    try {
      const c = new ApiClient(server.url);
      const login = await c.login("u1", PASSWORD);
      expect(login.ok, describeResult(login)).toBe(true);
      expect((await c.query<{ username: string; role: string }>("auth.me")).data).toMatchObject({ username: "u1", role: "stats", units: [] });
      expect((await new ApiClient(server.url).login("u1", "wrong-password")).code).toBe("UNAUTHORIZED");
      // outside demo mode nothing is loaded and no demo account exists
      expect((await c.query("auth.demoAccounts")).data).toEqual([]);
      expect((await c.query("units.list")).data).toEqual([]);
      expect((await new ApiClient(server.url).login("admin", "kailu-demo")).code).toBe("UNAUTHORIZED");
    } finally {
      await server.close();
    }
  });

  it("backup --out then restore --from brings every table back", { timeout: 90_000 }, async () => {
    const file = join(dir, "backup.json");
    const before = await dump();
    expect(before.users).toHaveLength(1);
    const backedUp = await scorecard(url, ["backup", "--out", file]);
    expect(backedUp.code, backedUp.stderr).toBe(0);
    expect(backedUp.stdout).toContain(file);
    expect(existsSync(file)).toBe(true);

    // changes after the backup: a tribunal, a renamed account
    const db = await openDatabase(url);
    try {
      await db.kysely.insertInto("units").values({ key: "later", name: "备份后新建的法庭", sort_order: 1, active: 1 }).execute();
      await db.kysely.updateTable("users").set({ name: "改过的名字" }).execute();
    } finally {
      await db.close();
    }
    expect(await dump()).not.toEqual(before);

    const restored = await scorecard(url, ["restore", "--from", file]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain(file);
    // every table as backed up, but no session: a restore ends every session (issue 17, item 4)
    expect(await dump()).toEqual({ ...before, sessions: [] });
  });
});
