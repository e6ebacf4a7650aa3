/**
 * SIGKILL and backups under writes (issue 17, item 5), on SQLite and on PostgreSQL (when
 * TEST_DATABASE_URL is set), with a real server process (`node --import tsx src/main.ts`) killed
 * and started again over the same database (the same SQLite file; the same fresh PostgreSQL schema):
 * - killed during a facts import commit: after restart the import is wholly there (every tribunal's
 *   new figures, one audit entry each, the import marked committed) or wholly absent;
 * - killed during a publication: the notice is wholly there (the row, its files, the month published)
 *   or wholly absent, and the year's number series has no hole and no duplicate;
 * - after every kill the database is consistent: on SQLite `PRAGMA integrity_check` is ok and
 *   `foreign_key_check` finds nothing; on PostgreSQL (read once every connection of the killed
 *   server has ended, so a COMMIT it had sent is either done or never will be) no row lacks the row
 *   its foreign key names;
 * - a backup taken while a writer saves restores to a state that existed: the saves it holds are a
 *   prefix of the acknowledged saves (the facts row, its version and the audit entries agree).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openDatabase, type Db } from "@scorecard/db";
import { createTestDatabase } from "@scorecard/db/testing";
import ExcelJS from "exceljs";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient, describeResult, scorecard, testBackends, type Backend } from "./test-server";

const mainTs = fileURLToPath(new URL("./main.ts", import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const PERIOD = "2023-03"; // in review in the demo court: imports allowed, publishable
const SHEET = "数据填报";

type FactsGet = { rows: Array<{ unit: string; values: Record<string, number>; version: number }> };
type Kysely = Db["kysely"];

interface Server {
  url: string;
  child: ChildProcess;
  exited: Promise<void>;
  log: () => string;
}

async function startServer(databaseUrl: string): Promise<Server> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  // one process (node with tsx's loader, not tsx's CLI, which runs the server in a child of its own): SIGKILL reaches the server itself
  const child = spawn(process.execPath, ["--import", "tsx", mainTs], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: "127.0.0.1", SCORECARD_DEMO: "1", SCORECARD_WORKERS: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  let gone = false;
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  const exited = new Promise<void>((r) => child.once("exit", () => ((gone = true), r())));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (gone) throw new Error(`server exited: ${log}`);
    if (i > 900) throw new Error(`server did not start: ${log}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      /* not listening yet */
    }
    await sleep(100);
  }
  return { url, child, exited, log: () => log };
}

/**
 * A fresh database for one run: a SQLite file in `dir`, or a new PostgreSQL schema. `serverUrl` is
 * what the server is started with: on PostgreSQL it names the server's connections
 * (application_name) so that a kill can wait for them to end.
 */
interface Store {
  backend: Backend;
  url: string;
  serverUrl: string;
  /** after the server process died: returns once the database has let go of it (its connections ended) */
  settle(): Promise<void>;
  destroy(): Promise<void>;
}

async function freshStore(backend: Backend, dir: string, name: string): Promise<Store> {
  if (backend === "sqlite") {
    const url = join(dir, `${name}.db`);
    // the process is gone, and its locks with it: the next open recovers the WAL it left
    return { backend, url, serverUrl: url, settle: async () => {}, destroy: async () => {} };
  }
  const holder = await createTestDatabase("postgres", { migrate: false });
  const appName = `faults-kill-${randomBytes(4).toString("hex")}`;
  const serverUrl = new URL(holder.url);
  serverUrl.searchParams.set("application_name", appName);
  return {
    backend,
    url: holder.url,
    serverUrl: serverUrl.toString(),
    async settle() {
      // PostgreSQL sees the dead client's socket close and ends its backends: a COMMIT already sent is finished first, an open transaction rolled back
      await read(holder.url, async (db) => {
        for (let i = 0; ; i++) {
          const { n } = (await sql<{ n: number }>`select count(*) as n from pg_stat_activity where application_name = ${appName}`.execute(db)).rows[0]!;
          if (n === 0) return;
          if (i > 300) throw new Error(`${n} connections of the killed server still open after 15 s`);
          await sleep(50);
        }
      });
    },
    destroy: () => holder.destroy(),
  };
}

