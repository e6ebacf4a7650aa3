import type { Indicator, Method, Period } from "@scorecard/rules";
import { monthKey, monthOf } from "@scorecard/rules";
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
  /** `target`: the month (1–12) whose `byMonth` entry replaced `target` and `zeroAt` */
  byMonth?: number;
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
}

/** Target and zero line in force for the scored month (`byMonth` replaces them where present). */
export function targetFor(method: Extract<Method, { type: "target" }>, period: Period): { target: number; zeroAt: number } {
  const entry = method.byMonth?.[monthKey(period)];
  return entry ? { target: entry.target, zeroAt: entry.zeroAt } : { target: method.target, zeroAt: method.zeroAt };
}

/** The method's parameters for a scored period, defaults and `byMonth` applied; the same for every unit. */
export function methodParams(ind: Indicator, period: Period): AppliedParams {
  const m = ind.method;
  switch (m.type) {
    case "efficacy":
      return { floor: m.floor };
    case "rank":
      return { step: m.step };
    case "target": {
      const params: AppliedParams = targetFor(m, period);
      if (m.byMonth?.[monthKey(period)]) params.byMonth = monthOf(period);
      return params;
    }
    case "ratioToBest":
    case "manual":
      return {};
    case "band": {
      const params: AppliedParams = { step: m.step, deduct: m.deduct };
      if (m.low !== undefined) params.low = m.low;
      if (m.high !== undefined) params.high = m.high;
      return params;
    }
  }
}

/**
 * Scores value x of an indicator with points p (rulebook.md §5). `rank` is x's competition rank
 * in the cohort, needed by the rank method only. The result is not yet clamped or rounded.
 */
export function applyMethod(ind: Indicator, prm: AppliedParams, x: number, cohort: Cohort, rank: number): MethodOutcome {
  const p = ind.points;
  const higher = ind.direction === "higher";
  switch (ind.method.type) {
    case "efficacy": {
      const f = prm.floor!;
      if (sameValue(cohort.best, cohort.worst)) return { raw: p, branch: "allEqual" };
      return { raw: p * (f + ((1 - f) * (x - cohort.worst)) / (cohort.best - cohort.worst)), branch: "formula" };
    }
    case "rank":
      return { raw: p * Math.max(0, 1 - prm.step! * (rank - 1)), branch: "formula" };
    case "target": {
      const t = prm.target!;
      const z = prm.zeroAt!;
      if (higher ? x >= t : x <= t) return { raw: p, branch: "reached" };
      if (higher ? x <= z : x >= z) return { raw: 0, branch: "zero" };
      return { raw: higher ? (p * (x - z)) / (t - z) : (p * (z - x)) / (z - t), branch: "formula" };
    }
    case "ratioToBest":
      if (higher) return cohort.best <= 0 ? { raw: p, branch: "reached" } : { raw: (p * x) / cohort.best, branch: "formula" };
      return x <= 0 ? { raw: p, branch: "reached" } : { raw: (p * Math.max(cohort.best, 0)) / x, branch: "formula" };
    case "band": {
      const { low, high, step, deduct } = prm as Required<Pick<AppliedParams, "step" | "deduct">> & AppliedParams;
      // max(0, …) of §5 is left to the clamp to [0, p], so that `raw` is the arithmetic as the explanation shows it
      if (low !== undefined && x < low) return { raw: p - (deduct * (low - x)) / step, branch: "below" };
      if (high !== undefined && x > high) return { raw: p - (deduct * (x - high)) / step, branch: "above" };
      return { raw: p, branch: "reached" };
    }
    case "manual":
      // a manual indicator's value is its committee score (rulebook.md §9)
      return { raw: x, branch: "formula" };
  }
}

/** Every method's score is clamped to [0, p]. */
export function clampScore(raw: number, points: number): number {
  return clamp(raw, 0, points);
}

/**
 * A method's verdict on one value with the points left open, for sensitivity (which rescales the
 * points of every indicator but nothing else): `shapeRaw(methodShape(ind, prm, x, cohort, rank), p)`
 * is exactly (bit for bit) `applyMethod({ ...ind, points: p }, prm, x, cohort, rank).raw` for every
 * p > 0, each kind keeping the order of `applyMethod`'s arithmetic. A band's deduction k·distance/s
 * and a committee's score do not scale with the points; the clamp to [0, p] is left to `clampScore`.
 */
export type MethodShape =
  /** p · fraction (efficacy, rank; p itself as fraction 1 wherever the method gives full points) */
  | { kind: "share"; fraction: number }
  /** (p · num) / den (target between its lines, ratioToBest) */
  | { kind: "ratio"; num: number; den: number }
  /** p − deduction (band outside its range) */
  | { kind: "deduct"; deduction: number }
  /** a score that does not depend on p (a manual score; target at or beyond its zero line) */
  | { kind: "fixed"; raw: number };

/** The point-free shape of `applyMethod` on value x (same branches, same arithmetic). */
export function methodShape(ind: Indicator, prm: AppliedParams, x: number, cohort: Cohort, rank: number): MethodShape {
  const higher = ind.direction === "higher";
  switch (ind.method.type) {
    case "efficacy": {
      const f = prm.floor!;
      if (sameValue(cohort.best, cohort.worst)) return { kind: "share", fraction: 1 };
      return { kind: "share", fraction: f + ((1 - f) * (x - cohort.worst)) / (cohort.best - cohort.worst) };
    }
    case "rank":
      return { kind: "share", fraction: Math.max(0, 1 - prm.step! * (rank - 1)) };
    case "target": {
      const t = prm.target!;
      const z = prm.zeroAt!;
      if (higher ? x >= t : x <= t) return { kind: "share", fraction: 1 };
      if (higher ? x <= z : x >= z) return { kind: "fixed", raw: 0 };
      return higher ? { kind: "ratio", num: x - z, den: t - z } : { kind: "ratio", num: z - x, den: z - t };
    }
    case "ratioToBest":
      if (higher) return cohort.best <= 0 ? { kind: "share", fraction: 1 } : { kind: "ratio", num: x, den: cohort.best };
      return x <= 0 ? { kind: "share", fraction: 1 } : { kind: "ratio", num: Math.max(cohort.best, 0), den: x };
    case "band": {
      const { low, high, step, deduct } = prm as Required<Pick<AppliedParams, "step" | "deduct">> & AppliedParams;
      if (low !== undefined && x < low) return { kind: "deduct", deduction: (deduct * (low - x)) / step };
      if (high !== undefined && x > high) return { kind: "deduct", deduction: (deduct * (x - high)) / step };
      return { kind: "share", fraction: 1 };
    }
    case "manual":
      return { kind: "fixed", raw: x };
  }
}

/** The unclamped score of a shape under points p (see `methodShape`). */
export function shapeRaw(s: MethodShape, p: number): number {
  switch (s.kind) {
    case "share":
      return p * s.fraction;
    case "ratio":
      return (p * s.num) / s.den;
    case "deduct":
      return p - s.deduction;
    case "fixed":
      return s.raw;
  }
}
