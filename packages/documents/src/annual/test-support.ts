/** Test support for the annual evaluation: the demo court's evaluations. */
import { demoCourt, type DemoVariant } from "@scorecard/demo";
import { buildAnnualSnapshot } from "./build";
import type { AnnualInput, AnnualSnapshot } from "./snapshot";

export const ANNUAL_ISSUED_AT = "2023-01-10T02:00:00.000Z";

/** The demo court's evaluation of a year, published as revision 1 unless told otherwise. */
export function demoAnnual(year = 2022, more: Partial<AnnualInput> = {}, variant: DemoVariant = "kailu"): AnnualSnapshot {
  const d = demoCourt(variant);
  return buildAnnualSnapshot({
    rulebooks: [d.rulebook],
    data: { facts: d.facts, adjustments: d.adjustments, manual: d.manual },
    year,
    units: d.units.map((u) => ({ key: u.key, name: u.name })),
    revision: 1,
    number: "开法考〔2023〕1号",
    issuedBy: { username: "hr", name: "王人事" },
    issuedAt: ANNUAL_ISSUED_AT,
    ...more,
  });
}
