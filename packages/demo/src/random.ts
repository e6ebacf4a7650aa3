import { seededRandom } from "@scorecard/scoring";

/** A fixed-seed pseudo-random generator: no Math.random, no clock, same numbers on every machine. */
export interface Rng {
  /** uniform in [0, 1) */
  next(): number;
  /** uniform in [lo, hi) */
  uniform(lo: number, hi: number): number;
  /** x·(1 + u), u uniform in [−spread, spread) */
  jitter(x: number, spread: number): number;
  /** ⌊x⌋ or ⌈x⌉, the latter with probability x − ⌊x⌋ (unbiased rounding of expected counts) */
  roundStochastic(x: number): number;
}

/** mulberry32 (the engine's `seededRandom`): a 32-bit state generator, small and well-mixed enough for demo data. */
export function mulberry32(seed: number): Rng {
  const next = seededRandom(seed);
  return {
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    jitter: (x, spread) => x * (1 + spread * (2 * next() - 1)),
    roundStochastic: (x) => {
      const f = Math.floor(x);
      return f + (next() < x - f ? 1 : 0);
    },
  };
}

/** FNV-1a hash of a string, to derive one independent stream per purpose from the seed. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The stream for one purpose: changing how one field is drawn leaves the others untouched. */
export function stream(seed: number, purpose: string): Rng {
  return mulberry32(hash32(`${seed}:${purpose}`));
}
