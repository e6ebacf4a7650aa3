import { describe, expect, it } from "vitest";
import { checkFacts, reviewFacts } from "@scorecard/rules";
import { demoCourt } from "./index";

const court = demoCourt();
const names = new Map(court.units.map((u) => [u.key, u.name]));

describe("the demo facts pass the data checks (rulebook.md §7c)", () => {
  it("every month of every tribunal passes every check, a complete row of whole counts", () => {
    expect(court.facts).toHaveLength(15 * 8);
    for (const row of court.facts) {
      const { errors } = checkFacts(court.rulebook, { key: row.unit, name: names.get(row.unit) ?? row.unit }, row.values, { period: row.period });
      expect(errors.map((e) => `${row.period} ${e.zh}`)).toEqual([]);
    }
  });

  it("flags no check warning and one history outlier (吉日嘎郎吐, 2022年12月, the year-end amounts)", () => {
    const { errors, warnings } = reviewFacts({ rulebooks: court.rulebook, rows: court.facts, names });
    expect(errors).toEqual([]);
    expect(warnings.map((w) => [w.period, w.unit, w.check, w.field])).toEqual([["2022-12", "jirigalangtu", "outlier", "enf_first_amount_applied"]]);
    // the month in review (2023-03) has none to acknowledge
    expect(warnings.filter((w) => w.period === "2023-03")).toEqual([]);
  });
});
