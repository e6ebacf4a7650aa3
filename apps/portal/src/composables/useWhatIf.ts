import { useQuery } from "@pinia/colada";
import { yearOf, type Period, type Rulebook } from "@scorecard/rules";
import type { ReplayResult, SensitivityResult } from "@scorecard/scoring";
import { computed, onScopeDispose, ref, shallowRef, toRaw, watch, type Ref } from "vue";
import { periodQueries } from "../api/periods";
import { rulebookQueries, type WhatIfData } from "../api/rulebooks";
import type { FromWorker, SensitivityRequest, ToWorker, WhatIfInput } from "../workers/whatif.worker";

/**
 * The studio's what-if (issue 11, items 3 and 4): one Web Worker, shared by the replay and the
 * sensitivity tabs, that has the chosen year's data (rulebooks.whatIfData) and computes with the
 * engine's own code. The main thread only posts: each edit of the draft is posted as it comes,
 * the worker computes the newest, and an answer for a draft that a later edit superseded is
 * dropped here, so the page never shows a stale result as the current one.
 */

export interface Timed<T> {
  result: T;
  /** the computation in the worker */
  ms: number;
  /** from posting the draft to the answer back on the page */
  roundTripMs: number;
  /** the draft it was computed for (the object posted) */
  draft: Rulebook;
}

export interface SensitivityAsk extends SensitivityRequest {
  draft: Rulebook;
}

interface Shared {
  users: number;
  worker: Worker | null;
  year: Ref<number | null>;
  /** the data object last posted to the worker, and whether the worker has read it */
  posted: WhatIfData | null;
  loadedYear: Ref<number | null>;
  dataError: Ref<string | null>;
  seq: number;
  /** the newest post of each job: only its answer is shown */
  latest: { replay: number; sensitivity: number };
  sentAt: Map<number, number>;
  drafts: Map<number, Rulebook>;
  replay: Ref<Timed<ReplayResult> | null>;
  replayPending: Ref<boolean>;
  replayError: Ref<string | null>;
  sensitivity: Ref<(Timed<SensitivityResult> & { ask: SensitivityAsk }) | null>;
  sensitivityPending: Ref<boolean>;
  sensitivityError: Ref<string | null>;
  asks: Map<number, SensitivityAsk>;
}

let shared: Shared | null = null;

function create(): Shared {
  return {
    users: 0,
    worker: null,
    year: ref<number | null>(null),
    posted: null,
    loadedYear: ref<number | null>(null),
    dataError: ref<string | null>(null),
    seq: 0,
    latest: { replay: 0, sensitivity: 0 },
    sentAt: new Map(),
    drafts: new Map(),
    replay: shallowRef(null),
    replayPending: ref(false),
    replayError: ref(null),
    sensitivity: shallowRef(null),
    sensitivityPending: ref(false),
    sensitivityError: ref(null),
    asks: new Map(),
  };
}

/** A plain copy the worker can receive: Vue's reactive proxies cannot be cloned. */
function plain<T>(x: T): T {
  const raw = toRaw(x);
  try {
    return structuredClone(raw);
  } catch {
    return JSON.parse(JSON.stringify(raw)) as T;
  }
}

function worker(s: Shared): Worker {
  if (s.worker) return s.worker;
  const w = new Worker(new URL("../workers/whatif.worker.ts", import.meta.url), { type: "module" });
  w.onmessage = (e: MessageEvent<FromWorker>) => receive(s, e.data);
  w.onerror = (e) => {
    const message = `回放程序出错(${e.message || "未知原因"}),请刷新页面后重试。`;
    s.replayPending.value = s.sensitivityPending.value = false;
    s.replayError.value = s.sensitivityError.value = message;
  };
  s.worker = w;
  return w;
}

function send(s: Shared, m: ToWorker): void {
  s.sentAt.set(m.id, performance.now());
  worker(s).postMessage(m);
}

function receive(s: Shared, m: FromWorker): void {
  const sent = s.sentAt.get(m.id);
  s.sentAt.delete(m.id);
  const roundTripMs = sent === undefined ? 0 : performance.now() - sent;
  if (m.type === "data") {
    if (s.posted?.year === m.year) s.loadedYear.value = m.year;
    return;
  }
  if (m.type === "error") {
    if (m.job === "data") {
      s.dataError.value = m.message;
      return;
    }
    if (m.job === "replay" && m.id === s.latest.replay) {
      s.replayPending.value = false;
      s.replayError.value = m.message;
    }
    if (m.job === "sensitivity" && m.id === s.latest.sensitivity) {
      s.sensitivityPending.value = false;
      s.sensitivityError.value = m.message;
    }
    s.drafts.delete(m.id);
    s.asks.delete(m.id);
    return;
  }
  if (m.type === "replay") {
    const draft = s.drafts.get(m.id);
    s.drafts.delete(m.id);
    if (m.id !== s.latest.replay || !draft) return; // superseded by a later edit
    s.replay.value = { result: m.result, ms: m.ms, roundTripMs, draft };
    s.replayPending.value = false;
    s.replayError.value = null;
    return;
  }
  const ask = s.asks.get(m.id);
  s.asks.delete(m.id);
  if (m.id !== s.latest.sensitivity || !ask) return;
  s.sensitivity.value = { result: m.result, ms: m.ms, roundTripMs, draft: ask.draft, ask };
  s.sensitivityPending.value = false;
  s.sensitivityError.value = null;
}

