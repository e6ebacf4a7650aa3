/**
 * `npm run loadtest` (issue 17, item 8): a bounded load on loopback that stops by itself.
 *
 *   npm run loadtest                              SQLite, a temporary database
 *   npm run loadtest -- --pg postgres://…         PostgreSQL, a temporary schema in that database
 *   options: --seconds 60 --sessions 100 --workers N (the server's SCORECARD_WORKERS)
 *            --profile DIR (write a CPU profile of the server's main thread into DIR, for Chrome DevTools)
 *
 * Starts its own server (`tsx apps/server/src/main.ts`, demo court) on a free loopback port over a
 * new database, signs in `--sessions` sessions of mixed roles that read rankings, tribunal pages,
 * notices and documents (published and drafts) for `--seconds`, while `stats` saves facts of the
 * month being collected, and a correction of a published month is opened (at 1/3) and published
 * (at 1/2). Each session starts after a random think time (0–0.5 s), then reads with 0.1–0.5 s
 * between requests. Prints requests, errors and p50/p99 per procedure, and what /healthz and
 * /index.html answered throughout; then checks that every acknowledged save is in the database and that no
 * other fact changed. Exits 1 when a request failed or a write was lost.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createTestDatabase } from "@scorecard/db/testing";

const { values: args } = parseArgs({
  options: { pg: { type: "string" }, seconds: { type: "string", default: "60" }, sessions: { type: "string", default: "100" }, workers: { type: "string" }, profile: { type: "string" } },
});
const SECONDS = Math.min(Math.max(Number(args.seconds), 5), 60);
const SESSIONS = Math.min(Math.max(Number(args.sessions), 1), 200);
const PASSWORD = "kailu-demo";

type Sample = { ms: number; ok: boolean; status: number };
const samples = new Map<string, Sample[]>();
const errors: string[] = [];
function record(name: string, s: Sample, detail?: string) {
  let list = samples.get(name);
  if (!list) samples.set(name, (list = []));
  list.push(s);
  if (!s.ok && errors.length < 20) errors.push(`${name} ${s.status} ${detail ?? ""}`.slice(0, 300));
}

class Session {
  token = "";
  constructor(
    readonly base: string,
    readonly username: string,
  ) {}
  private headers(json: boolean): Record<string, string> {
    return { ...(this.token ? { cookie: `scorecard_session=${this.token}` } : {}), ...(json ? { "content-type": "application/json" } : {}) };
  }
  async call(name: string, path: string, init: RequestInit = {}, label = name): Promise<{ ok: boolean; status: number; body: unknown; headers: Headers }> {
    const t0 = performance.now();
    let status = 0;
    let text = "";
    let headers = new Headers();
    try {
      const r = await fetch(`${this.base}${path}`, { ...init, headers: { ...this.headers(init.method === "POST"), ...(init.headers as Record<string, string> | undefined) }, signal: AbortSignal.timeout(30_000) });
      status = r.status;
      headers = r.headers;
      const buf = await r.arrayBuffer();
      if ((r.headers.get("content-type") ?? "").includes("json")) text = new TextDecoder().decode(buf);
    } catch (e) {
      text = String(e);
    }
    const ok = status >= 200 && status < 300;
    record(label, { ms: performance.now() - t0, ok, status }, text);
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { ok, status, body, headers };
  }
  query(name: string, input?: unknown, label = name) {
    return this.call(name, `/trpc/${name}${input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`}`, {}, label);
  }
  mutate(name: string, input: unknown, label = name) {
    return this.call(name, `/trpc/${name}`, { method: "POST", body: JSON.stringify(input) }, label);
  }
  async login(): Promise<void> {
    const r = await fetch(`${this.base}/trpc/auth.login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: this.username, password: PASSWORD }) });
    const cookie = /scorecard_session=([^;]+)/.exec(r.headers.get("set-cookie") ?? "");
    if (!r.ok || !cookie) throw new Error(`登录 ${this.username} 失败:${r.status} ${await r.text()}`);
    this.token = cookie[1]!;
  }
}

function data<T>(r: { ok: boolean; status: number; body: unknown }, what = ""): T {
  if (!r.ok || !r.body) throw new Error(`${what} 失败:HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
  return (r.body as { result: { data: T } }).result.data;
}
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : 0;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
type Facts = { rows: Array<{ unit: string; values: Record<string, number>; version: number }> };

async function main() {
  const kind = args.pg ? "postgres" : "sqlite";
  if (args.pg) process.env.TEST_DATABASE_URL = args.pg;
  const holder = await createTestDatabase(kind, { migrate: false });
  const port = 20000 + Math.floor(Math.random() * 20000);
  const base = `http://127.0.0.1:${port}`;
  const require = createRequire(import.meta.url);
  const entry = fileURLToPath(new URL("../../server/src/main.ts", import.meta.url));
  // with --profile the server runs in this node (tsx's loader imported) so that the profile is its own
  const argv = args.profile ? ["--cpu-prof", "--cpu-prof-dir", args.profile, "--import", "tsx", entry] : [require.resolve("tsx/cli"), entry];
  const server = spawn(process.execPath, argv, {
    env: { ...process.env, DATABASE_URL: holder.url, PORT: String(port), HOST: "127.0.0.1", SCORECARD_DEMO: "1", ...(args.workers ? { SCORECARD_WORKERS: args.workers } : {}) },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let serverLog = "";
  server.stderr!.on("data", (d) => (serverLog = (serverLog + String(d)).slice(-4000)));
  const stop = async () => {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    await holder.destroy();
  };
  try {
    for (let i = 0; ; i++) {
      if (server.exitCode !== null) throw new Error(`服务器未能启动:${serverLog}`);
      if (i > 600) throw new Error("服务器 60 秒内未能启动");
      try {
        if ((await fetch(`${base}/healthz`)).ok) break;
      } catch {
        /* not yet */
      }
      await sleep(100);
    }
    const admin = new Session(base, "admin");
    await admin.login();
    const users = data<Array<{ username: string; role: string; active: boolean }>>(await admin.query("users.list")).filter((u) => u.active);
    const periods = data<Array<{ period: string; status: string; revision: number }>>(await admin.query("periods.list"));
    const published = periods.filter((p) => p.status === "published").map((p) => p.period);
    const writeMonth = periods.find((p) => p.status === "collecting" || (p.status === "review" && p.revision === 0))?.period;
    const corrected = published[0]!;
    if (!writeMonth || !published.length) throw new Error("演示数据中没有可写入的月份或已发布的月份");
    const roles = ["stats", "hr", "admin", "leader", "head"];
    const pool = roles.flatMap((r) => users.filter((u) => u.role === r).map((u) => u.username));
    const sessions: Session[] = [];
    for (let i = 0; i < SESSIONS; i++) sessions.push(new Session(base, pool[i % pool.length]!));
    for (let i = 0; i < sessions.length; i += 10) await Promise.all(sessions.slice(i, i + 10).map((s) => s.login()));
    const stats = new Session(base, "stats");
    await stats.login();

    // what is stored before: every month's facts
    const factsOf = async (s: Session, period: string) => data<Facts>(await s.query("facts.get", { period }, "(check) facts.get"), `facts.get ${period}`).rows;
    const months = periods.map((p) => p.period);
    const before = new Map(await Promise.all(months.map(async (m) => [m, await factsOf(stats, m)] as const)));
    samples.clear();
    errors.length = 0;

    const end = Date.now() + SECONDS * 1000;
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(Math.random() * xs.length)]!;
    const reader = async (s: Session) => {
      const role = users.find((u) => u.username === s.username)!.role;
      // a head reads only what is published (the oldest month: no correction reopens its window)
      const readable = role === "head" ? [published.at(-1)!] : published;
      // each session starts after a think time of its own, as users do (not 100 requests in one instant)
      await sleep(Math.random() * 500);
      while (Date.now() < end) {
        const p = pick(readable);
        const r = Math.random();
        if (r < 0.3) await s.query("scores.ranking", { period: role === "head" ? p : pick([p, writeMonth]) });
        else if (r < 0.5) await s.query("scores.unit", { period: p, unit: pick(before.get(p)!).unit });
        else if (r < 0.65) await s.query("notices.get", { period: p });
        else if (r < 0.72) await s.query("notices.list", {});
        else if (r < 0.86) await s.call("files/notice (published)", `/files/notice?period=${p}&format=${pick(["docx", "xlsx", "html"])}`);
        else if (role !== "head") await s.call("files/notice (draft)", `/files/notice?period=${writeMonth}&format=${pick(["docx", "xlsx"])}&draft=true`);
        else await s.query("periods.list");
        await sleep(100 + Math.random() * 400);
      }
    };
    // the writer: stats saves facts of the month being collected; every acknowledged save is kept
    const acknowledged = new Map<string, Record<string, number>>();
    const writer = async () => {
      let i = 0;
      while (Date.now() < end) {
        const rows = await factsOf(stats, writeMonth).catch(() => null);
        if (!rows) continue;
        const row = rows[i++ % rows.length]!;
        const values = { ...row.values, trial_received: (row.values.trial_received ?? 0) + 1 };
        const r = await stats.mutate("facts.save", { period: writeMonth, unit: row.unit, values, version: row.version });
        if (r.ok) acknowledged.set(row.unit, values);
        await sleep(300);
      }
    };
    const publisher = async () => {
      await sleep((SECONDS * 1000) / 3);
      await stats.mutate("notices.correct", { period: corrected, reason: "负载测试中的更正" });
      await sleep((SECONDS * 1000) / 6);
      await stats.mutate("notices.publish", { period: corrected, commentary: "负载测试中发布的更正。", acknowledgeWarnings: true });
    };
    const probe = new Session(base, "");
    const prober = async () => {
      while (Date.now() < end) {
        await probe.call("/healthz", "/healthz");
        await probe.call("/index.html", "/index.html");
        await sleep(250);
      }
    };
    const t0 = Date.now();
    await Promise.all([...sessions.map(reader), writer(), publisher(), prober()]);
    const elapsed = (Date.now() - t0) / 1000;

    // every acknowledged save is stored; nothing else changed
    let lost = 0;
    let changed = 0;
    for (const m of months) {
      const now = await factsOf(stats, m);
      for (const row of now) {
        const expected = m === writeMonth && acknowledged.has(row.unit) ? acknowledged.get(row.unit)! : before.get(m)!.find((r) => r.unit === row.unit)?.values;
        if (JSON.stringify(row.values) !== JSON.stringify(expected)) {
          if (m === writeMonth && acknowledged.has(row.unit)) lost++;
          else changed++;
        }
      }
      if (now.length !== before.get(m)!.length) changed++;
    }

    const total = [...samples.values()].reduce((n, l) => n + l.length, 0);
    const failed = [...samples.values()].reduce((n, l) => n + l.filter((s) => !s.ok).length, 0);
    console.log(`== loadtest: ${kind}, ${SESSIONS} sessions (${roles.join("/")}), ${SECONDS} s, SCORECARD_WORKERS=${args.workers ?? "(default: cores − 1)"} ==`);
    console.log(`requests ${total} (${(total / elapsed).toFixed(0)}/s), errors ${failed}; saves acknowledged for ${acknowledged.size} tribunals of ${writeMonth}; correction of ${corrected} opened and published mid-run`);
    console.log("procedure                        requests  errors    p50 ms    p99 ms    max ms");
    for (const [name, list] of [...samples.entries()].sort()) {
      const ms = list.map((s) => s.ms);
      console.log(`${name.padEnd(32)}${String(list.length).padStart(9)}${String(list.filter((s) => !s.ok).length).padStart(8)}${pct(ms, 50).toFixed(1).padStart(10)}${pct(ms, 99).toFixed(1).padStart(10)}${Math.max(...ms).toFixed(1).padStart(10)}`);
    }
    if (server.exitCode !== null) console.log(`the server exited (${server.exitCode}): ${serverLog}`);
    if (errors.length) console.log(`first errors:\n  ${errors.join("\n  ")}`);
    console.log(`writes: ${lost} acknowledged saves lost, ${changed} other facts changed`);
    process.exitCode = failed || lost || changed ? 1 : 0;
  } finally {
    await stop();
  }
}

main().catch((e) => {
  console.error(`负载测试失败:${e instanceof Error ? e.message : String(e)}`);
  process.exit(2);
});
