/** Test support for the notice: the demo court's snapshots, archives unzipped, XML parsed. */
import type { DemoVariant } from "@scorecard/demo";
import type { Period } from "@scorecard/rules";
import { buildNoticeSnapshot } from "./build";
import type { NoticeInput, NoticeSnapshot } from "./snapshot";
import { demoPublication } from "../official/test-support";

export const ISSUED_AT = "2023-04-05T02:00:00.000Z";

/** The demo court's notice of a month (of the shipped rulebook, or a §9 variant: grouped, internal), published as revision 1 unless told otherwise. */
export function demoSnapshot(period: Period = "2023-03", more: Partial<NoticeInput> = {}, variant: DemoVariant = "kailu"): NoticeSnapshot {
  return buildNoticeSnapshot({ ...demoPublication(variant, "开法考〔2023〕3号", { username: "stats", name: "刘统计" }, ISSUED_AT), period, ...more });
}

export * from "../official/test-support";
