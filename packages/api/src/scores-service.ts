import type { Kysely } from "kysely";
import type { NoticeSnapshot } from "@scorecard/documents";
import { parseSnapshot } from "./cycle";
import {
  activeRulebooks,
  allData,
  allManualRows,
  changesSince,
  findNotice,
  getPeriod,
  latestChange,
  listPeriods,
  listUnits,
  untouchedPeriod,
  type DataChange,
  type Database,
  type PeriodState,
  type UnitSummary,
} from "@scorecard/db";
import { periodsOfYear, versionAt, windowMonths, yearOf, type Period, type Rulebook, type WindowKind } from "@scorecard/rules";
import {
  evaluateYear,
  indexData,
  orderVersions,
  periodWarnings,
  scorePeriod,
  type AnnualResult,
  type DataIndex,
  type IndicatorResult,
  type PeriodResult,
  type UnitResult,
  type Warning,
} from "@scorecard/scoring";

/** A ranking as a table shows it: every score and rank, no explanations. */
export interface RankingSummary extends Omit<PeriodResult, "units"> {
  units: Array<Omit<UnitResult, "indicators"> & { indicators: Record<string, Omit<IndicatorResult, "explanation">> }>;
  warnings: Warning[];
}

interface Snapshot {
  /** the last change of the log these data include (data_changes.seq) */
  seq: number;
  revision: string;
  rulebooks: Rulebook[];
  index: DataIndex;
  units: UnitSummary[];
  periods: Map<Period, PeriodState>;
  results: Map<string, PeriodResult>;
  summaries: Map<string, RankingSummary>;
  annual: Map<number, AnnualResult>;
  frozen: Map<Period, Promise<NoticeSnapshot | null>>;
  frozenSummaries: Map<Period, RankingSummary>;
}

/** A ranking without its explanations (what a table shows), with the notice's warnings. */
function summarize(full: PeriodResult, rb: Rulebook): RankingSummary {
  return {
    ...full,
    units: full.units.map(({ indicators, ...u }) => ({
      ...u,
      indicators: Object.fromEntries(Object.entries(indicators).map(([k, { explanation: _e, ...i }]) => [k, i])),
    })),
    warnings: periodWarnings(full, rb),
  };
}

/** A period is ranked under a version in force, when the month has figures of its own. */
function rankable(s: Snapshot, period: Period): boolean {
  return s.rulebooks.some((r) => r.effectiveFrom <= period) && (s.index.facts.get(period)?.size ?? 0) > 0;
}

const resultKey = (period: Period, window?: WindowKind) => `${period}|${window ?? ""}`;

/** Everything read afresh: where a new process starts, and what a gap in the log or a restore calls for. */
async function loadAll(db: Kysely<Database>): Promise<Snapshot> {
  // the log's position first: data read after it hold at least its changes (a change that lands
  // in between is applied again from the log next time, which changes nothing)
  const { seq, revision } = await latestChange(db);
  const [rulebooks, data, manual, units, periods] = await Promise.all([activeRulebooks(db), allData(db), allManualRows(db), listUnits(db), listPeriods(db)]);
  return {
    seq,
    revision,
    rulebooks: rulebooks.length ? orderVersions(rulebooks) : [],
    // committee scores (评议打分) are data like facts: every score, draft, notice and evaluation reads them
    index: indexData({ ...data, manual }),
    units,
    periods: new Map(periods.map((p) => [p.period, p])),
    results: new Map(),
    summaries: new Map(),
    annual: new Map(),
    frozen: new Map(),
    frozenSummaries: new Map(),
  };
}

/**
 * A new index with the rows of `months` replaced by `rows` (read afresh for those months): every
 * other month's parsed rows and vectors are shared with `index`, so applying a change costs the
 * changed month, not the history.
 */
function withMonths(index: DataIndex, months: ReadonlySet<Period>, rows: DataIndex): DataIndex {
  const replace = <V>(all: ReadonlyMap<Period, V>, fresh: ReadonlyMap<Period, V>): Map<Period, V> => {
    const out = new Map(all);
    for (const m of months) {
      const v = fresh.get(m);
      if (v === undefined) out.delete(m);
      else out.set(m, v);
    }
    return out;
  };
  const vectors = new Map<string, Map<Period, ReadonlyMap<string, Float64Array>>>();
  for (const [layout, byPeriod] of index.vectors) {
    const kept = new Map(byPeriod);
    for (const m of months) kept.delete(m);
    vectors.set(layout, kept);
  }
  return { kind: "index", facts: replace(index.facts, rows.facts), adjustments: replace(index.adjustments, rows.adjustments), manual: replace(index.manual, rows.manual), vectors };
}

