/** Test support for the annual evaluation: the demo court's evaluations. */
import type { DemoVariant } from "@scorecard/demo";
import { buildAnnualSnapshot } from "./build";
import type { AnnualInput, AnnualSnapshot } from "./snapshot";
import { demoPublication } from "../official/test-support";

export const ANNUAL_ISSUED_AT = "2023-01-10T02:00:00.000Z";

/** The demo court's evaluation of a year, published as revision 1 unless told otherwise. */
export function demoAnnual(year = 2022, more: Partial<AnnualInput> = {}, variant: DemoVariant = "kailu"): AnnualSnapshot {
  return buildAnnualSnapshot({ ...demoPublication(variant, "开法考〔2023〕1号", { username: "hr", name: "王人事" }, ANNUAL_ISSUED_AT), year, ...more });
}