async function kill(s: Server, store: Store): Promise<void> {
  s.child.kill("SIGKILL");
  await s.exited;
  await store.settle();
}

/** Reads through a connection of its own (while the server runs: SQLite's WAL and PostgreSQL let it read). */
async function read<T>(url: string, f: (db: Kysely) => Promise<T>): Promise<T> {
  const db = await openDatabase(url);
  try {
    return await f(db.kysely);
  } finally {
    await db.close();
  }
}

/** Opens the database as the killed server left it (SQLite recovers the WAL), checks it is consistent and runs `f`. */
function inspect<T>(store: { backend: Backend; url: string }, f: (db: Kysely) => Promise<T>): Promise<T> {
  return read(store.url, async (db) => {
    if (store.backend === "sqlite") {
      expect((await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db)).rows).toEqual([{ integrity_check: "ok" }]);
      expect((await sql`pragma foreign_key_check`.execute(db)).rows).toEqual([]);
    } else {
      expect(await orphans(db)).toEqual([]);
    }
    return f(db);
  });
}

/** PostgreSQL's foreign_key_check: for every foreign key of the schema, the rows whose referenced row is missing ("table.constraint: n"). */
async function orphans(db: Kysely): Promise<string[]> {
  const { rows: fks } = await sql<{ name: string; child: string; parent: string; child_cols: string[]; parent_cols: string[] }>`
    select c.conname as name, c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent,
      (select array_agg(a.attname::text order by k.i) from unnest(c.conkey) with ordinality k(n, i) join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n) as child_cols,
      (select array_agg(a.attname::text order by k.i) from unnest(c.confkey) with ordinality k(n, i) join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n) as parent_cols
    from pg_constraint c where c.contype = 'f' and c.connamespace = current_schema()::regnamespace`.execute(db);
  // the schema's foreign keys (users → units, notice_files → notices, …): a check over none would say nothing
  expect(fks.map((f) => f.name)).toContain("notice_files_notice_fk");
  expect(fks.length).toBeGreaterThanOrEqual(10);
  const q = (name: string) => `"${name.replaceAll('"', '""')}"`;
  const found: string[] = [];
  for (const fk of fks) {
    const present = fk.child_cols.map((c) => `c.${q(c)} is not null`).join(" and ");
    const match = fk.child_cols.map((c, i) => `p.${q(fk.parent_cols[i]!)} = c.${q(c)}`).join(" and ");
    const { n } = (await sql<{ n: number }>`select count(*) as n from ${sql.raw(fk.child)} c where ${sql.raw(present)} and not exists (select 1 from ${sql.raw(fk.parent)} p where ${sql.raw(match)})`.execute(db)).rows[0]!;
    if (n > 0) found.push(`${fk.child}.${fk.name}: ${n}`);
  }
  return found;
}

async function signIn(url: string): Promise<ApiClient> {
  const c = new ApiClient(url);
  const r = await c.login("stats", "kailu-demo");
  expect(r.ok, describeResult(r)).toBe(true);
  return c;
}

