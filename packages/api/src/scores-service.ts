import type { Kysely } from "kysely";
import { activeRulebooks, allData, latestAuditId, listUnits, type Database, type UnitSummary } from "@scorecard/db";
import { type Period, type Rulebook, type WindowKind } from "@scorecard/rules";
import { evaluateYear, indexData, orderVersions, scorePeriod, versionAt, type AnnualResult, type DataIndex, type PeriodResult } from "@scorecard/scoring";

interface Snapshot {
  revision: number;
  rulebooks: Rulebook[];
  index: DataIndex;
  units: UnitSummary[];
  results: Map<string, PeriodResult>;
  annual: Map<number, AnnualResult>;
}

/**
 * Scores from the stored data with the very engine the CLI uses. Every change writes an audit
 * entry, so the latest audit id names the data's revision: results are computed once per
 * revision and shared by every request until the next change.
 */
export class ScoreService {
  private snapshot: Snapshot | null = null;
  private loading: Promise<Snapshot> | null = null;

  private async current(db: Kysely<Database>): Promise<Snapshot> {
    const revision = await latestAuditId(db);
    if (this.snapshot?.revision === revision) return this.snapshot;
    if (this.loading) {
      const s = await this.loading;
      if (s.revision === revision) return s;
    }
    this.loading = (async () => {
      const [rulebooks, data, units] = await Promise.all([activeRulebooks(db), allData(db), listUnits(db)]);
      const s: Snapshot = { revision, rulebooks: rulebooks.length ? orderVersions(rulebooks) : [], index: indexData(data), units, results: new Map(), annual: new Map() };
      this.snapshot = s;
      return s;
    })();
    try {
      return await this.loading;
    } finally {
      this.loading = null;
    }
  }

  /** The active rulebook versions, oldest first (empty before any is activated). */
  async rulebooks(db: Kysely<Database>): Promise<Rulebook[]> {
    return (await this.current(db)).rulebooks;
  }

  /** The version in force at a period, or null when none is. */
  async versionAt(db: Kysely<Database>, period: Period): Promise<Rulebook | null> {
    const rbs = (await this.current(db)).rulebooks;
    return rbs.some((r) => r.effectiveFrom <= period) ? versionAt(rbs, period) : null;
  }

  async units(db: Kysely<Database>): Promise<UnitSummary[]> {
    return (await this.current(db)).units;
  }

  /** A period's ranking with every explanation; null when no rulebook version is in force then. */
  async ranking(db: Kysely<Database>, period: Period, window?: WindowKind): Promise<PeriodResult | null> {
    const s = await this.current(db);
    if (!s.rulebooks.some((r) => r.effectiveFrom <= period)) return null;
    const key = `${period}|${window ?? ""}`;
    let r = s.results.get(key);
    if (!r) {
      r = scorePeriod({ rulebooks: s.rulebooks, data: s.index, period, ...(window ? { window } : {}) });
      s.results.set(key, r);
    }
    return r;
  }

  async annual(db: Kysely<Database>, year: number): Promise<AnnualResult | null> {
    const s = await this.current(db);
    if (!s.rulebooks.some((r) => r.effectiveFrom <= `${year}-12`)) return null;
    let r = s.annual.get(year);
    if (!r) {
      r = evaluateYear({ rulebooks: s.rulebooks, data: s.index, year });
      s.annual.set(year, r);
    }
    return r;
  }

  /** Periods that have any facts, oldest first. */
  async periodsWithFacts(db: Kysely<Database>): Promise<Period[]> {
    return [...(await this.current(db)).index.facts.keys()].sort();
  }
}
