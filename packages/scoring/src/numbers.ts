/**
 * Rounding and comparison exactly as rulebook.md §6 says.
 */

/** Round to 2 decimals, half away from zero; the 1e-9 absorbs binary error (3.005 → 3.01). */
export function round2(x: number): number {
  const r = (Math.sign(x) * Math.floor(Math.abs(x) * 100 + 0.5 + 1e-9)) / 100;
  return r === 0 ? 0 : r;
}

/** Drops binary noise from a sum of decimal points (3 × 0.2 = 0.6, not 0.6000000000000001); not a rounding rule. */
export function clean(x: number): number {
  const r = Math.round(x * 1e9) / 1e9;
  return r === 0 ? 0 : r;
}

/** A rounded score as whole hundredths, so that sums and comparisons are exact. */
export function cents(x: number): number {
  return Math.round(x * 100);
}

/** Sum of 2-decimal numbers, exact in hundredths. */
export function sum2(xs: Iterable<number>): number {
  let c = 0;
  for (const x of xs) c += cents(x);
  return c / 100;
}

/**
 * Equal indicator values share a rank. Values are computed from aggregated figures, so two
 * values meant to be equal can differ in the last binary digit (a sum taken in another order);
 * they are compared with a relative tolerance of 1e-12.
 */
export function sameValue(a: number, b: number): boolean {
  if (a === b) return true;
  return Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
}

export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/**
 * Competition ranking (1, 2, 2, 4) of items already sorted best first; `same` tells whether
 * two neighbours tie. Returns the ranks in the same order.
 */
export function competitionRanks<T>(sorted: readonly T[], same: (a: T, b: T) => boolean): number[] {
  const ranks: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    const cur = sorted[i] as T;
    ranks.push(i > 0 && prev !== undefined && same(prev, cur) ? (ranks[i - 1] as number) : i + 1);
  }
  return ranks;
}

/** 达标 (product.md, under an internal ranking): an indicator's rounded score equals its points. */
export function attained(score: number, points: number): boolean {
  return cents(score) === cents(points);
}
