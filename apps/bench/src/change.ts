/**
 * The first answer after a change: a `facts.save` of the latest month, then the first
 * `scores.ranking` of that month (its rulebook window), over HTTP on loopback, beside a warm call
 * of the same ranking (answered from the score cache). Two courts: the demo court, and a synthetic
 * one of `units` tribunals × 36 months (2021–2023). Also printed: the save itself, the engine
 * alone scoring that ranking on the data already parsed, and what the first answer cost before the
 * cache applied the log of changes (every change read and parsed every month again: a fresh
 * ScoreService's first ranking). Target: the first answer within 2× of the warm call.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashPassword, ScoreService } from "@scorecard/api";
import { insertRulebook, insertUnit, insertUser, migrateToLatest, newId, openDatabase, recordChange, type Db } from "@scorecard/db";
import { DEFAULT_RULEBOOK, makePeriod, monthOf, type FactRow, type Period } from "@scorecard/rules";
import { scorePeriod } from "@scorecard/scoring";
import { startServer } from "@scorecard/server";
import { syntheticFacts } from "./synthetic";

export interface ChangeBench {
  court: string;
  units: number;
  months: number;
  period: Period;
  /** a ranking answered from the cache (median) */
  warmMs: number;
  /** the first ranking after a save (median of rounds) */
  firstMs: number;
  /** the save itself (median) */
  saveMs: number;
  /** the engine alone scoring that ranking without explanations (what the cache scores the table's summary with), on the data already parsed (median) */
  engineMs: number;
  /** the same, explained (what a tribunal's page, scores.unit, reads) (median) */
  explainedMs: number;
  /** before: a fresh cache's first ranking — every month read and parsed again, then scored (median) */
  fullReloadMs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const PASSWORD = "kailu-demo";

/** A synthetic court's figures over three years: the demo's 2022 month by month, each year scaled a little. */
function threeYears(units: number): FactRow[] {
  const year = syntheticFacts(units);
  return [2021, 2022, 2023].flatMap((y, i) =>
    year.map((r) => ({
      unit: r.unit,
      period: makePeriod(y, monthOf(r.period)),
      values: Object.fromEntries(Object.entries(r.values).map(([k, v]) => [k, Math.round(v * (0.95 + 0.05 * i))])),
    })),
  );
}

/** A SQLite file with a synthetic court: its tribunals, the default rulebook in force from 2021, a statistician and every month's figures. */
async function syntheticCourt(file: string, units: number): Promise<void> {
  const db = await openDatabase(file);
  try {
    await migrateToLatest(db);
    const at = new Date().toISOString();
    const facts = threeYears(units);
    const passwordHash = await hashPassword(PASSWORD);
    await db.kysely.transaction().execute(async (trx) => {
      for (const key of [...new Set(facts.map((f) => f.unit))]) await insertUnit(trx, { key, name: `${key}人民法庭`, active: true }, at);
      await insertRulebook(trx, { id: newId(), rulebook: { ...DEFAULT_RULEBOOK, effectiveFrom: "2021-01" }, status: "active", by: null, at });
      await insertUser(trx, { id: newId(), username: "stats", name: "统计员", role: "stats", unit: null, passwordHash, at });
      for (let i = 0; i < facts.length; i += 500)
        await trx
          .insertInto("facts")
          .values(facts.slice(i, i + 500).map((f) => ({ period: f.period, unit_key: f.unit, values_json: JSON.stringify(f.values), version: 1, updated_by: null, updated_at: at })))
          .execute();
      await recordChange(trx, { scope: "all" }, at);
    });
  } finally {
    await db.close();
  }
}

async function call(base: string, cookie: string, path: string, body?: unknown): Promise<{ ms: number; data: unknown }> {
  const t = performance.now();
  const res = body === undefined
    ? await fetch(`${base}/trpc/${path}`, { headers: { cookie } })
    : await fetch(`${base}/trpc/${path}`, { method: "POST", headers: { cookie, "content-type": "application/json" }, body: JSON.stringify(body) });
  const json = (await res.json()) as { result?: { data: unknown }; error?: { message: string } };
  const ms = performance.now() - t;
  if (!res.ok || !json.result) throw new Error(`${path}: ${res.status} ${json.error?.message ?? ""}`);
  return { ms, data: json.result.data };
}

