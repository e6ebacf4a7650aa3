import { indicatorsOf, type Rulebook } from "@scorecard/rules";
import type { PeriodResult } from "./score";

/** A warning a notice shows (product.md): a red or yellow indicator, last place, or a veto. */
export type Warning =
  | { kind: "indicator"; unit: string; indicator: string; name: string; level: "red" | "yellow"; value: number }
  | { kind: "last"; unit: string; rank: number }
  | { kind: "veto"; unit: string; items: string[] };

/**
 * The warnings of a ranking, in rank order: vetoes and last places first, then indicators (red
 * before yellow). Last place is taken within each group (rulebook.md §9) of more than one unit.
 */
export function periodWarnings(result: PeriodResult, rb: Rulebook): Warning[] {
  const out: Warning[] = [];
  const indicators = indicatorsOf(rb);
  const maxRank = new Map<string, number>();
  const size = new Map<string, number>();
  for (const u of result.units) {
    maxRank.set(u.group, Math.max(maxRank.get(u.group) ?? 0, u.rank));
    size.set(u.group, (size.get(u.group) ?? 0) + 1);
  }
  for (const u of result.units)
    if (u.veto) out.push({ kind: "veto", unit: u.unit, items: [...new Set(u.adjustments.filter((a) => a.kind === "veto").map((a) => a.name))] });
  for (const u of result.units) if ((size.get(u.group) ?? 0) > 1 && u.rank === maxRank.get(u.group)) out.push({ kind: "last", unit: u.unit, rank: u.rank });
  for (const level of ["red", "yellow"] as const)
    for (const u of result.units)
      for (const ind of indicators) {
        const r = u.indicators[ind.key];
        if (r?.warn === level && r.value !== null) out.push({ kind: "indicator", unit: u.unit, indicator: ind.key, name: ind.name, level, value: r.value });
      }
  return out;
}
