/**
 * Scoring a period (rulebook.md §3–§6): `scorePeriod` and `scoreWith`, with the engine's parts
 * it is made of re-exported — the results' types (score-types.ts), the ranking (ranking.ts), the
 * standings (standings.ts), a period scored unit by unit (units.ts), one indicator scored
 * (indicator-scoring.ts) and the sort it orders cohorts with (sort.ts).
 */
import type { Period, Rulebook, WindowKind } from "@scorecard/rules";
import { indexData, type DataIndex } from "./dataset";
import { inForce } from "./in-force";
import { rankScored } from "./ranking";
import type { IndicatorResult, PeriodResult, ScoreOptions, UnitResult } from "./score-types";
import { indicatorsApplying, scoreUnits } from "./units";
import { orderVersions } from "./versions";

export * from "./score-types";
export { rankByTotals } from "./ranking";
export { ranksWith, standingsOf, standingsWith } from "./standings";
export { adjustmentSums, indicatorsApplying, unitGroups } from "./units";

/**
 * Scores one period: every unit with facts in the window, every indicator, section totals,
 * bonus, penalty, veto, total and rank, exactly as rulebook.md §3–§6 say.
 */
export function scorePeriod(opts: ScoreOptions): PeriodResult {
  const versions = orderVersions(opts.rulebooks);
  const rb = inForce(versions, opts.period);
  return scoreWith(rb, indexData(opts.data), opts.period, opts.window ?? rb.window, opts.explain ?? true);
}

/** Scores a period under a given version (already chosen). */
export function scoreWith(rb: Rulebook, index: DataIndex, period: Period, kind: WindowKind, explain: boolean): PeriodResult {
  const s = scoreUnits(rb, index, period, kind, explain ? "explain" : "results");
  const { units, unitGroup, groups, members } = s;
  const S = rb.sections.length;

  // every unit's record copies its group's template, so all of a group share one fast shape
  const templates = new Map(
    groups.map((g) => [
      g.key,
      Object.fromEntries(indicatorsApplying(rb, g.key).map((k) => [k, null])) as unknown as Record<string, IndicatorResult>,
    ]),
  );
  const indicatorKeys = s.columns.map((c) => c.key);
  const recordOf = (i: number) => {
    const rec = { ...templates.get(unitGroup[i]!)! };
    for (let j = 0; j < indicatorKeys.length; j++) {
      const r = s.columns[j]!.results![i];
      if (r) rec[indicatorKeys[j]!] = r;
    }
    return rec;
  };
  const unscored: UnitResult[] = units.map((u, i) => {
    const adj = s.applied[i] ?? [];
    const { bonusUncapped, bonus, penaltyUncapped, penalty, itemCaps } = s.sums(i);
    const sections: Record<string, number> = {};
    rb.sections.forEach((sec, si) => (sections[sec.key] = s.sectionCents[i * S + si]! / 100));
    return {
      unit: u,
      group: unitGroup[i]!,
      rank: 0, // set below
      total: s.total[i]!,
      sections,
      bonus,
      bonusUncapped,
      penalty,
      penaltyUncapped,
      itemCaps,
      veto: adj.some((a) => a.kind === "veto"),
      indicators: recordOf(i),
      // what a ranking table shows, explained or not: the adjustments counted
      adjustments: adj,
    };
  });

  const { rank, order } = rankScored(s, rb);
  const ranked = order.map((i) => {
    const u = unscored[i]!;
    u.rank = rank[i]!;
    return u;
  });
  return {
    rulebook: { id: rb.id, version: rb.version },
    period,
    window: { kind, from: s.months[0]!, to: s.months[s.months.length - 1]! },
    ranking: rb.ranking,
    groups: groups.filter((g) => members.get(g.key)!.length > 0),
    units: ranked,
    ignoredAdjustments: s.ignored,
  };
}