/** The months a cached result read: its window's (the version's window when none was asked for). */
function monthsRead(key: string, rulebooks: readonly Rulebook[]): Period[] {
  const [period, window] = key.split("|") as [Period, string];
  const kind = (window || versionAt(rulebooks, period)?.window || "month") as WindowKind;
  return windowMonths(period, kind);
}

/**
 * The snapshot after the changes of the log: only the months changed are read again (facts,
 * adjustments, committee scores, a month's state and its publication), and only the results whose
 * windows hold one of them are dropped; a change of tribunals or rulebooks reads those again.
 */
async function applyChanges(db: Kysely<Database>, s: Snapshot, log: { seq: number; revision: string; changes: readonly DataChange[] }): Promise<Snapshot> {
  const dataMonths = new Set<Period>();
  const stateMonths = new Set<Period>();
  let units = false;
  let rulebooks = false;
  /** a change of states or publications not of one month (a quarter's, a year's): every month's state is read again */
  let allStates = false;
  for (const c of log.changes) {
    if (c.scope === "units") units = true;
    else if (c.scope === "rulebooks") rulebooks = true;
    else if (c.scope === "periods" || c.scope === "publications") {
      if (c.period === undefined) allStates = true;
      else stateMonths.add(c.period);
    } else if (c.period !== undefined && c.scope !== "all") dataMonths.add(c.period);
    else return loadAll(db); // everything, or a change of data not of one month: read everything
  }
  const months = [...dataMonths];
  const states = [...stateMonths];
  const [fresh, manual, nextUnits, nextRulebooks, nextStates] = await Promise.all([
    months.length ? allData(db, months) : null,
    months.length ? allManualRows(db, months) : null,
    units ? listUnits(db) : null,
    rulebooks ? activeRulebooks(db) : null,
    allStates ? listPeriods(db) : Promise.all(states.map((m) => getPeriod(db, m))),
  ]);
  const next: Snapshot = {
    ...s,
    seq: log.seq,
    revision: log.revision,
    rulebooks: nextRulebooks ? (nextRulebooks.length ? orderVersions(nextRulebooks) : []) : s.rulebooks,
    index: fresh && manual ? withMonths(s.index, dataMonths, indexData({ ...fresh, manual })) : s.index,
    units: nextUnits ?? s.units,
    periods: states.length || allStates ? new Map(s.periods) : s.periods,
    results: new Map(),
    summaries: new Map(),
    annual: new Map(),
    frozen: new Map(s.frozen),
    frozenSummaries: new Map(s.frozenSummaries),
  };
  if (allStates) next.periods = new Map(nextStates.map((st) => [st.period, st]));
  else for (const st of nextStates) next.periods.set(st.period, st);
  for (const m of allStates ? [...s.frozen.keys(), ...s.frozenSummaries.keys()] : states) {
    next.frozen.delete(m);
    next.frozenSummaries.delete(m);
  }
  if (!rulebooks) {
    // a result stays when its window holds no changed month (scoring reads nothing else)
    const stale = (key: string) => dataMonths.size > 0 && monthsRead(key, s.rulebooks).some((m) => dataMonths.has(m));
    for (const [k, v] of s.results) if (!stale(k)) next.results.set(k, v);
    for (const [k, v] of s.summaries) if (!stale(k)) next.summaries.set(k, v);
    const years = new Set([...dataMonths].flatMap((m) => [yearOf(m), yearOf(m) + 1]));
    for (const [y, v] of s.annual) if (!years.has(y)) next.annual.set(y, v);
  }
  return next;
}

/**
 * Scores from the stored data with the very engine the CLI uses. Every write of scored data
 * records its change in the database (packages/db, recordChange: the revision moves and the log
 * `data_changes` says what changed, in the write's transaction), so results are computed once per
 * revision and shared by every request until the next change — whichever process wrote it. The
 * parsed data are kept: a change is applied by reading again only the month it changed.
 */
