import { describe, expect, it } from "vitest";
import { scorePeriod } from "./score";
import { adjustmentItemName, ignoredAdjustmentText, ignoredAdjustmentTexts, ignoredAdjustmentsOf } from "./ignored";
import { facts, fieldIndicator, rulebook } from "./test/fixtures";

// a family whose 2 version (from 2022-07) drops the penalty P2 of version 1
const ind = [fieldIndicator({ type: "ratioToBest" })];
const v1 = rulebook(ind, {
  version: "1",
  adjustments: [
    { key: "P1", name: "有效投诉", kind: "penalty", points: 1 },
    { key: "P2", name: "督办事项逾期未办结", kind: "penalty", points: 0.5 },
  ],
});
const v2 = rulebook(ind, { version: "2", effectiveFrom: "2022-07", adjustments: [{ key: "P1", name: "有效投诉", kind: "penalty", points: 1 }] });
const data = {
  facts: [...facts("2022-07", { maixin: 1, dongfeng: 1 })],
  adjustments: [
    { period: "2022-07", unit: "maixin", item: "P2", count: 2, note: "两件逾期" },
    { period: "2022-07", unit: "maixin", item: "P1", count: 1 },
    { period: "2022-07", unit: "dongfeng", item: "P2", count: 1 },
  ],
};
const names = new Map([
  ["maixin", "麦新人民法庭"],
  ["dongfeng", "东风人民法庭"],
]);

describe("adjustments the version in force does not know (rulebook.md §7b)", () => {
  const r = scorePeriod({ rulebooks: [v1, v2], data, period: "2022-07" });
  it("are not counted, and are listed per unit", () => {
    expect(r.units.find((u) => u.unit === "maixin")!.penalty).toBe(1);
    expect(ignoredAdjustmentsOf(r, "maixin")).toEqual([data.adjustments[0]]);
    expect(ignoredAdjustmentsOf(r, "dongfeng")).toEqual([data.adjustments[2]]);
  });
  it("are said in words: month, tribunal, item with its name from the version that has it, count, version", () => {
    expect(adjustmentItemName([v1, v2], "P2")).toBe("督办事项逾期未办结");
    expect(ignoredAdjustmentTexts(r, [v1, v2], names, "maixin")).toEqual([
      "2022年7月麦新人民法庭的加减分项目“督办事项逾期未办结”(P2)共 2 次(备注:两件逾期),在 2 版考核办法中没有此项,未计入考核结果。",
    ]);
    expect(ignoredAdjustmentTexts(r, [v1, v2], names)).toHaveLength(2);
  });
  it("an item no version names still reads sensibly", () => {
    expect(ignoredAdjustmentText({ period: "2023-02", unit: "maixin", item: "B5", count: 1 }, { unitName: "麦新人民法庭", version: "2022.1" })).toBe(
      "2023年2月麦新人民法庭的加减分项目 B5 共 1 次,在 2022.1 版考核办法中没有此项,未计入考核结果。",
    );
  });
});
