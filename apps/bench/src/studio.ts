/**
 * Studio benchmark (issue 11, items 3 and 4): in headless Chromium against the built portal and
 * the bench server, (a) an edit's replay of the demo year — from posting the edited draft to the
 * what-if worker until its result is back on the page, the median of N edits (target < 50 ms),
 * and (b) 1,000 seeded joint sensitivity trials of the demo year in the browser (target < 500 ms).
 * It runs the portal's own worker chunk (src/workers/whatif.worker.ts as Vite built it) with the
 * year's data from the server (rulebooks.whatIfData, as the studio loads it), and also reads the
 * figures the studio page itself shows ("回放用时 N ms", "用时 N ms") after real edits when the page
 * offers them. Prints figures; asserts nothing about durations.
 */
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { chromium, type Page } from "playwright-core";
import { startBenchServer } from "./bench-server";

export interface StudioFigures {
  year: number;
  units: number;
  /** per edit: from posting the draft until the result is back on the page */
  replayRoundTripMs: number[];
  /** per edit: the worker's own computation */
  replayWorkerMs: number[];
  /** the first replay after the data arrived (JIT cold) */
  replayColdMs: number;
  /** the year's data read into the worker */
  dataMs: number;
  sensitivity: { trials: number; roundTripMs: number[]; workerMs: number[] };
  /** what the studio page itself showed after real edits, when it offers them */
  page: { replayMs: number[]; replayWorkerMs: number[]; sensitivityMs: number | null; note: string };
}

const assets = fileURLToPath(new URL("../../../apps/portal/dist/assets", import.meta.url));

export const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : NaN;
};

async function login(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.fill("input[name=username]", "hr");
  await page.fill("input[name=password]", "kailu-demo");
  await page.click("button[type=submit]");
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
}

/** The portal's worker, driven directly from a page of the same site (its own chunk, its own protocol). */
async function workerRuns(page: Page, workerUrl: string, year: number, edits: number, sensitivityRuns: number) {
  return page.evaluate(
    async ({ workerUrl, year, edits, sensitivityRuns }) => {
      const res = await fetch(`/trpc/rulebooks.whatIfData?input=${encodeURIComponent(JSON.stringify({ year }))}`);
      type Book = { version: string; sections: Array<{ indicators: Array<{ points: number }> }> };
      type Answer = { id: number; type: string; ms: number };
      const body = (await res.json()) as { result?: { data: { year: number; rulebooks: Book[]; facts: unknown[]; adjustments: unknown[]; manual: unknown[]; units: unknown[] } }; error?: unknown };
      if (!body.result) throw new Error(`rulebooks.whatIfData failed: ${JSON.stringify(body.error)}`);
      const data = body.result.data;
      const w = new Worker(workerUrl, { type: "module" });
      const waiting = new Map<number, (m: Answer) => void>();
      w.onmessage = (e: MessageEvent<Answer>) => waiting.get(e.data.id)?.(e.data);
      let id = 0;
      const ask = (m: Record<string, unknown>) =>
        new Promise<{ m: Answer; roundTrip: number }>((resolve) => {
          const my = ++id;
          const t0 = performance.now();
          waiting.set(my, (a) => {
            waiting.delete(my);
            resolve({ m: a, roundTrip: performance.now() - t0 });
          });
          w.postMessage({ ...m, id: my });
        });
      const d = await ask({ type: "data", data: { year: data.year, rulebooks: data.rulebooks, facts: data.facts, adjustments: data.adjustments, manual: data.manual } });
      if (d.m.type !== "data") throw new Error(JSON.stringify(d.m));
      // the draft: the newest version in force with one indicator's points edited, N times
      const base = data.rulebooks[data.rulebooks.length - 1]!;
      const draftWith = (points: number) => {
        const draft = structuredClone(base);
        draft.version = `${base.version}-bench`;
        draft.sections[0]!.indicators[0]!.points = points;
        return draft;
      };
      const p0 = base.sections[0]!.indicators[0]!.points;
      const cold = await ask({ type: "replay", draft: draftWith(p0 + 1) });
      if (cold.m.type !== "replay") throw new Error(JSON.stringify(cold.m));
      const replay: Array<{ roundTrip: number; ms: number }> = [];
      for (let i = 0; i < edits; i++) {
        const r = await ask({ type: "replay", draft: draftWith(p0 + ((i % 5) + 1) * 0.5) });
        if (r.m.type !== "replay") throw new Error(JSON.stringify(r.m));
        replay.push({ roundTrip: r.roundTrip, ms: r.m.ms });
      }
      const sens: Array<{ roundTrip: number; ms: number }> = [];
      for (let i = 0; i < sensitivityRuns; i++) {
        const r = await ask({ type: "sensitivity", draft: draftWith(p0), trials: 1000, seed: 1 + i, spread: 0.1 });
        if (r.m.type !== "sensitivity") throw new Error(JSON.stringify(r.m));
        sens.push({ roundTrip: r.roundTrip, ms: r.m.ms });
      }
      w.terminate();
      return { year: data.year, units: data.units.length, dataMs: d.m.ms, cold: cold.roundTrip, replay, sens };
    },
    { workerUrl, year, edits, sensitivityRuns },
  );
}

