/**
 * Splits a whole `total` into whole parts proportional to `weights` by the largest-remainder
 * method, no part above its cap, so that the parts sum to `total` exactly.
 *
 * Parts whose proportional share exceeds their cap are fixed at the cap and the rest is shared
 * again among the others. Ties of remainders go to the earlier index. Where every remaining
 * weight is 0 the rest is shared equally.
 */
export function apportion(total: number, weights: readonly number[], caps?: readonly number[]): number[] {
  if (!Number.isInteger(total) || total < 0) throw new RangeError(`apportion: total must be a whole number ≥ 0, got ${total}`);
  const n = weights.length;
  const cap = (i: number) => caps?.[i] ?? Infinity;
  for (let i = 0; i < n; i++) {
    const w = weights[i]!;
    if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`apportion: weight ${i} must be finite and ≥ 0, got ${w}`);
    if (caps && (!Number.isInteger(cap(i)) || cap(i) < 0)) throw new RangeError(`apportion: cap ${i} must be a whole number ≥ 0`);
  }
  const capSum = caps ? caps.reduce((a, c) => a + c, 0) : Infinity;
  if (capSum < total) throw new RangeError(`apportion: caps sum to ${capSum}, below the total ${total}`);

  const out = new Array<number>(n).fill(0);
  let active = Array.from({ length: n }, (_, i) => i).filter((i) => cap(i) > 0);
  let remaining = total;
  let shares = new Map<number, number>();
  for (;;) {
    const w = active.map((i) => weights[i]!);
    const sumW = w.reduce((a, b) => a + b, 0);
    const weightOf = sumW > 0 ? (k: number) => w[k]! / sumW : () => 1 / active.length;
    shares = new Map(active.map((i, k) => [i, remaining * weightOf(k)]));
    const over = active.filter((i) => shares.get(i)! > cap(i));
    if (over.length === 0) break;
    for (const i of over) {
      out[i] = cap(i);
      remaining -= cap(i);
    }
    active = active.filter((i) => !over.includes(i));
  }
  let given = 0;
  for (const i of active) {
    out[i] = Math.min(cap(i), Math.floor(shares.get(i)! + 1e-9));
    given += out[i]!;
  }
  const order = active
    .map((i) => ({ i, r: shares.get(i)! - out[i]! }))
    .sort((a, b) => b.r - a.r || a.i - b.i);
  let left = remaining - given;
  for (let pass = 0; left > 0 && pass < 2; pass++) {
    for (const { i } of order) {
      if (left === 0) break;
      if (out[i]! < cap(i)) {
        out[i]! += 1;
        left -= 1;
      }
    }
  }
  if (left !== 0) throw new Error("apportion: could not place the whole total"); // unreachable when caps allow it
  return out;
}
