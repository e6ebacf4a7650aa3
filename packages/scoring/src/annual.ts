import { makePeriod, type Grade, type Period, type Rulebook } from "@scorecard/rules";
import { indexData, type DataIndex, type DataSet } from "./dataset";
import { round2 } from "./numbers";
import { rankByTotals, scoreWith, type PeriodResult } from "./score";
import { orderVersions, versionAt } from "./versions";

export type TalkReason = "lastInYear" | "lastInMonths";

export interface AnnualUnit {
  unit: string;
  /** null for an incomplete unit (meanOfMonths with fewer than twelve scored months) */
  rank: number | null;
  total: number;
  sections: Record<string, number>;
  /** grade key, null when ungraded (incomplete, or no grade could take it) */
  grade: string | null;
  rewards: string[];
  talk: boolean;
  talkReasons: TalkReason[];
  veto: boolean;
  complete: boolean;
  /** months whose monthly ranking lists the unit */
  scoredMonths: number;
  /** how many of the year's monthly rankings it was last in */
  monthsLast: number;
  /** the unit's rank in each month's own ranking (null where not ranked that month) */
  monthlyRanks: Array<{ period: Period; rank: number | null }>;
}

export interface AnnualResult {
  rulebook: { id: string; version: string };
  year: number;
  basis: "ytd" | "meanOfMonths";
  /** ordered by rank, then unit key; units without a rank last */
  units: AnnualUnit[];
}

export interface EvaluateOptions {
  rulebooks: Rulebook | readonly Rulebook[];
  data: DataSet | DataIndex;
  year: number;
  /**
   * Monthly rankings the caller already has (`scorePeriod` of the same data, each month with its
   * own version and window): used instead of scoring those months again. One that does not match
   * the version and window in force is ignored and the month is scored afresh.
   */
  monthly?: readonly PeriodResult[];
}

/**
 * The year's monthly rankings, each exactly what `score` gives for that period (its own version
 * and that version's window). Months before any version is in force, or without facts, are absent.
 */
export function monthlyRankings(versions: readonly Rulebook[], index: DataIndex, year: number, known: readonly PeriodResult[] = []): PeriodResult[] {
  const out: PeriodResult[] = [];
  for (let m = 1; m <= 12; m++) {
    const period = makePeriod(year, m);
    if (!versions.some((v) => v.effectiveFrom <= period)) continue;
    const rb = versionAt(versions, period);
    const given = known.find((k) => k.period === period && k.window.kind === rb.window && k.rulebook.id === rb.id && k.rulebook.version === rb.version);
    const r = given ?? scoreWith(rb, index, period, rb.window, false);
    if (r.units.length) out.push(r);
  }
  return out;
}

/**
 * Grades ranked units under the quotas (rulebook.md §7): in rank order, a tied group takes the
 * first grade its total reaches whose remaining quota holds all of it; members with a veto are
 * graded as a second group after the others, never above `vetoCap`.
 */
export function assignGrades(
  ranked: ReadonlyArray<{ unit: string; rank: number; total: number; veto: boolean }>,
  grades: readonly Grade[],
  vetoCap: string | undefined,
): Map<string, string | null> {
  const n = ranked.length;
  const left = grades.map((g) => (g.maxShare === undefined ? Infinity : Math.floor(g.maxShare * n + 1e-9)));
  const capIndex = vetoCap === undefined ? 0 : Math.max(0, grades.findIndex((g) => g.key === vetoCap));
  const out = new Map<string, string | null>();
  const byRank = new Map<number, Array<(typeof ranked)[number]>>();
  for (const u of [...ranked].sort((a, b) => a.rank - b.rank)) {
    const g = byRank.get(u.rank);
    if (g) g.push(u);
    else byRank.set(u.rank, [u]);
  }
  for (const group of byRank.values()) {
    for (const sub of [group.filter((u) => !u.veto), group.filter((u) => u.veto)]) {
      if (!sub.length) continue;
      const total = sub[0]!.total;
      let chosen: number | null = null;
      for (let gi = sub[0]!.veto ? capIndex : 0; gi < grades.length; gi++) {
        const g = grades[gi]!;
        if (g.minScore !== undefined && total < g.minScore - 1e-9) continue; // the total must reach minScore
        if ((left[gi] as number) < sub.length) continue;
        chosen = gi;
        break;
      }
      if (chosen !== null) left[chosen] = (left[chosen] as number) - sub.length;
      for (const u of sub) out.set(u.unit, chosen === null ? null : grades[chosen]!.key);
    }
  }
  return out;
}

