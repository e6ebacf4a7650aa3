import { describe, expect, it } from "vitest";
import type { FactRow } from "@scorecard/rules";
import { courtFigures } from "./court";
import { rulebook } from "./test/fixtures";

const rb = rulebook(
  [
    { key: "R", name: "比率", unit: "%", direction: "higher", points: 10, formula: { type: "ratio", num: "a", den: "b" }, method: { type: "rank", step: 0.1 } },
    { key: "C", name: "余率", unit: "%", direction: "higher", points: 10, formula: { type: "complement", num: "a", den: "b" }, method: { type: "rank", step: 0.1 } },
    { key: "F", name: "件数", direction: "lower", points: 10, formula: { type: "field", field: "c" }, method: { type: "rank", step: 0.1 } },
  ],
  { window: "ytd" },
);
const row = (period: string, unit: string, a: number, b: number, c?: number): FactRow => ({ period, unit, values: c === undefined ? { a, b } : { a, b, c } });

describe("court-wide figures (全院)", () => {
  it("is the ratio of the fields summed over every tribunal and every month of the window, not a mean of rates", () => {
    const facts = [row("2023-01", "x", 1, 2, 1), row("2023-01", "y", 9, 10, 2), row("2023-02", "x", 3, 4, 3), row("2023-02", "y", 0, 4, 4)];
    const c = courtFigures({ rulebooks: rb, data: { facts }, period: "2023-02" })!;
    expect(c.indicators.R).toBe((1 + 9 + 3 + 0) / (2 + 10 + 4 + 4));
    expect(c.indicators.C).toBe(1 - 13 / 20);
    expect(c.indicators.F).toBe(1 + 2 + 3 + 4);
    expect(c.window).toEqual({ kind: "ytd", from: "2023-01", to: "2023-02" });
    expect(c.units).toBe(2);
    // another window: the month alone
    expect(courtFigures({ rulebooks: rb, data: { facts }, period: "2023-02", window: "month" })!.indicators.R).toBe(3 / 8);
  });

  it("counts a tribunal's missing field as no figure, and is null for a court without any", () => {
    const facts = [row("2023-01", "x", 1, 2), row("2023-01", "y", 3, 0)];
    const c = courtFigures({ rulebooks: rb, data: { facts }, period: "2023-01" })!;
    expect(c.indicators.R).toBe(4 / 2);
    expect(c.indicators.F).toBeNull();
    expect(courtFigures({ rulebooks: rb, data: { facts: [row("2023-01", "x", 1, 0)] }, period: "2023-01" })!.indicators.R).toBeNull();
    expect(courtFigures({ rulebooks: rb, data: { facts }, period: "2023-05", window: "month" })).toBeNull();
  });
});
