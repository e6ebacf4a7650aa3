import type { Kysely } from "kysely";
import type { NoticeSnapshot } from "@scorecard/documents";
import { parseSnapshot } from "./cycle";
import { activeRulebooks, allData, allManualRows, dataRevision, findNotice, listPeriods, listUnits, untouchedPeriod, type Database, type PeriodState, type UnitSummary } from "@scorecard/db";
import { findVersionAt, periodsOfYear, windowMonths, type Period, type Rulebook, type WindowKind } from "@scorecard/rules";
import {
  evaluateYear,
  indexData,
  orderVersions,
  periodWarnings,
  scorePeriod,
  versionAt,
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

/**
 * Scores from the stored data with the very engine the CLI uses. Every write replaces the data
 * revision inside its transaction (packages/db, appendAudit), so results are computed once per
 * revision and shared by every request until the next change — whichever process wrote it.
 */
export class ScoreService {
  private snapshot: Snapshot | null = null;
  private loading: { revision: string; promise: Promise<Snapshot> } | null = null;

  private revisionQuery: Promise<string> | null = null;

  /** The data's revision; requests arriving together share one query. */
  private revision(db: Kysely<Database>): Promise<string> {
    return (this.revisionQuery ??= dataRevision(db).finally(() => (this.revisionQuery = null)));
  }

  private async current(db: Kysely<Database>): Promise<Snapshot> {
    const revision = await this.revision(db);
    if (this.snapshot?.revision === revision) return this.snapshot;
    if (this.loading?.revision === revision) return this.loading.promise;
    const promise = (async () => {
      const [rulebooks, data, manual, units, periods] = await Promise.all([activeRulebooks(db), allData(db), allManualRows(db), listUnits(db), listPeriods(db)]);
      const s: Snapshot = {
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
      this.snapshot = s;
      return s;
    })();
    this.loading = { revision, promise };
    try {
      return await promise;
    } finally {
      if (this.loading?.promise === promise) this.loading = null;
    }
  }

  /** The active rulebook versions, oldest first (empty before any is activated). */
  async rulebooks(db: Kysely<Database>): Promise<Rulebook[]> {
    return (await this.current(db)).rulebooks;
  }

  /** The version in force at a period, or null when none is. */
  async versionAt(db: Kysely<Database>, period: Period): Promise<Rulebook | null> {
    return findVersionAt((await this.current(db)).rulebooks, period) ?? null;
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
    if (!s.rulebooks.some((r) => r.effectiveFrom <= period) || !s.index.facts.get(period)?.size) return null;
    const key = `${period}|${window ?? ""}`;
    let r = s.results.get(key);
    if (!r) {
      r = scorePeriod({ rulebooks: s.rulebooks, data: s.index, period, ...(window ? { window } : {}) });
      s.results.set(key, r);
    }
    return r;
  }

  /**
   * A period's ranking without the explanations (what a ranking table shows), with the
   * warnings of the notice; computed once per revision.
   */
  async rankingSummary(db: Kysely<Database>, period: Period, window?: WindowKind): Promise<RankingSummary | null> {
    const s = await this.current(db);
    const key = `${period}|${window ?? ""}`;
    const cached = s.summaries.get(key);
    if (cached) return cached;
    const full = await this.ranking(db, period, window);
    if (!full) return null;
    const summary = summarize(full, versionAt(s.rulebooks, period));
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
    const kind = window ?? findVersionAt(s.rulebooks, period)?.window ?? "month";
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
