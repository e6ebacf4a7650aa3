import { describe, expect, it } from "vitest";
import { adjustmentCapText } from "./caps";
import { scorePeriod } from "./score";
import { periodWarnings } from "./warnings";
import { facts, fieldIndicator, rulebook } from "./test/fixtures";

const adjustments = [
  { key: "B1", name: "表扬", kind: "bonus" as const, points: 2 },
  { key: "B2", name: "宣传", kind: "bonus" as const, points: 0.5, cap: 1 },
  { key: "P1", name: "有效投诉", kind: "penalty" as const, points: 1, cap: 1.5 },
  { key: "P2", name: "督办逾期", kind: "penalty" as const, points: 0.5 },
];

describe("the caps in words (adjustmentCapText, rulebook.md §9)", () => {
  const rb = rulebook([fieldIndicator({ type: "ratioToBest" })], { adjustments, bonusCap: 5, penaltyCap: 3 });
  const score = (rows: Array<[string, number]>) => {
    const r = scorePeriod({ rulebooks: rb, data: { facts: facts("2022-01", { u: 10 }), adjustments: rows.map(([item, count]) => ({ period: "2022-01", unit: "u", item, count })) }, period: "2022-01" });
    return r.units[0]!;
  };

  it("says nothing when no cap cut anything", () => {
    const u = score([["B1", 1], ["P1", 1], ["P2", 2]]);
    expect(u).toMatchObject({ bonus: 2, penalty: 2 });
    expect(adjustmentCapText(u, rb)).toBeNull();
  });

  it("names an item its own cap cut, with its sum and its cap", () => {
    const u = score([["P1", 2]]);
    expect(u.penalty).toBe(1.5);
    expect(adjustmentCapText(u, rb)).toBe("“有效投诉”扣分 2.00 分,超过该项上限 1.50 分,按 1.50 分计");
  });

  it("says the penalty cap after the items' own caps, on the sum they left", () => {
    // P1: 3 × 1 = 3, cut to 1.5; P2: 5 × 0.5 = 2.5; 4 > penaltyCap 3
    const u = score([["P1", 3], ["P2", 5]]);
    expect(u).toMatchObject({ penalty: 3, penaltyUncapped: 5.5 });
    expect(adjustmentCapText(u, rb)).toBe("“有效投诉”扣分 3.00 分,超过该项上限 1.50 分,按 1.50 分计;扣分合计 4.00 分,超过扣分上限 3.00 分,按 3.00 分计");
  });

  it("says the bonus cap and a bonus item's cap, bonus before penalty", () => {
    const u = score([["B1", 3], ["B2", 4], ["P2", 10]]);
    expect(u).toMatchObject({ bonus: 5, penalty: 3 });
    expect(adjustmentCapText(u, rb)).toBe(
      "“宣传”加分 2.00 分,超过该项上限 1.00 分,按 1.00 分计;加分合计 7.00 分,超过加分上限 5.00 分,按 5.00 分计;扣分合计 5.00 分,超过扣分上限 3.00 分,按 3.00 分计",
    );
  });

  it("without penaltyCap a penalty is never cut as a whole", () => {
    const free = rulebook([fieldIndicator({ type: "ratioToBest" })], { adjustments, bonusCap: 5 });
    const r = scorePeriod({ rulebooks: free, data: { facts: facts("2022-01", { u: 10 }), adjustments: [{ period: "2022-01", unit: "u", item: "P2", count: 20 }] }, period: "2022-01" });
    expect(r.units[0]!.penalty).toBe(10);
    expect(adjustmentCapText(r.units[0]!, free)).toBeNull();
  });
});

describe("last place within each group (periodWarnings, rulebook.md §9)", () => {
  it("warns the last of each group of more than one tribunal, never the last of the whole court alone", () => {
    const rb = rulebook([fieldIndicator({ type: "ratioToBest" })], {
      groups: [
        { key: "big", name: "一类法庭", units: ["a", "b", "c"] },
        { key: "one", name: "单独法庭", units: ["z"] },
      ],
    });
    const r = scorePeriod({ rulebooks: rb, data: { facts: facts("2022-01", { a: 10, b: 8, c: 6, d: 9, e: 1, z: 0 }) }, period: "2022-01" });
    const last = periodWarnings(r, rb).filter((w) => w.kind === "last");
    // big: c is last (3rd); other: e is last (2nd); z is alone in its group
    expect(last).toEqual([
      { kind: "last", unit: "c", rank: 3 },
      { kind: "last", unit: "e", rank: 2 },
    ]);
  });
});