async function measure(court: string, db: Db, base: string, rounds: number): Promise<ChangeBench> {
  const login = await fetch(`${base}/trpc/auth.login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "stats", password: PASSWORD }) });
  if (!login.ok) throw new Error(`login: ${login.status}`);
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
  const latest = await db.kysely.selectFrom("facts").select((eb) => eb.fn.max("period").as("p")).executeTakeFirstOrThrow();
  const period = latest.p as Period;
  const row = await db.kysely.selectFrom("facts").selectAll().where("period", "=", period).orderBy("unit_key").limit(1).executeTakeFirstOrThrow();
  const values = JSON.parse(row.values_json) as Record<string, number>;
  let version = row.version;
  const counts = await db.kysely.selectFrom("facts").select((eb) => [eb.fn.count("unit_key").distinct().as("u"), eb.fn.count("period").distinct().as("m")]).executeTakeFirstOrThrow();
  const ranking = `scores.ranking?input=${encodeURIComponent(JSON.stringify({ period }))}`;

  // warm up the JIT, the cache and both paths
  for (let i = 0; i < 3; i++) {
    await call(base, cookie, ranking);
    const saved = await call(base, cookie, "facts.save", { period, unit: row.unit_key, values: { ...values, trial_closed: (values.trial_closed ?? 0) + (i % 2) }, version });
    version = (saved.data as { version: number }).version;
  }
  await call(base, cookie, ranking);

  const warm: number[] = [];
  for (let i = 0; i < 20; i++) warm.push((await call(base, cookie, ranking)).ms);
  const first: number[] = [];
  const save: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const saved = await call(base, cookie, "facts.save", { period, unit: row.unit_key, values: { ...values, trial_closed: (values.trial_closed ?? 0) + (i % 2) }, version });
    version = (saved.data as { version: number }).version;
    save.push(saved.ms);
    first.push((await call(base, cookie, ranking)).ms);
  }

  // the engine alone, and the cost of reading everything again, in this process on the same file
  const engine: number[] = [];
  const explained: number[] = [];
  const full: number[] = [];
  const scores = new ScoreService();
  const { rulebooks, index } = await scores.inputs(db.kysely);
  for (let i = 0; i < Math.max(3, Math.ceil(rounds / 2)); i++) {
    let t = performance.now();
    scorePeriod({ rulebooks, data: index, period, explain: false });
    engine.push(performance.now() - t);
    t = performance.now();
    scorePeriod({ rulebooks, data: index, period });
    explained.push(performance.now() - t);
    const fresh = new ScoreService();
    t = performance.now();
    await fresh.rankingSummary(db.kysely, period);
    full.push(performance.now() - t);
  }
  return {
    court,
    units: Number(counts.u),
    months: Number(counts.m),
    period,
    warmMs: median(warm),
    firstMs: median(first),
    saveMs: median(save),
    engineMs: median(engine),
    explainedMs: median(explained),
    fullReloadMs: median(full),
  };
}

/** The demo court (as `npm start -- --demo` seeds it) and a synthetic court of `units` tribunals × 36 months. */
export async function changeBench(units = 1000, rounds = 10): Promise<ChangeBench[]> {
  const out: ChangeBench[] = [];
  const dir = mkdtempSync(join(tmpdir(), "scorecard-bench-change-"));
  try {
    const demo = await startServer({ databaseUrl: join(dir, "demo.db"), demo: true, host: "127.0.0.1", port: 0 });
    try {
      out.push(await measure("演示法院 demo court", demo.db, demo.url, rounds));
    } finally {
      await demo.close();
    }
    const file = join(dir, "synthetic.db");
    await syntheticCourt(file, units);
    const big = await startServer({ databaseUrl: file, demo: false, host: "127.0.0.1", port: 0 });
    try {
      out.push(await measure(`${units} 个法庭 × 36 个月 synthetic`, big.db, big.url, rounds));
    } finally {
      await big.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