/** The annual evaluation (rulebook.md §7): ranks, grades, rewards, talks and vetoes of a year. */
export function evaluateYear(opts: EvaluateOptions): AnnualResult {
  const versions = orderVersions(opts.rulebooks);
  const index = indexData(opts.data);
  const year = opts.year;
  const dec = makePeriod(year, 12);
  const rb = versionAt(versions, dec);
  const monthly = monthlyRankings(versions, index, year, opts.monthly);

  // each unit's total and sections on the year's basis
  type Base = { unit: string; total: number; sections: Record<string, number>; complete: boolean };
  let bases: Base[];
  if (rb.annual.basis === "ytd") {
    const r = scoreWith(rb, index, dec, "year", false);
    bases = r.units.map((u) => ({ unit: u.unit, total: u.total, sections: u.sections, complete: true }));
  } else {
    const acc = new Map<string, { totals: number[]; sections: Map<string, number[]> }>();
    for (const month of monthly) {
      for (const u of month.units) {
        let a = acc.get(u.unit);
        if (!a) acc.set(u.unit, (a = { totals: [], sections: new Map() }));
        a.totals.push(u.total);
        for (const [k, v] of Object.entries(u.sections)) {
          const list = a.sections.get(k);
          if (list) list.push(v);
          else a.sections.set(k, [v]);
        }
      }
    }
    const mean = (xs: number[]) => round2(xs.reduce((s, x) => s + x, 0) / xs.length);
    bases = [...acc.entries()].map(([unit, a]) => ({
      unit,
      total: mean(a.totals),
      sections: Object.fromEntries(rb.sections.map((s) => [s.key, a.sections.has(s.key) ? mean(a.sections.get(s.key)!) : 0])),
      complete: a.totals.length === 12,
    }));
  }

  // vetoes of the year, by the veto items of the version in force at December
  const vetoItems = new Set(rb.adjustments.filter((a) => a.kind === "veto").map((a) => a.key));
  const vetoed = new Set<string>();
  for (let m = 1; m <= 12; m++)
    for (const row of index.adjustments.get(makePeriod(year, m)) ?? []) if (vetoItems.has(row.item)) vetoed.add(row.unit);

  const withVeto = bases.map((b) => ({ ...b, veto: vetoed.has(b.unit) }));
  const ranked = rankByTotals(withVeto.filter((b) => b.complete), rb.tieBreak).map(({ item, rank }) => ({ ...item, rank }));
  const rankOf = new Map(ranked.map((r) => [r.unit, r.rank]));
  const grades = assignGrades(ranked, rb.annual.grades, rb.annual.vetoCap);
  const lastRank = ranked.reduce((m, r) => Math.max(m, r.rank), 0);

  // monthly last places
  const monthRank = new Map<string, Map<Period, number>>();
  const monthsLast = new Map<string, number>();
  for (const month of monthly) {
    const maxRank = month.units.reduce((m, u) => Math.max(m, u.rank), 0);
    for (const u of month.units) {
      let mr = monthRank.get(u.unit);
      if (!mr) monthRank.set(u.unit, (mr = new Map()));
      mr.set(month.period, u.rank);
      if (u.rank === maxRank) monthsLast.set(u.unit, (monthsLast.get(u.unit) ?? 0) + 1);
    }
  }

  const talkRule = rb.annual.talk;
  const units: AnnualUnit[] = withVeto.map((b) => {
    const rank = rankOf.get(b.unit) ?? null;
    const ml = monthsLast.get(b.unit) ?? 0;
    const reasons: TalkReason[] = [];
    if (talkRule && rank !== null && rank === lastRank) reasons.push("lastInYear");
    if (talkRule && ml >= talkRule.monthsLast) reasons.push("lastInMonths");
    const mr = monthRank.get(b.unit);
    return {
      unit: b.unit,
      rank,
      total: b.total,
      sections: b.sections,
      grade: rank === null ? null : grades.get(b.unit) ?? null,
      rewards: rank === null || b.veto ? [] : rb.annual.rewards.filter((r) => rank <= r.topRanks).map((r) => r.key),
      talk: reasons.length > 0,
      talkReasons: reasons,
      veto: b.veto,
      complete: b.complete,
      scoredMonths: mr?.size ?? 0,
      monthsLast: ml,
      monthlyRanks: Array.from({ length: 12 }, (_, i) => {
        const period = makePeriod(year, i + 1);
        return { period, rank: mr?.get(period) ?? null };
      }),
    };
  });
  units.sort((a, b) => {
    if (a.rank === null || b.rank === null) {
      if (a.rank !== b.rank) return a.rank === null ? 1 : -1;
    } else if (a.rank !== b.rank) return a.rank - b.rank;
    return a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0;
  });
  return { rulebook: { id: rb.id, version: rb.version }, year, basis: rb.annual.basis, units };
}
