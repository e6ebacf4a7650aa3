/** Test support for the quarterly summary: the demo court's summaries. */
import type { DemoVariant } from "@scorecard/demo";
import { buildSummarySnapshot } from "./build";
import type { Quarter } from "@scorecard/rules";
import type { SummaryInput, SummarySnapshot } from "./snapshot";
import { demoPublication } from "../official/test-support";

export const SUMMARY_ISSUED_AT = "2023-04-10T02:00:00.000Z";

/** The demo court's summary of a quarter, published as revision 1 unless told otherwise. */
export function demoSummary(quarter: Quarter = "2023-Q1", more: Partial<SummaryInput> = {}, variant: DemoVariant = "kailu"): SummarySnapshot {
  return buildSummarySnapshot({ ...demoPublication(variant, "开法考〔2023〕5号", { username: "stats", name: "刘统计" }, SUMMARY_ISSUED_AT), quarter, ...more });
}
