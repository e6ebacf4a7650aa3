import { describe, expect, it } from "vitest";
import { apportion } from "./apportion";
import { hash32, mulberry32 } from "./random";

describe("apportion (largest remainder)", () => {
  it("splits a whole total exactly, proportionally", () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(100, [0.5, 0.3, 0.2])).toEqual([50, 30, 20]);
    expect(apportion(7, [2, 0, 5])).toEqual([2, 0, 5]);
    expect(apportion(0, [1, 2])).toEqual([0, 0]);
  });

  it("gives the leftover units to the largest remainders, earlier index first on ties", () => {
    expect(apportion(5, [1, 1, 1, 1])).toEqual([2, 1, 1, 1]);
    expect(apportion(3, [0.2, 0.45, 0.35])).toEqual([1, 1, 1]);
  });

  it("respects caps and shares the excess among the others", () => {
    expect(apportion(10, [10, 1, 1], [2, 10, 10])).toEqual([2, 4, 4]);
    const parts = apportion(50, [5, 4, 3, 2, 1], [3, 30, 30, 30, 1]);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(50);
    expect(parts[0]).toBe(3);
    expect(parts[4]).toBe(1);
  });

  it("shares equally when every weight is zero", () => {
    expect(apportion(4, [0, 0], [3, 3])).toEqual([2, 2]);
  });

  it("always sums to the total and never exceeds a cap (random cases)", () => {
    const rng = mulberry32(7);
    for (let t = 0; t < 300; t++) {
      const n = 1 + Math.floor(rng.next() * 12);
      const weights = Array.from({ length: n }, () => (rng.next() < 0.2 ? 0 : rng.next() * 10));
      const caps = Array.from({ length: n }, () => Math.floor(rng.next() * 20));
      const total = Math.floor(rng.next() * (caps.reduce((a, b) => a + b, 0) + 1));
      const parts = apportion(total, weights, caps);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
      parts.forEach((p, i) => {
        expect(Number.isInteger(p) && p >= 0 && p <= caps[i]!).toBe(true);
      });
    }
  });

  it("refuses impossible requests", () => {
    expect(() => apportion(10, [1, 1], [3, 3])).toThrow(RangeError);
    expect(() => apportion(1.5, [1])).toThrow(RangeError);
    expect(() => apportion(3, [-1, 2])).toThrow(RangeError);
  });
});

describe("the seeded generator", () => {
  it("repeats its numbers for a seed, differs between seeds, stays in [0, 1)", () => {
    const a = mulberry32(181);
    const b = mulberry32(181);
    const xs = Array.from({ length: 1000 }, () => a.next());
    expect(Array.from({ length: 1000 }, () => b.next())).toEqual(xs);
    expect(mulberry32(182).next()).not.toBe(xs[0]);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
    expect(hash32("181:2022:enf_received")).toBe(hash32("181:2022:enf_received"));
  });
});
