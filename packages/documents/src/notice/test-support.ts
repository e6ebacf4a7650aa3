/** Test support for the notice: the demo court's snapshots, archives unzipped, XML parsed. */
import { demoCourt, type DemoVariant } from "@scorecard/demo";
import type { Period } from "@scorecard/rules";
import { buildNoticeSnapshot } from "./build";
import type { NoticeInput, NoticeSnapshot } from "./snapshot";

export const ISSUED_AT = "2023-04-05T02:00:00.000Z";

/** The demo court's notice of a month (of the shipped rulebook, or a §9 variant: grouped, internal), published as revision 1 unless told otherwise. */
export function demoSnapshot(period: Period = "2023-03", more: Partial<NoticeInput> = {}, variant: DemoVariant = "kailu"): NoticeSnapshot {
  const d = demoCourt(variant);
  return buildNoticeSnapshot({
    rulebooks: [d.rulebook],
    data: { facts: d.facts, adjustments: d.adjustments, manual: d.manual },
    period,
    units: d.units.map((u) => ({ key: u.key, name: u.name })),
    revision: 1,
    number: "开法考〔2023〕3号",
    issuedBy: { username: "stats", name: "刘统计" },
    issuedAt: ISSUED_AT,
    ...more,
  });
}

export * from "../official/test-support";
