/**
 * The studio's what-if engine, off the main thread (issue 11, items 3 and 4): it receives a
 * year's data once, then replays the year under each draft posted (`replayYear`, the very code
 * the server and the CLI score with) and, on request, measures how stable each rank is
 * (`sensitivity`). Latest wins: messages that arrive while a computation runs are only noted,
 * and the next computation takes the newest draft, so an edit supersedes the ones before it.
 * Every answer carries the milliseconds its computation took.
 */
import type { AdjustmentRow, FactRow, ManualRow, Period, Rulebook } from "@scorecard/rules";
import { draftForYear, indexData, replayYear, sensitivity, type DataIndex, type ReplayResult, type SensitivityResult } from "@scorecard/scoring";

/** What the worker needs of a year (rulebooks.whatIfData): the versions in force and the figures. */
export interface WhatIfInput {
  year: number;
  rulebooks: readonly Rulebook[];
  facts: readonly FactRow[];
  adjustments: readonly AdjustmentRow[];
  manual: readonly ManualRow[];
}

export interface SensitivityRequest {
  /** a month of the year, or the year (annual grade and rank) when absent */
  period?: Period;
  trials: number;
  seed: number;
  spread: number;
}

export type ToWorker =
  | { type: "data"; id: number; data: WhatIfInput }
  | { type: "replay"; id: number; draft: Rulebook }
  | ({ type: "sensitivity"; id: number; draft: Rulebook } & SensitivityRequest);

export type FromWorker =
  | { type: "data"; id: number; year: number; ms: number }
  | { type: "replay"; id: number; result: ReplayResult; ms: number }
  | { type: "sensitivity"; id: number; result: SensitivityResult; ms: number }
  | { type: "error"; id: number; job: ToWorker["type"]; message: string };

let loaded: { year: number; rulebooks: readonly Rulebook[]; index: DataIndex } | null = null;
/** the newest message of each kind not yet computed; older ones are superseded */
const pending: { data?: Extract<ToWorker, { type: "data" }>; replay?: Extract<ToWorker, { type: "replay" }>; sensitivity?: Extract<ToWorker, { type: "sensitivity" }> } = {};
let scheduled = false;

const post = (m: FromWorker) => self.postMessage(m);

function reason(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return /[\u4e00-\u9fff]/.test(text) ? text : `计算出错(${text}),请检查草稿后重试。`;
}

function run(): void {
  scheduled = false;
  // the data first: a replay posted after it is meant for it
  const data = pending.data;
  if (data) {
    delete pending.data;
    const t0 = performance.now();
    try {
      const d = data.data;
      loaded = { year: d.year, rulebooks: d.rulebooks, index: indexData({ facts: d.facts, adjustments: d.adjustments, manual: d.manual }) };
      post({ type: "data", id: data.id, year: d.year, ms: performance.now() - t0 });
    } catch (e) {
      loaded = null;
      post({ type: "error", id: data.id, job: "data", message: `这一年的数据无法读入:${reason(e)}` });
    }
  }
  const replay = pending.replay;
  if (replay && loaded) {
    delete pending.replay;
    const t0 = performance.now();
    try {
      const result = replayYear({ rulebooks: loaded.rulebooks, draft: replay.draft, data: loaded.index, year: loaded.year });
      post({ type: "replay", id: replay.id, result, ms: performance.now() - t0 });
    } catch (e) {
      post({ type: "error", id: replay.id, job: "replay", message: reason(e) });
    }
  }
  const sens = pending.sensitivity;
  if (sens && loaded) {
    delete pending.sensitivity;
    const t0 = performance.now();
    try {
      const year = loaded.year;
      const result = sensitivity({
        rulebooks: [draftForYear(sens.draft, year)],
        data: loaded.index,
        ...(sens.period ? { period: sens.period } : { year }),
        trials: sens.trials,
        seed: sens.seed,
        spread: sens.spread,
      });
      post({ type: "sensitivity", id: sens.id, result, ms: performance.now() - t0 });
    } catch (e) {
      post({ type: "error", id: sens.id, job: "sensitivity", message: reason(e) });
    }
  }
  if ((pending.replay || pending.sensitivity) && loaded && !scheduled) schedule();
}

/** Runs once every message already queued has been noted, so only the newest of each is computed. */
function schedule(): void {
  scheduled = true;
  setTimeout(run, 0);
}

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const m = e.data;
  if (m.type === "data") pending.data = m;
  else if (m.type === "replay") pending.replay = m;
  else pending.sensitivity = m;
  if (!scheduled) schedule();
};