export class ScoreService {
  private snapshot: Snapshot | null = null;
  /** the look at the log under way, and the one that follows it (requests arriving meanwhile share it) */
  private syncing: Promise<Snapshot> | null = null;
  private queued: Promise<Snapshot> | null = null;

  /**
   * The data as of now: a request waits for a look at the log that started after it arrived (so a
   * client sees its own write), shared with every request arriving meanwhile.
   */
  private current(db: Kysely<Database>): Promise<Snapshot> {
    if (!this.syncing) {
      const p = this.sync(db).finally(() => {
        if (this.syncing === p) this.syncing = null;
      });
      this.syncing = p;
      return p;
    }
    return (this.queued ??= this.syncing
      .catch(() => undefined)
      .then(() => {
        this.queued = null;
        return this.current(db);
      }));
  }

  /**
   * The service as one reading request sees it: the log is looked at once, at the request's first
   * question, and every figure the request answers comes from that one revision (a query never
   * writes, so it has no write of its own to wait for). A mutation keeps the live service.
   */
  pinned(): ScoreService {
    const view = Object.create(this) as ScoreService;
    let at: Promise<Snapshot> | null = null;
    (view as unknown as { current: ScoreService["current"] }).current = (db) => (at ??= this.current(db));
    return view;
  }

  private async sync(db: Kysely<Database>): Promise<Snapshot> {
    const s = this.snapshot;
    if (!s) return (this.snapshot = await loadAll(db));
    const log = await changesSince(db, s.seq);
    if (log.complete && log.changes.length === 0 && log.revision === s.revision) return s;
    const next = log.complete && log.changes.length > 0 ? await applyChanges(db, s, log) : await loadAll(db);
    // a slower look that started earlier never replaces a newer one
    if (this.snapshot === s) this.snapshot = next;
    return next;
  }

  /**
   * Reads the data and ranks the latest months with figures (a server does it before it listens,
   * so that its first readers do not all wait for the same first computation).
   */
  async warm(db: Kysely<Database>, months = 3): Promise<void> {
    const s = await this.current(db);
    for (const period of [...s.index.facts.keys()].sort().slice(-months)) await this.rankingSummary(db, period);
  }

  /** The active rulebook versions, oldest first (empty before any is activated). */
  async rulebooks(db: Kysely<Database>): Promise<Rulebook[]> {
    return (await this.current(db)).rulebooks;
  }

  /** The version in force at a period, or null when none is. */
  async versionAt(db: Kysely<Database>, period: Period): Promise<Rulebook | null> {
    return versionAt((await this.current(db)).rulebooks, period) ?? null;
  }

  /**
   * A month's state (collecting, review, published) as of this revision; reads only — a write
   * checks the state again inside its own transaction.
   */
  async periodState(db: Kysely<Database>, period: Period): Promise<PeriodState> {
    return (await this.current(db)).periods.get(period) ?? untouchedPeriod(period);
  }

  async units(db: Kysely<Database>): Promise<UnitSummary[]> {
    return (await this.current(db)).units;
  }

  /**
   * A period's ranking with every explanation; null when no rulebook version is in force then,
   * or when the month has no figures of its own (a year-to-date window would otherwise rank a
   * month that has not happened on the figures of earlier ones).
   */
  async ranking(db: Kysely<Database>, period: Period, window?: WindowKind): Promise<PeriodResult | null> {
    const s = await this.current(db);
    if (!rankable(s, period)) return null;
    const key = resultKey(period, window);
    let r = s.results.get(key);
    if (!r) {
      r = scorePeriod({ rulebooks: s.rulebooks, data: s.index, period, ...(window ? { window } : {}) });
      s.results.set(key, r);
    }
    return r;
  }

  /**
   * A period's ranking without the explanations (what a ranking table shows), with the
   * warnings of the notice; computed once per revision. Scored without explanations (the same
   * scores, ranks and applied adjustments, at a fraction of the cost) unless the explained
   * ranking is already at hand; null when `ranking` would be.
   */
  async rankingSummary(db: Kysely<Database>, period: Period, window?: WindowKind): Promise<RankingSummary | null> {
    const s = await this.current(db);
    const key = resultKey(period, window);
    const cached = s.summaries.get(key);
    if (cached) return cached;
    if (!rankable(s, period)) return null;
    // a ranking exists only under a version in force
    const rb = versionAt(s.rulebooks, period)!;
    const explained = s.results.get(key);
    // scored without explanations, the result is already what a table shows: nothing to take out
    const bare = explained ? undefined : scorePeriod({ rulebooks: s.rulebooks, data: s.index, period, ...(window ? { window } : {}), explain: false });
    const summary: RankingSummary = explained ? summarize(explained, rb) : { ...bare!, warnings: periodWarnings(bare!, rb) };
    s.summaries.set(key, summary);
    return summary;
  }

