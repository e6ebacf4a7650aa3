/**
 * The engine's seeded generator (interfaces.md `sensitivity`): mulberry32, a 32-bit state
 * generator written with 32-bit integer arithmetic only (`Math.imul`, `>>>`), so that a seed gives
 * the same sequence in Node and in every browser, on every machine. No Math.random, no clock.
 *
 * The seed is taken as a 32-bit unsigned integer (`seed >>> 0`); callers pass whole numbers.
 * Each call returns the next number, uniform in [0, 1), a multiple of 2⁻³².
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
