import type { Rulebook } from "@scorecard/rules";

/** A rulebook whose every perturbed indicator's points are multiplied by its factor (manual indicators keep theirs). */
export function perturbed(rb: Rulebook, factorOf: ReadonlyMap<string, number>): Rulebook {
  return {
    ...rb,
    sections: rb.sections.map((s) => ({
      ...s,
      indicators: s.indicators.map((i) => (i.method.type === "manual" || !factorOf.has(i.key) ? i : { ...i, points: i.points * factorOf.get(i.key)! })),
    })),
  };
}
