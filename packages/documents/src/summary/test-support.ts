/** Test support for the quarterly summary: the demo court's summaries. */
import { demoCourt, type DemoVariant } from "@scorecard/demo";
import { buildSummarySnapshot } from "./build";
import type { Quarter, SummaryInput, SummarySnapshot } from "./snapshot";

export const SUMMARY_ISSUED_AT = "2023-04-10T02:00:00.000Z";

/** The demo court's summary of a quarter, published as revision 1 unless told otherwise. */
export function demoSummary(quarter: Quarter = "2023-Q1", more: Partial<SummaryInput> = {}, variant: DemoVariant = "kailu"): SummarySnapshot {
  const d = demoCourt(variant);
  return buildSummarySnapshot({
    rulebooks: [d.rulebook],
    data: { facts: d.facts, adjustments: d.adjustments, manual: d.manual },
    quarter,
    units: d.units.map((u) => ({ key: u.key, name: u.name })),
    revision: 1,
    number: "开法考〔2023〕5号",
    issuedBy: { username: "stats", name: "刘统计" },
    issuedAt: SUMMARY_ISSUED_AT,
    ...more,
  });
}
