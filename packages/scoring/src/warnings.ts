import { indicatorsOf, type Rulebook } from "@scorecard/rules";
import type { PeriodResult } from "./score";

/** A warning a notice shows (product.md): a red or yellow indicator, last place, or a veto. */
export type Warning =
  | { kind: "indicator"; unit: string; indicator: string; name: string; level: "red" | "yellow"; value: number }
  | { kind: "last"; unit: string; rank: number }
  | { kind: "veto"; unit: string; items: string[] };

/** The warnings of a ranking, in rank order: vetoes and last places first, then indicators (red before yellow). */
export function periodWarnings(result: PeriodResult, rb: Rulebook): Warning[] {
  const out: Warning[] = [];
  const indicators = indicatorsOf(rb);
  const maxRank = result.units.reduce((m, u) => Math.max(m, u.rank), 0);
  for (const u of result.units)
    if (u.veto) out.push({ kind: "veto", unit: u.unit, items: [...new Set(u.adjustments.filter((a) => a.kind === "veto").map((a) => a.name))] });
  if (result.units.length > 1) for (const u of result.units) if (u.rank === maxRank) out.push({ kind: "last", unit: u.unit, rank: u.rank });
  for (const level of ["red", "yellow"] as const)
    for (const u of result.units)
      for (const ind of indicators) {
        const r = u.indicators[ind.key];
        if (r?.warn === level && r.value !== null) out.push({ kind: "indicator", unit: u.unit, indicator: ind.key, name: ind.name, level, value: r.value });
      }
  return out;
}