/** Forgets every result: they belong to another year. */
function resetResults(s: Shared): void {
  s.latest.replay = ++s.seq;
  s.latest.sensitivity = ++s.seq;
  s.replay.value = null;
  s.sensitivity.value = null;
  s.replayPending.value = s.sensitivityPending.value = false;
  s.replayError.value = s.sensitivityError.value = null;
}

/**
 * The what-if of the studio's tabs. `year` is shared by the tabs (the year with data chosen
 * first is the newest complete one); `replay(draft)` and `runSensitivity(ask)` post to the
 * worker and return at once.
 */
export function useWhatIf() {
  const s = (shared ??= create());
  s.users++;
  onScopeDispose(() => {
    if (--s.users > 0) return;
    s.worker?.terminate();
    shared = null;
  });

  const periods = useQuery(periodQueries.list);
  /** the years that have figures, newest first */
  const years = computed(() => [...new Set((periods.data.value ?? []).map((p) => yearOf(p.period)))].sort((a, b) => b - a));
  /** months of a year that have figures or a state */
  const monthsOf = (year: number | null) => (periods.data.value ?? []).filter((p) => yearOf(p.period) === year).map((p) => p.period).sort();
  watch(
    years,
    (ys) => {
      if (s.year.value !== null && ys.includes(s.year.value)) return;
      // the newest year with all twelve months, else the newest
      s.year.value = ys.find((y) => monthsOf(y).length === 12) ?? ys[0] ?? null;
    },
    { immediate: true },
  );

  const query = useQuery(() => rulebookQueries.whatIfData(s.year.value));
  const data = computed<WhatIfData | null>(() => (query.data.value && query.data.value.year === s.year.value ? query.data.value : null));

  watch(
    data,
    (d) => {
      if (!d || toRaw(d) === s.posted) return;
      s.posted = toRaw(d);
      s.loadedYear.value = null;
      s.dataError.value = null;
      resetResults(s);
      const input: WhatIfInput = { year: d.year, rulebooks: d.rulebooks as unknown as Rulebook[], facts: d.facts, adjustments: d.adjustments, manual: d.manual };
      send(s, { type: "data", id: ++s.seq, data: plain(input) });
    },
    { immediate: true },
  );

  /** the worker has the chosen year's data */
  const ready = computed(() => data.value !== null && s.loadedYear.value === s.year.value);
  const loadError = computed(() => (query.error.value ? query.error.value.message : s.dataError.value));

  const names = computed(() => new Map((data.value?.units ?? []).map((u) => [u.key, u.name])));
  /** the year's months that have figures, oldest first */
  const months = computed(() => monthsOf(s.year.value) as Period[]);
  /** the year has not got all twelve months: its annual results are an estimate (预估) */
  const provisional = computed(() => s.year.value !== null && months.value.length < 12);

  /** Posts a draft to replay the chosen year under; the newest post wins. */
  function replay(draft: Rulebook | null): void {
    if (!draft || !data.value) return;
    const id = ++s.seq;
    s.latest.replay = id;
    const copy = plain(draft);
    s.drafts.set(id, draft);
    s.replayPending.value = true;
    send(s, { type: "replay", id, draft: copy });
  }

  /** Posts a sensitivity run of the draft for a month (ask.period) or the chosen year. */
  function runSensitivity(ask: SensitivityAsk): void {
    if (!data.value) return;
    const id = ++s.seq;
    s.latest.sensitivity = id;
    s.asks.set(id, ask);
    s.sensitivityPending.value = true;
    s.sensitivityError.value = null;
    const { draft, ...rest } = ask;
    send(s, { type: "sensitivity", id, draft: plain(draft), ...rest });
  }

  return {
    year: s.year,
    years,
    months,
    provisional,
    data,
    names,
    /** reading the year's data (from the server, then into the worker) */
    loading: computed(() => s.year.value !== null && !ready.value && !loadError.value),
    /** which step of loading: the server's answer, then the worker reading it */
    loadingStep: computed(() => (data.value ? "worker" : "server") as "server" | "worker"),
    loadError,
    ready,
    replay,
    replayResult: s.replay,
    replayPending: s.replayPending,
    replayError: s.replayError,
    runSensitivity,
    sensitivityResult: s.sensitivity,
    sensitivityPending: s.sensitivityPending,
    sensitivityError: s.sensitivityError,
  };
}
