import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_DATABASE_URL, defaultDatabaseUrl, openDatabase, parseDatabaseUrl } from "./connect.js";
import { DatabaseError, redactUrl } from "./errors.js";

describe("DATABASE_URL", () => {
  it("defaults to ./data/scorecard.db and reads DATABASE_URL when set", () => {
    expect(DEFAULT_DATABASE_URL).toBe("./data/scorecard.db");
    expect(defaultDatabaseUrl({})).toBe("./data/scorecard.db");
    expect(defaultDatabaseUrl({ DATABASE_URL: "  " })).toBe("./data/scorecard.db");
    expect(defaultDatabaseUrl({ DATABASE_URL: "postgres://x@h/db" })).toBe("postgres://x@h/db");
  });

  it("treats paths and file: URLs as SQLite, relative to the working directory", () => {
    expect(parseDatabaseUrl("./data/scorecard.db", "/srv/app")).toEqual({ dialect: "sqlite", file: "/srv/app/data/scorecard.db" });
    expect(parseDatabaseUrl("/var/lib/sc.db", "/srv/app")).toEqual({ dialect: "sqlite", file: "/var/lib/sc.db" });
    expect(parseDatabaseUrl("file:data/x.db", "/srv/app")).toEqual({ dialect: "sqlite", file: "/srv/app/data/x.db" });
    expect(parseDatabaseUrl("file:///var/lib/sc%20db.db?mode=rwc", "/srv/app")).toEqual({ dialect: "sqlite", file: "/var/lib/sc db.db" });
    expect(parseDatabaseUrl(":memory:")).toEqual({ dialect: "sqlite", file: ":memory:" });
  });

  it("treats postgres:// and postgresql:// as PostgreSQL", () => {
    expect(parseDatabaseUrl("postgres://sc:pw@db.example:6543/court")).toMatchObject({
      dialect: "postgres",
      host: "db.example",
      port: 6543,
      database: "court",
      user: "sc",
    });
    expect(parseDatabaseUrl("postgresql://sc@localhost/court")).toMatchObject({ dialect: "postgres", port: 5432 });
  });

  it("refuses other schemes with a Chinese sentence that says what to write", () => {
    expect(() => parseDatabaseUrl("mysql://root:secret@h/db")).toThrow(/不支持.*mysql.*postgres:\/\//);
    expect(() => parseDatabaseUrl("mysql://root:secret@h/db")).not.toThrow(/secret/);
    expect(() => parseDatabaseUrl("")).toThrow(DatabaseError);
  });

  it("hides passwords in messages", () => {
    expect(redactUrl("postgres://sc:top-secret@h:5432/db")).toBe("postgres://sc:***@h:5432/db");
    expect(redactUrl("postgres://sc@h/db")).toBe("postgres://sc@h/db");
  });
});

describe("opening SQLite", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "scorecard-connect-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("creates the parent directory and sets WAL, foreign keys, busy timeout and synchronous", async () => {
    const file = join(dir, "nested", "deeper", "scorecard.db");
    const db = await openDatabase(pathToFileURL(file).href);
    try {
      expect(db.dialect).toBe("sqlite");
      expect(existsSync(file)).toBe(true);
      const pragma = async (name: string) =>
        Object.values((await sql.raw<Record<string, unknown>>(`pragma ${name}`).execute(db.kysely)).rows[0] ?? {})[0];
      expect(await pragma("journal_mode")).toBe("wal");
      expect(await pragma("foreign_keys")).toBe(1);
      expect(await pragma("busy_timeout")).toBe(5000);
      expect(await pragma("synchronous")).toBe(1); // NORMAL
    } finally {
      await db.close();
      await db.close(); // twice is harmless
    }
  });

  it("says so, in Chinese, when the file is not a database", async () => {
    const file = join(dir, "notes.db");
    writeFileSync(file, "这不是数据库，只是一段很长的文字。".repeat(100));
    const error = await openDatabase(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as DatabaseError).code).toBe("DB_NOT_A_DATABASE");
    expect((error as DatabaseError).message).toMatch(/不是 SQLite 数据库.*DATABASE_URL/);
  });

  it("says so, in Chinese, when the directory cannot be created", async () => {
    const blocker = join(dir, "a-file");
    writeFileSync(blocker, "x");
    const error = await openDatabase(join(blocker, "sub", "scorecard.db")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as DatabaseError).code).toBe("DB_OPEN_FAILED");
    expect((error as DatabaseError).message).toMatch(/无法创建数据库所在的目录.*DATABASE_URL/);
  });
});

describe("opening PostgreSQL", () => {
  it("names host and port and tells the user to check DATABASE_URL when nothing listens there", async () => {
    const error = await openDatabase("postgres://nobody:pw@127.0.0.1:1/none").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as DatabaseError).code).toBe("DB_UNREACHABLE");
    expect((error as DatabaseError).message).toMatch(/无法连接 PostgreSQL（127\.0\.0\.1:1）.*DATABASE_URL/);
  });

  it.runIf(process.env.TEST_DATABASE_URL)("names the missing database", async () => {
    const url = new URL(process.env.TEST_DATABASE_URL as string);
    url.pathname = "/no_such_database_here";
    const error = await openDatabase(url.toString()).catch((e: unknown) => e);
    expect((error as DatabaseError).code).toBe("DB_NOT_FOUND");
    expect((error as DatabaseError).message).toMatch(/没有名为 no_such_database_here 的数据库/);
  });
});
