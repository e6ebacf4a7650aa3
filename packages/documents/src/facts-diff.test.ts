import { describe, expect, it } from "vitest";
import { diffFacts } from "./index";
import { rulebook, units, PERIOD, stored } from "./test/workbook-fixtures";

describe("diffFacts", () => {
  it("marks a unit with no stored row as new, every field from null", () => {
    const incoming = stored.filter((r) => r.unit === "jianhua" || r.unit === "dayushu").reverse();
    const diff = diffFacts({ rulebook, period: PERIOD, units, stored: stored.filter((r) => r.unit !== "jianhua"), incoming });
    expect(diff.period).toBe(PERIOD);
    expect(diff.units.map((u) => [u.unit, u.name, u.status])).toEqual([
      ["dayushu", "大榆树人民法庭", "unchanged"],
      ["jianhua", "建华人民法庭", "new"],
    ]);
    const jianhua = diff.units[1]!;
    expect(jianhua.changes).toHaveLength(rulebook.fields.length);
    expect(jianhua.changes.every((c) => c.from === null)).toBe(true);
    expect(jianhua.changes.map((c) => c.field)).toEqual(rulebook.fields.map((f) => f.key));
    expect(diff.changedUnits).toBe(1);
    expect(diff.changedCells).toBe(rulebook.fields.length);
  });

  it("counts every changed cell and treats a stored value missing for a field as null", () => {
    const old = structuredClone(stored);
    delete old[1]!.values.staff_enf;
    const incoming = structuredClone(stored);
    incoming[0]!.values.trial_received! += 1;
    incoming[0]!.values.staff_enf! += 1;
    const diff = diffFacts({ rulebook, period: PERIOD, units, stored: old, incoming });
    expect(diff.units.filter((u) => u.status === "changed").map((u) => [u.unit, u.changes.map((c) => [c.field, c.from])])).toEqual([
      ["dayushu", [["trial_received", stored[0]!.values.trial_received], ["staff_enf", stored[0]!.values.staff_enf]]],
      ["dongfeng", [["staff_enf", null]]],
    ]);
    expect(diff.changedUnits).toBe(2);
    expect(diff.changedCells).toBe(3);
  });
});
