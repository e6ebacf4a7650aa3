/**
 * Ranks by total, then the tieBreak sections (rulebook.md §6.5, §9), compared in hundredths.
 */
import type { Rulebook } from "@scorecard/rules";
import { cents, competitionRanks } from "./numbers";
import type { ScoredUnits } from "./units";

/**
 * Competition ranks of the units by total, then the tieBreak sections (rulebook.md §6.5), compared
 * in hundredths; returns the units in rank order (then by key) with their ranks.
 */
export function rankByTotals<T extends { unit: string; total: number; sections: Record<string, number> }>(
  units: readonly T[],
  tieBreak: readonly string[],
): Array<{ item: T; rank: number }> {
  // each unit's keys in hundredths, unit after unit: the total, then each tieBreak section
  const K = 1 + tieBreak.length;
  const keys = new Float64Array(units.length * K);
  units.forEach((u, i) => {
    keys[i * K] = cents(u.total);
    for (let t = 0; t < tieBreak.length; t++) keys[i * K + 1 + t] = cents(u.sections[tieBreak[t]!] ?? 0);
  });
  const { order, ranks } = rankOrder(units.length, K, keys, (i) => units[i]!.unit);
  return order.map((i, k) => ({ item: units[i]!, rank: ranks[k]! }));
}

/**
 * Items 0…count−1 in rank order by their keys (`K` per item, item after item; greater first,
 * compared key by key), then by name; with their competition ranks (equal keys share a rank).
 */
function rankOrder(count: number, K: number, keys: Float64Array, name: (i: number) => string): { order: number[]; ranks: number[] } {
  const cmp = (a: number, b: number) => {
    for (let t = 0; t < K; t++) if (keys[a * K + t] !== keys[b * K + t]) return keys[b * K + t]! - keys[a * K + t]!;
    return 0;
  };
  const order = Array.from({ length: count }, (_, i) => i);
  order.sort((a, b) => {
    const c = cmp(a, b);
    if (c) return c;
    const x = name(a);
    const y = name(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  return { order, ranks: competitionRanks(order, (a, b) => cmp(a, b) === 0) };
}

/**
 * The ranks of a scored period (rulebook.md §6.5, §9): within each group, by total, then the
 * tieBreak sections, in hundredths, exactly as `rankByTotals` ranks the units' results. Returns
 * each unit's rank and the units in ranking order (group, then rank, then unit key).
 */
export function rankScored(s: ScoredUnits, rb: Rulebook): { rank: Int32Array; order: number[] } {
  const S = rb.sections.length;
  const K = 1 + rb.tieBreak.length;
  // a tieBreak key that names no section counts as 0, as in rankByTotals
  const at = rb.tieBreak.map((key) => rb.sections.findIndex((x) => x.key === key));
  const rank = new Int32Array(s.units.length);
  const order: number[] = [];
  for (const g of s.groups) {
    const members = s.members.get(g.key)!;
    const keys = new Float64Array(members.length * K);
    members.forEach((i, m) => {
      keys[m * K] = cents(s.total[i]!);
      for (let t = 0; t < at.length; t++) keys[m * K + 1 + t] = at[t]! < 0 ? 0 : cents(s.sectionCents[i * S + at[t]!]! / 100);
    });
    const r = rankOrder(members.length, K, keys, (m) => s.units[members[m]!]!);
    r.order.forEach((m, k) => {
      rank[members[m]!] = r.ranks[k]!;
      order.push(members[m]!);
    });
  }
  return { rank, order };
}
