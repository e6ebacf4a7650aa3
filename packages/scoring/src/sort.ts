/**
 * Ordering a cohort's units by value, best first (a stable merge sort over typed arrays), in
 * scratch memory reused indicator after indicator.
 */
import type { Cohort } from "./methods";

/** Scratch for ordering the units of a group: two sets of units and keys, as long as the cohort. */
export interface SortScratch {
  units: Int32Array;
  keys: Float64Array;
  units2: Int32Array;
  keys2: Float64Array;
}

export function sortScratch(n: number): SortScratch {
  return { units: new Int32Array(n), keys: new Float64Array(n), units2: new Int32Array(n), keys2: new Float64Array(n) };
}

/**
 * The units of `group` (ascending) that have a value, best first; equal values in the order of
 * `group`: the order of a stable sort by value, made by a merge sort of the values themselves
 * (several times faster than sorting the units with a comparison function). The result lies in
 * the scratch, valid until its next use.
 */
export function bestFirst(group: readonly number[], values: Float64Array, higher: boolean, scratch: SortScratch): Int32Array {
  const unit = scratch.units;
  const key = scratch.keys;
  let m = 0;
  // best first is ascending keys: a higher-is-better value is sorted by its negative
  for (const i of group)
    if (values[i] === values[i]) {
      unit[m] = i;
      key[m++] = higher ? -values[i]! : values[i]!;
    }
  return stableSortBy(m, scratch);
}

/**
 * The first `m` units of the scratch ordered by ascending keys (unit k has key k), equal keys
 * (0 and −0 among them) in their given order. A bottom-up merge sort: runs of 16 by insertion,
 * then merged pairwise.
 */
function stableSortBy(m: number, scratch: SortScratch): Int32Array {
  let a: Int32Array = scratch.units;
  let ka: Float64Array = scratch.keys;
  let b: Int32Array = scratch.units2;
  let kb: Float64Array = scratch.keys2;
  const RUN = 16;
  for (let lo = 0; lo < m; lo += RUN) {
    const hi = Math.min(lo + RUN, m);
    for (let i = lo + 1; i < hi; i++) {
      const it = a[i]!;
      const kk = ka[i]!;
      let j = i - 1;
      while (j >= lo && kk < ka[j]!) {
        a[j + 1] = a[j]!;
        ka[j + 1] = ka[j]!;
        j--;
      }
      a[j + 1] = it;
      ka[j + 1] = kk;
    }
  }
  for (let width = RUN; width < m; width *= 2) {
    for (let lo = 0; lo < m; lo += 2 * width) {
      const mid = Math.min(lo + width, m);
      const hi = Math.min(lo + 2 * width, m);
      let i = lo;
      let j = mid;
      let o = lo;
      // the right run's item goes first only when strictly smaller: equal keys keep their order
      while (i < mid && j < hi) {
        if (ka[j]! < ka[i]!) {
          b[o] = a[j]!;
          kb[o++] = ka[j++]!;
        } else {
          b[o] = a[i]!;
          kb[o++] = ka[i++]!;
        }
      }
      while (i < mid) {
        b[o] = a[i]!;
        kb[o++] = ka[i++]!;
      }
      while (j < hi) {
        b[o] = a[j]!;
        kb[o++] = ka[j++]!;
      }
    }
    [a, b] = [b, a];
    [ka, kb] = [kb, ka];
  }
  return a.subarray(0, m);
}

/** The units of `group` that have a value, in the order of `group` (into `out`, as long as the cohort). */
export function withValues(group: readonly number[], values: Float64Array, out: Int32Array): Int32Array {
  let k = 0;
  for (const i of group) if (values[i] === values[i]) out[k++] = i;
  return out.subarray(0, k);
}

/**
 * The cohort of units with a value, as sorting them best first would give it: the best value
 * met first and the worst met last (equal values, 0 and −0 among them, in the units' order).
 */
export function extremes(units: Int32Array, values: Float64Array, higher: boolean): Cohort {
  let best = values[units[0]!]!;
  let worst = best;
  for (let k = 1; k < units.length; k++) {
    const x = values[units[k]!]!;
    if (higher ? x > best : x < best) best = x;
    if (higher ? x <= worst : x >= worst) worst = x;
  }
  return { n: units.length, best, worst };
}
