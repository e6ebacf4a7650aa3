/**
 * `npm run bench`: prints the figures of every benchmark. Each scoring size runs in a fresh
 * process so that its peak memory is measured alone.
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { apiBench } from "./api";
import { changeBench } from "./change";
import { noticeBench } from "./notice";
import { portalBench } from "./portal";
import { median, studioBench } from "./studio";

const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));

function scoring(): void {
  type Run = { units: number; coldMs: number; engineMs: number; baselineMs: number; explainedMs: number | null; peakMb: number };
  const run = (n: number, pages: boolean): Run => {
    const out = execFileSync(process.execPath, ["--import", "tsx", here("./scoring.ts"), String(n), ...(pages ? ["pages"] : [])], { encoding: "utf8" });
    return JSON.parse(out.trim().split("\n").pop()!) as Run;
  };
  console.log("== 评分引擎 scoring engine: 一整年 (12 个月度 ytd 排名 + 年度考核), 默认考核办法 ==");
  console.log("year: evaluateYear from the fact rows — the twelve monthly rankings (every indicator of every unit scored and ranked, each kept as the standings the evaluation reads), the year window, grades;");
  console.log("  median of warm runs (first run, JIT cold, in brackets); baseline: a plain loop summing the same fields over the same windows; peak MB: the whole process (node, tsx, the facts, the engine)");
  console.log("+pages: the same year with each month's ranking also built in full (every indicator's value, score, rank, warning), as ranking pages show them, and dropped once shown");
  console.log("explained: the twelve monthly rankings with every indicator's Chinese explanation built");
  console.log("units      year ms  (cold ms)   baseline ms   ratio   peak MB   +pages ms (cold)  peak MB   explained ms   target");
  for (const n of [8, 1000, 10000]) {
    const r = run(n, false);
    const p = run(n, true);
    const target = n === 1000 ? "< 250 ms" : n === 10000 ? "< 1500 ms, < 300 MB" : "";
    console.log(
      `${String(r.units).padEnd(9)}${r.engineMs.toFixed(1).padStart(9)}${`(${r.coldMs.toFixed(0)})`.padStart(11)}${r.baselineMs.toFixed(1).padStart(14)}${(r.engineMs / Math.max(r.baselineMs, 0.001)).toFixed(1).padStart(8)}${r.peakMb.toFixed(0).padStart(10)}` +
        `${p.engineMs.toFixed(0).padStart(12)}${`(${p.coldMs.toFixed(0)})`.padStart(7)}${p.peakMb.toFixed(0).padStart(9)}${(r.explainedMs ?? 0).toFixed(0).padStart(15)}   ${target}`,
    );
  }
}

async function api(): Promise<void> {
  console.log("\n== API: 50 个并发连接,环回地址,每项 10 秒 (50 concurrent connections on loopback, 10 s each) ==");
  const [ping, ranking] = await apiBench(10);
  console.log("procedure                      req/s     p50 ms   p99 ms   errors");
  for (const r of [ping!, ranking!])
    console.log(`${r.name.padEnd(28)}${r.rps.toFixed(0).padStart(8)}${r.p50.toFixed(1).padStart(11)}${r.p99.toFixed(1).padStart(9)}${String(r.errors + r.non2xx).padStart(9)}`);
  console.log(`ratio ranking / no-op: ${(ranking!.rps / ping!.rps).toFixed(2)}   (targets: ratio ≥ 0.5, p99 < 50 ms)`);
}

async function portal(): Promise<void> {
  console.log("\n== 门户 portal: headless Chromium, loopback, built portal ==");
  const r = await portalBench(5);
  const sorted = [...r.overviewMs].sort((a, b) => a - b);
  console.log(`JavaScript (gzip): login ${r.loginJsGzipKb.toFixed(1)} KB + overview ${r.overviewJsGzipKb.toFixed(1)} KB = ${r.totalJsGzipKb.toFixed(1)} KB   (target ≤ 250 KB)`);
  console.log(`overview table and chart drawn: median ${sorted[Math.floor(sorted.length / 2)]} ms, runs ${r.overviewMs.join(", ")} ms   (target < 1500 ms)`);
}

async function notice(): Promise<void> {
  console.log("\n== 月通报 monthly notice: 演示法院 2023年3月, 快照 + Word/Excel/打印网页 (median of 20 runs) ==");
  const r = await noticeBench(20);
  console.log("step                          median ms   bytes");
  const line = (name: string, ms: number, bytes?: number) => console.log(`${name.padEnd(30)}${ms.toFixed(1).padStart(9)}${bytes === undefined ? "" : String(bytes).padStart(9)}`);
  line("snapshot (engine + 情况分析)", r.snapshotMs);
  line("docx (Word, GB/T 9704)", r.docxMs, r.bytes.docx);
  line("xlsx (Excel)", r.xlsxMs, r.bytes.xlsx);
  line("html (print)", r.htmlMs, r.bytes.html);
  line("hash (RFC 8785 + SHA-256)", r.hashMs);
  line("whole notice, all three", r.allMs);
  console.log("(target: the whole notice, all three formats, < 500 ms)");
}

async function studio(): Promise<void> {
  console.log("\n== 考核办法工作台 studio what-if: headless Chromium, built portal, the portal's what-if worker, demo court ==");
  const r = await studioBench(20, 5);
  const f = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(", ");
  console.log(`year ${r.year}, ${r.units} tribunals; the year's data read into the worker ${r.dataMs.toFixed(1)} ms; first replay (cold) ${r.replayColdMs.toFixed(1)} ms`);
  console.log(`an edit's replay, posting the draft → result on the page: median ${median(r.replayRoundTripMs).toFixed(1)} ms of ${r.replayRoundTripMs.length} edits (worker's own: median ${median(r.replayWorkerMs).toFixed(1)} ms)   (target < 50 ms)`);
  console.log(`sensitivity, ${r.sensitivity.trials} joint trials of the year: median ${median(r.sensitivity.roundTripMs).toFixed(1)} ms, runs ${f(r.sensitivity.roundTripMs)} ms (worker's own: median ${median(r.sensitivity.workerMs).toFixed(1)} ms)   (target < 500 ms)`);
  if (r.page.replayMs.length)
    console.log(`the studio page itself after real edits: replay, posting → result, median ${median(r.page.replayMs).toFixed(1)} ms of ${r.page.replayMs.length} edits (${f(r.page.replayMs)}; the worker's own: median ${median(r.page.replayWorkerMs).toFixed(1)} ms); sensitivity ${r.page.sensitivityMs?.toFixed(1) ?? "—"} ms`);
  else console.log(`(the studio page itself: ${r.page.note})`);
}

async function change(): Promise<void> {
  console.log("\n== 修改后的第一次排名 first answer after a change: facts.save of the latest month, then scores.ranking of it (HTTP, loopback, SQLite) ==");
  console.log("warm: the same ranking from the score cache (median of 20); first: the first ranking after each save (median of 10 rounds);");
  console.log("  engine: scoring that ranking alone without explanations (as the cache scores a table), on the parsed data; explained: the same with every explanation (a tribunal's page);");
  console.log("  before: a fresh cache's first ranking, as every change cost before the log of changes");
  console.log("court                               units  months  period    warm ms  first ms  ratio  save ms  engine ms  explained ms  before ms   target");
  for (const r of await changeBench(1000, 10))
    console.log(
      `${r.court.padEnd(34)}${String(r.units).padStart(7)}${String(r.months).padStart(8)}  ${r.period}${r.warmMs.toFixed(1).padStart(10)}${r.firstMs.toFixed(1).padStart(10)}${(r.firstMs / Math.max(r.warmMs, 0.001)).toFixed(1).padStart(7)}` +
        `${r.saveMs.toFixed(1).padStart(9)}${r.engineMs.toFixed(1).padStart(11)}${r.explainedMs.toFixed(1).padStart(14)}${r.fullReloadMs.toFixed(1).padStart(11)}   first ≤ 2 × warm`,
    );
}

const only = process.argv[2];
if (!only || only === "scoring") scoring();
if (!only || only === "api") await api();
if (!only || only === "change") await change();
if (!only || only === "notice") await notice();
if (!only || only === "portal") await portal();
if (!only || only === "studio") await studio();
