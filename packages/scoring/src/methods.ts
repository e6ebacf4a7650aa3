import type { Direction, Indicator, Method, Period } from "@scorecard/rules";
import { splitPeriod } from "@scorecard/rules";
import { clamp, sameValue } from "./numbers";

/** What a method needs to know about the cohort of one indicator (rulebook.md §5). */
export interface Cohort {
  /** number of units with a value */
  n: number;
  best: number;
  worst: number;
}

/** The parameters a method applied, after defaults and `byMonth` (for the explanation). */
export interface AppliedParams {
  floor?: number;
  step?: number;
  target?: number;
  zeroAt?: number;
  low?: number;
  high?: number;
  deduct?: number;
}

/** A method's verdict on one value: the unclamped score, and which branch of the rule applied. */
export interface MethodOutcome {
  raw: number;
  /** which branch applied, for the explanation */
  branch:
    | "formula" // the general arithmetic
    | "allEqual" // efficacy: best = worst
    | "reached" // target reached / inside band / ratioToBest at full
    | "zero" // target: at or beyond zeroAt
    | "below" // band: below low
    | "above"; // band: above high
  params: AppliedParams;
}

/** Target and zero line in force for the scored month (`byMonth` replaces them where present). */
export function targetFor(method: Extract<Method, { type: "target" }>, period: Period): { target: number; zeroAt: number } {
  const mm = String(splitPeriod(period).month).padStart(2, "0");
  const entry = method.byMonth?.[mm];
  return entry ? { target: entry.target, zeroAt: entry.zeroAt } : { target: method.target, zeroAt: method.zeroAt };
}

/** best and worst of the cohort's values under a direction. */
export function bestWorst(values: readonly number[], direction: Direction): { best: number; worst: number } {
  let max = -Infinity;
  let min = Infinity;
  for (const v of values) {
    if (v > max) max = v;
    if (v < min) min = v;
  }
  return direction === "higher" ? { best: max, worst: min } : { best: min, worst: max };
}

/**
 * Scores value x of an indicator with points p. `rank` is x's competition rank in the cohort,
 * needed by the rank method only. The result is not yet clamped or rounded.
 */
export function applyMethod(ind: Indicator, x: number, cohort: Cohort, rank: number, period: Period): MethodOutcome {
  const p = ind.points;
  const m = ind.method;
  const higher = ind.direction === "higher";
  switch (m.type) {
    case "efficacy": {
      const params = { floor: m.floor };
      if (sameValue(cohort.best, cohort.worst)) return { raw: p, branch: "allEqual", params };
      return { raw: p * (m.floor + ((1 - m.floor) * (x - cohort.worst)) / (cohort.best - cohort.worst)), branch: "formula", params };
    }
    case "rank":
      return { raw: p * Math.max(0, 1 - m.step * (rank - 1)), branch: "formula", params: { step: m.step } };
    case "target": {
      const { target: t, zeroAt: z } = targetFor(m, period);
      const params = { target: t, zeroAt: z };
      if (higher ? x >= t : x <= t) return { raw: p, branch: "reached", params };
      if (higher ? x <= z : x >= z) return { raw: 0, branch: "zero", params };
      return { raw: higher ? (p * (x - z)) / (t - z) : (p * (z - x)) / (z - t), branch: "formula", params };
    }
    case "ratioToBest": {
      if (higher) {
        if (cohort.best <= 0) return { raw: p, branch: "reached", params: {} };
        return { raw: (p * x) / cohort.best, branch: "formula", params: {} };
      }
      if (x <= 0) return { raw: p, branch: "reached", params: {} };
      return { raw: (p * Math.max(cohort.best, 0)) / x, branch: "formula", params: {} };
    }
    case "band": {
      const params: AppliedParams = { step: m.step, deduct: m.deduct };
      if (m.low !== undefined) params.low = m.low;
      if (m.high !== undefined) params.high = m.high;
      if (m.low !== undefined && x < m.low) return { raw: Math.max(0, p - (m.deduct * (m.low - x)) / m.step), branch: "below", params };
      if (m.high !== undefined && x > m.high) return { raw: Math.max(0, p - (m.deduct * (x - m.high)) / m.step), branch: "above", params };
      return { raw: p, branch: "reached", params };
    }
  }
}

/** Every method's score is clamped to [0, p]. */
export function clampScore(raw: number, points: number): number {
  return clamp(raw, 0, points);
}
