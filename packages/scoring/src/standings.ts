/**
 * Standings: what the annual evaluation keeps of a ranking (each unit's group, rank, total and
 * sections), computed without building any indicator's result.
 */
import type { Period, Rulebook, WindowKind } from "@scorecard/rules";
import type { DataIndex } from "./dataset";
import { rankScored } from "./ranking";
import type { Standing, Standings } from "./score-types";
import { scoreUnits } from "./units";

/** The standings of a ranking: what the annual evaluation keeps of it, so that the ranking itself can go. */
export function standingsOf(result: Standings): Standings {
  return {
    rulebook: result.rulebook,
    period: result.period,
    window: result.window,
    units: result.units.map((u) => ({ unit: u.unit, group: u.group, rank: u.rank, total: u.total, sections: u.sections })),
  };
}

/**
 * A period's standings under a given version, exactly those of `scoreWith`, without building
 * any indicator's result: what the annual evaluation and the rankings it reads need.
 */
export function standingsWith(rb: Rulebook, index: DataIndex, period: Period, kind: WindowKind): Standings {
  const s = scoreUnits(rb, index, period, kind, "totals");
  const S = rb.sections.length;
  const { rank, order } = rankScored(s, rb);
  const units: Standing[] = order.map((i) => {
    const sections: Record<string, number> = {};
    rb.sections.forEach((sec, si) => (sections[sec.key] = s.sectionCents[i * S + si]! / 100));
    return { unit: s.units[i]!, group: s.unitGroup[i]!, rank: rank[i]!, total: s.total[i]!, sections };
  });
  return { rulebook: { id: rb.id, version: rb.version }, period, window: { kind, from: s.months[0]!, to: s.months[s.months.length - 1]! }, units };
}

/**
 * Each unit's group and rank in a period under a given version, exactly those of `scoreWith`,
 * held in arrays (no object per unit): what the annual evaluation keeps of a month's ranking
 * when it takes its totals from the year window. Units in key order.
 */
export function ranksWith(rb: Rulebook, index: DataIndex, period: Period, kind: WindowKind): { units: readonly string[]; group: readonly string[]; rank: Int32Array } {
  const s = scoreUnits(rb, index, period, kind, "totals");
  return { units: s.units, group: s.unitGroup, rank: rankScored(s, rb).rank };
}