  /**
   * What a score of a published month is answered with (interfaces.md: "scores.* of a published
   * month answer from its frozen notice"): the latest snapshot's result and its summary, when the
   * window asked for is the snapshot's; null otherwise (then the score is computed live).
   */
  async frozenResult(db: Kysely<Database>, period: Period, window?: WindowKind): Promise<{ snapshot: NoticeSnapshot; summary: RankingSummary } | null> {
    const snapshot = await this.frozen(db, period);
    if (!snapshot || (window && window !== snapshot.result.window.kind)) return null;
    const s = await this.current(db);
    let summary = s.frozenSummaries.get(period);
    if (!summary) s.frozenSummaries.set(period, (summary = { ...summarize(snapshot.result, snapshot.rulebook), warnings: snapshot.warnings }));
    return { snapshot, summary };
  }

  async annual(db: Kysely<Database>, year: number): Promise<AnnualResult | null> {
    const s = await this.current(db);
    if (!s.rulebooks.some((r) => r.effectiveFrom <= `${year}-12`)) return null;
    let r = s.annual.get(year);
    if (!r) {
      // the year's monthly rankings, as the ranking pages already have them cached
      const monthly: PeriodResult[] = [];
      for (const period of periodsOfYear(year)) {
        const m = await this.ranking(db, period);
        if (m) monthly.push(m);
      }
      r = evaluateYear({ rulebooks: s.rulebooks, data: s.index, year, monthly });
      s.annual.set(year, r);
    }
    return r;
  }

  /**
   * The unpublished months with data (facts, adjustments or committee scores) that the window of a score of
   * `period` holds (the rulebook's window when none is given): what makes that score a draft.
   */
  async draftMonths(db: Kysely<Database>, period: Period, window?: WindowKind): Promise<PeriodState[]> {
    const s = await this.current(db);
    const kind = window ?? versionAt(s.rulebooks, period)?.window ?? "month";
    return windowMonths(period, kind)
      .filter((m) => s.index.facts.get(m)?.size || s.index.adjustments.get(m)?.length || s.index.manual.get(m)?.size)
      .map((m) => s.periods.get(m) ?? untouchedPeriod(m))
      .filter((st) => st.status !== "published");
  }

  /** Periods that have any facts, oldest first. */
  async periodsWithFacts(db: Kysely<Database>): Promise<Period[]> {
    return [...(await this.current(db)).index.facts.keys()].sort();
  }

  /** Every month's stored facts by unit, as of this revision: the history the outlier rule reads. */
  /** What the engine and the documents need, as of this revision. */
  async inputs(db: Kysely<Database>): Promise<{ rulebooks: Rulebook[]; index: DataIndex; units: UnitSummary[]; periods: ReadonlyMap<Period, PeriodState> }> {
    const s = await this.current(db);
    return { rulebooks: s.rulebooks, index: s.index, units: s.units, periods: s.periods };
  }

  /** The data revision these results belong to (a publication checks that it is still current). */
  async revisionOf(db: Kysely<Database>): Promise<string> {
    return (await this.current(db)).revision;
  }

  /**
   * The latest published snapshot of a month (its frozen notice), or null before the first
   * publication; read once per revision.
   */
  async frozen(db: Kysely<Database>, period: Period): Promise<NoticeSnapshot | null> {
    const s = await this.current(db);
    if ((s.periods.get(period)?.revision ?? 0) === 0) return null;
    let f = s.frozen.get(period);
    if (!f) {
      f = findNotice(db, "notice", period).then((n) => (n ? parseSnapshot(n) : null));
      s.frozen.set(period, f);
    }
    return f;
  }

  async factsByPeriod(db: Kysely<Database>): Promise<DataIndex["facts"]> {
    return (await this.current(db)).index.facts;
  }
}