describe.each(testBackends())("SIGKILL during writes, and a backup under writes (%s, a real server process)", (backend) => {
  // each kill restarts the server; PostgreSQL's run (the same code paths, another engine) tries fewer points of the commit
  const KILLS = backend === "sqlite" ? 6 : 3;
  const checked = backend === "sqlite" ? "integrity_check ok after each" : "no row without the row its foreign key names after each";
  let dir: string;
  let store: Store | undefined;
  let server: Server | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "scorecard-faults-kill-"));
    store = await freshStore(backend, dir, "scorecard");
    server = await startServer(store.serverUrl);
  }, 120_000);
  afterAll(async () => {
    if (server) await kill(server, store!);
    await store?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const restart = async () => {
    server = await startServer(store!.serverUrl);
    return server;
  };
  // the server as a test finds it: started again when an earlier test failed between a kill and its restart
  const live = async () => (server && server.child.exitCode === null && server.child.signalCode === null ? server : restart());

  it("a facts import killed during its commit is wholly there or wholly absent", { timeout: 300_000 }, async () => {
    let stats = await signIn((await live()).url);
    const base = (await stats.query<FactsGet>("facts.get", { period: PERIOD })).data.rows;
    expect(base.length).toBeGreaterThan(1);
    const template = Buffer.from(await (await stats.fetch(`/files/facts-template?period=${PERIOD}`)).arrayBuffer());

    const factsNow = async (db: Kysely) => new Map((await db.selectFrom("facts").select(["unit_key", "values_json", "version"]).where("period", "=", PERIOD).execute()).map((r) => [r.unit_key, r]));
    const ATTEMPTS = KILLS + 1;
    let measured = 0;
    const outcomes: string[] = [];
    for (let k = 0; k < ATTEMPTS; k++) {
      // every tribunal's 审判结案数 raised by k + 1 over the start: each attempt changes every row
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(template as unknown as ArrayBuffer);
      const ws = wb.getWorksheet(SHEET)!;
      let column = 0;
      ws.getRow(1).eachCell((c, n) => {
        if (c.value === "审判结案数") column = n;
      });
      expect(column).toBeGreaterThan(0);
      const target = new Map<string, number>();
      ws.eachRow((r, n) => {
        const unit = base.find((b) => b.unit === r.getCell(1).value);
        if (n > 1 && unit) {
          const v = unit.values.trial_closed! + k + 1;
          r.getCell(column).value = v;
          target.set(unit.unit, v);
        }
      });
      expect(target.size).toBe(base.length);
      const bytes = Buffer.from(await wb.xlsx.writeBuffer());
      const preview = await stats.files<{ importId: string }>(`/files/facts-import?period=${PERIOD}&name=k${k}.xlsx`, { method: "POST", headers: { "content-type": "application/octet-stream" }, body: bytes });
      expect(preview.ok, describeResult(preview)).toBe(true);

      const before = await read(store!.url, factsNow);
      const started = Date.now();
      const commit = stats.mutate("facts.importCommit", { importId: preview.data.importId }).catch((e: unknown) => e);
      if (k === 0) {
        // the first one runs to the end: how long a commit takes
        const r = (await commit) as Awaited<ReturnType<ApiClient["mutate"]>>;
        expect(r.ok, describeResult(r)).toBe(true);
        measured = Date.now() - started;
        outcomes.push("committed (not killed)");
        continue;
      }
      // kill at a point spread over the measured commit (from just after the request left to just past its end)
      await sleep(Math.round((measured * 1.3 * (k - 1)) / (ATTEMPTS - 2)));
      await kill(server!, store!);
      await commit;

      const after = await inspect(store!, async (db) => {
        const facts = await factsNow(db);
        const imp = await db.selectFrom("imports").select("committed_at").where("id", "=", preview.data.importId).executeTakeFirstOrThrow();
        const { n: audits } = (await sql<{ n: number }>`select count(*) as n from audit_log where action = 'facts.import'`.execute(db)).rows[0]!;
        return { facts, committed: imp.committed_at !== null, audits };
      });
      expect(after.facts.size).toBe(before.size);
      const isNew = [...after.facts].every(([unit, r]) => (JSON.parse(r.values_json) as Record<string, number>).trial_closed === target.get(unit) && r.version === before.get(unit)!.version + 1);
      const isOld = [...after.facts].every(([unit, r]) => r.values_json === before.get(unit)!.values_json && r.version === before.get(unit)!.version);
      expect(isNew || isOld, `import ${k} partly there`).toBe(true);
      expect(after.committed).toBe(isNew);
      // one audit entry per tribunal per committed import
      const committedImports = 1 + outcomes.filter((o) => o.startsWith("there")).length + (isNew ? 1 : 0);
      expect(after.audits).toBe(committedImports * base.length);
      outcomes.push(isNew ? "there" : "absent");

      stats = await signIn((await restart()).url);
      const seen = (await stats.query<FactsGet>("facts.get", { period: PERIOD })).data.rows;
      for (const r of seen) expect(r.values.trial_closed).toBe(isNew ? target.get(r.unit) : JSON.parse(before.get(r.unit)!.values_json).trial_closed);
    }
    console.log(`${backend} facts import: commit ${measured} ms; ${ATTEMPTS - 1} kills → ${outcomes.slice(1).filter((o) => o === "there").length} wholly there, ${outcomes.slice(1).filter((o) => o === "absent").length} wholly absent, 0 partial; ${checked}`);
  });

  it("a publication killed midway is wholly there or wholly absent, and the number series has no hole or duplicate", { timeout: 400_000 }, async () => {
    let stats = await signIn((await live()).url);
    const noticesNow = async (db: Kysely) => ({
      notices: await db.selectFrom("notices").select(["id", "subject", "revision", "year", "seq", "number"]).orderBy("year").orderBy("seq").execute(),
      files: await db.selectFrom("notice_files").select(["notice_id", "format"]).execute(),
      period: await db.selectFrom("periods").select(["status", "revision"]).where("period", "=", PERIOD).executeTakeFirstOrThrow(),
    });
    const checkSeries = (s: Awaited<ReturnType<typeof noticesNow>>) => {
      const byYear = new Map<number, number[]>();
      for (const n of s.notices) byYear.set(n.year, [...(byYear.get(n.year) ?? []), n.seq]);
      for (const [year, seqs] of byYear) expect(seqs, `numbers of ${year}`).toEqual(seqs.map((_, i) => i + 1));
      expect(new Set(s.notices.map((n) => n.number)).size).toBe(s.notices.length);
      // every notice has its files, and no file is without its notice
      const formats = new Set(s.files.map((f) => f.format));
      for (const n of s.notices) expect(s.files.filter((f) => f.notice_id === n.id).length, `files of ${n.number}`).toBe(formats.size);
      expect(s.files.every((f) => s.notices.some((n) => n.id === f.notice_id))).toBe(true);
    };

    // the first publication runs to the end: how long one takes; then a correction is opened
    let revision = 1;
    const started = Date.now();
    const first = await stats.mutate("notices.publish", { period: PERIOD, commentary: "第 1 次发布。", acknowledgeWarnings: true });
    expect(first.ok, describeResult(first)).toBe(true);
    const measured = Date.now() - started;
    checkSeries(await read(store!.url, noticesNow));
    const reopen = async () => {
      const r = await stats.mutate("notices.correct", { period: PERIOD, reason: "故障测试:更正后再发布。" });
      expect(r.ok, describeResult(r)).toBe(true);
      revision++;
    };
    await reopen();

    const outcomes: string[] = [];
    const PUBLISH_KILLS = KILLS + 1;
    for (let attempt = 0; attempt < PUBLISH_KILLS; attempt++) {
      // kill at a point spread over the measured publication (from just after the request left to just past its end)
      const delay = Math.round((measured * 1.3 * attempt) / (PUBLISH_KILLS - 1));
      const before = await read(store!.url, noticesNow);
      const ours = () => before.notices.filter((n) => n.subject === PERIOD && n.revision === revision);
      expect(ours()).toEqual([]);
      const publish = stats.mutate("notices.publish", { period: PERIOD, commentary: `第 ${attempt + 2} 次发布。`, acknowledgeWarnings: true }).catch((e: unknown) => e);
      await sleep(delay);
      await kill(server!, store!);
      const answered = (await publish) as { ok?: boolean; status?: number };
      // a refusal (not ready, warnings) would make every attempt absent: say so instead
      if (answered.ok === false && answered.status! < 500) throw new Error(`publish refused: ${describeResult(answered as Parameters<typeof describeResult>[0])}`);
      const after = await inspect(store!, noticesNow);
      checkSeries(after);
      const mine = after.notices.filter((n) => n.subject === PERIOD && n.revision === revision);
      expect(mine.length).toBeLessThanOrEqual(1);
      if (mine.length === 1) {
        expect(after.period).toEqual({ status: "published", revision });
        expect(after.notices.length).toBe(before.notices.length + 1);
        outcomes.push(`there (${delay} ms${answered.ok ? ", answered" : ""})`);
      } else {
        expect(after.period).toEqual(before.period);
        expect(after.notices).toEqual(before.notices);
        expect(answered.ok).not.toBe(true);
        outcomes.push(`absent (${delay} ms)`);
      }
      stats = await signIn((await restart()).url);
      // published: open a correction, and the next publication is revision + 1 with the next number
      if (mine.length === 1) await reopen();
    }
    console.log(`${backend} publication: ${measured} ms; ${outcomes.length} kills → ${outcomes.join("; ")}; number series without hole or duplicate, ${checked}`);
    expect(outcomes.some((o) => o.startsWith("absent"))).toBe(true);
  });

  it("a backup taken while a writer saves restores to a state that existed (a prefix of the acknowledged saves)", { timeout: 300_000 }, async () => {
    const stats = await signIn((await live()).url);
    const periods = (await stats.query<Array<{ period: string; status: string }>>("periods.list")).data;
    const open = periods.find((p) => p.status === "collecting")?.period ?? "2023-04";
    const unit = "dayushu";
    const acked = new Map<number, number>(); // version → trial_received
    // a month being collected: its row may not exist yet (version 0), the first save makes it from March's figures
    const march = (await stats.query<FactsGet>("facts.get", { period: PERIOD })).data.rows.find((r) => r.unit === unit)!;
    const current = async () => (await stats.query<FactsGet>("facts.get", { period: open })).data.rows.find((r) => r.unit === unit) ?? { unit, values: march.values, version: 0 };
    const start = (await current()).version;
    let running = true;
    let n = 0;
    const writer = (async () => {
      while (running) {
        const row = await current();
        if (!acked.has(row.version) && row.version > 0) acked.set(row.version, row.values.trial_received!);
        const value = 300 + (n++ % 500);
        const r = await stats.mutate<{ version: number }>("facts.save", { period: open, unit, values: { ...row.values, trial_received: value }, version: row.version });
        if (r.ok) acked.set(row.version + 1, value);
      }
    })();
    const copies: string[] = [];
    try {
      for (let i = 0; i < 3; i++) {
        await sleep(300);
        const out = join(dir, `live-${i}.json`);
        const r = await scorecard(store!.url, ["backup", "--out", out]);
        expect(r.code, r.stderr).toBe(0);
        copies.push(out);
      }
    } finally {
      running = false;
      await writer;
    }
    const versions: number[] = [];
    for (const copy of copies) {
      const b = JSON.parse(readFileSync(copy, "utf8")) as { tables: { facts: Array<{ period: string; unit_key: string; values_json: string; version: number }>; audit_log: Array<{ action: string; target: string; after_json: string | null }> } };
      const row = b.tables.facts.find((r) => r.period === open && r.unit_key === unit);
      if (!row) {
        // taken before the first save: no row, and no save in the log
        expect(b.tables.audit_log.filter((a) => a.target === `${open}/${unit}` && a.action === "facts.save")).toEqual([]);
        versions.push(0);
        continue;
      }
      // the row is one an acknowledged save (or the start) left, and the audit log holds exactly the saves up to it
      expect(acked.get(row.version), `version ${row.version}`).toBe((JSON.parse(row.values_json) as Record<string, number>).trial_received);
      const saves = b.tables.audit_log.filter((a) => a.target === `${open}/${unit}` && a.action === "facts.save");
      expect(saves.length).toBe(row.version - start);
      const last = saves.at(-1);
      if (last?.after_json) expect((JSON.parse(last.after_json) as Record<string, number>).trial_received).toBe(acked.get(row.version));
      versions.push(row.version);
      // and it restores (checksum, seals, keys) into a fresh database, giving that row
      const fresh = await freshStore(backend, dir, `restored-${versions.length}`);
      try {
        const r = await scorecard(fresh.url, ["restore", "--from", copy]);
        expect(r.code, r.stderr).toBe(0);
        const restored = await inspect(fresh, (db) => db.selectFrom("facts").select(["version", "values_json"]).where("period", "=", open).where("unit_key", "=", unit).executeTakeFirstOrThrow());
        expect(restored).toEqual({ version: row.version, values_json: row.values_json });
      } finally {
        await fresh.destroy();
      }
    }
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    console.log(`${backend} backup under writes: ${n} saves, ${copies.length} backups at versions ${versions.join(", ")} — each an acknowledged state, audit log agreeing, restored exactly`);
  });
});