/**
 * The studio page itself: opens 考核办法, makes a draft of the version in force, changes the first
 * indicator's point value N times in the editor and reads, after each, the time the replay tab
 * shows (its data attribute: from posting the draft to the worker until the result is back);
 * then the 稳定性 tab's 1,000 trials. Returns a note instead of figures when the page lacks them.
 */
async function pageRuns(page: Page, base: string, edits: number): Promise<StudioFigures["page"]> {
  await page.goto(`${base}/studio`);
  await page.waitForLoadState("networkidle");
  const row = page.locator(".versions .el-table__body-wrapper tr", { hasText: "已启用" }).first();
  if (!(await row.count())) return { replayMs: [], replayWorkerMs: [], sensitivityMs: null, note: "no version in force on the studio page; figures from the worker alone" };
  await row.getByRole("button", { name: "以此为基础新建草稿" }).click();
  const box = page.locator(".el-message-box");
  await box.locator("input").fill(`bench-${Date.now()}`);
  await box.getByRole("button", { name: "新建草稿" }).click();
  await page.waitForURL(/[?&]v=/);
  await page.waitForLoadState("networkidle");
  const tab = (name: string) => page.getByRole("tab", { name }).click();
  await tab("回放");
  const shown = page.locator(".studio-replay .replay-ms[data-round-trip-ms]");
  await shown.waitFor({ timeout: 60_000 });
  await tab("编辑");
  await page.locator(".editor-tabs").getByText("板块与指标").click();
  await page.locator("tr[data-indicator]").first().getByRole("button", { name: "编辑" }).click();
  const points = page.getByLabel("分值", { exact: true });
  const p0 = Number(await points.inputValue());
  const replayMs: number[] = [];
  const workerMs: number[] = [];
  for (let i = 0; i < edits; i++) {
    const before = await shown.getAttribute("data-round-trip-ms");
    // the replay tab stays mounted behind the editor: the page replays each edit as it is typed
    await points.fill(String(p0 + ((i % 5) + 1) * 0.5));
    await page.waitForFunction((b) => {
      const el = document.querySelector(".studio-replay .replay-ms[data-round-trip-ms]");
      return !!el && el.getAttribute("data-round-trip-ms") !== b;
    }, before);
    replayMs.push(Number(await shown.getAttribute("data-round-trip-ms")));
    workerMs.push(Number(await shown.getAttribute("data-ms")));
  }
  await tab("稳定性");
  await page.getByRole("button", { name: "计算稳定性" }).click();
  await page.waitForSelector(".studio-sensitivity .sens-ms[data-ms]", { timeout: 60_000 });
  const sensitivityMs = Number(await page.locator(".studio-sensitivity .sens-ms").getAttribute("data-ms"));
  return { replayMs, replayWorkerMs: workerMs, sensitivityMs, note: "" };
}

export async function studioBench(edits = 20, sensitivityRuns = 5, year = 2022): Promise<StudioFigures> {
  const chunk = readdirSync(assets).find((f) => /^whatif\.worker-.*\.js$/.test(f));
  if (!chunk) throw new Error("门户尚未构建或缺少回放 worker:请先运行 npm run build -w @scorecard/portal");
  const server = await startBenchServer();
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "zh-CN" });
    // tsx keeps function names with a helper (__name) that the page does not have
    await context.addInitScript("globalThis.__name = (f) => f;");
    const page = await context.newPage();
    await login(page, server.base);
    const r = await workerRuns(page, `/assets/${chunk}`, year, edits, sensitivityRuns);
    const studio = await pageRuns(page, server.base, Math.min(edits, 10)).catch((e: unknown) => ({ replayMs: [], replayWorkerMs: [], sensitivityMs: null, note: `studio page: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}` }));
    return {
      year: r.year,
      units: r.units,
      replayRoundTripMs: r.replay.map((x) => x.roundTrip),
      replayWorkerMs: r.replay.map((x) => x.ms),
      replayColdMs: r.cold,
      dataMs: r.dataMs,
      sensitivity: { trials: 1000, roundTripMs: r.sens.map((x) => x.roundTrip), workerMs: r.sens.map((x) => x.ms) },
      page: studio,
    };
  } finally {
    await browser.close();
    server.stop();
  }
}
