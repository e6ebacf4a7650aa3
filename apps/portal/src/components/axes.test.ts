import { describe, expect, it } from "vitest";
import { rankAxis, totalAxis } from "./axes";

describe("totalAxis", () => {
  it("keeps a 0.84-point dip small: at least 10 points tall, within 0 … the full score", () => {
    expect(totalAxis([95.85, 95.01, 95.58], 100)).toEqual({ min: 90, max: 100 });
  });

  it("centres a narrow range away from the top", () => {
    expect(totalAxis([80.2, 81.1], 100)).toEqual({ min: 76, max: 86 });
  });

  it("spans the data when it is wider than 10 points", () => {
    expect(totalAxis([62.4, 88.9, null], 100)).toEqual({ min: 62, max: 89 });
  });

  it("stays at or above 0 near the bottom", () => {
    expect(totalAxis([1.5, 2], 100)).toEqual({ min: 0, max: 10 });
  });

  it("reaches past the full score only when a bonus carries a total past it", () => {
    expect(totalAxis([100.4, 99.2], 100)).toEqual({ min: 91, max: 101 });
  });

  it("shows 0 … the full score when there are no totals", () => {
    expect(totalAxis([null, undefined], 100)).toEqual({ min: 0, max: 100 });
  });
});

describe("rankAxis", () => {
  it("runs from the first place at the top to the last, one tick per place", () => {
    expect(rankAxis(8)).toMatchObject({ reverse: true, min: 1, max: 8, ticks: { stepSize: 1, precision: 0 } });
    expect(rankAxis(0).max).toBe(1);
  });
});
