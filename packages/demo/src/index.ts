import { DEFAULT_RULEBOOK, defaultDraftRulebook, type AdjustmentRow, type FactRow, type ManualRow, type Rulebook } from "@scorecard/rules";
import { DEMO_ADJUSTMENTS } from "./adjustments";
import { DEMO_HEADS, DEMO_LEADERS, DEMO_UNITS, type DemoHead, type DemoLeader, type DemoUnit } from "./court";
import { demoFacts } from "./facts";
import { GROUPED_EXTRA_ADJUSTMENTS, demoManualScores, groupedRulebook, splitReversals } from "./grouped";

export { apportion } from "./apportion";
export { DISTRICT_COURT_PROFILE } from "./district-profile";
export { DEMO_ADJUSTMENTS } from "./adjustments";
export { DEMO_HEADS, DEMO_LEADERS, DEMO_UNITS, type DemoHead, type DemoLeader, type DemoUnit } from "./court";
export { DEMO_PERIODS, DEMO_SEED } from "./facts";
export { hash32, mulberry32, type Rng } from "./random";
export { GROUPED_GROUPS, demoManualScores, groupedRulebook, splitReversals } from "./grouped";

/** Which demo court: the shipped rulebook (`kailu`), or the §9 example with groups, committee scores and caps (`grouped`), or that with its ranking kept internal (`internal`). */
export type DemoVariant = "kailu" | "grouped" | "internal";
export const DEMO_VARIANTS: readonly DemoVariant[] = ["kailu", "grouped", "internal"];

/** The demo court: the default rulebook, the eight tribunals, their people, facts and adjustments. */
export interface DemoCourt {
  rulebook: Rulebook;
  /**
   * draft versions shipped beside it, never activated: under the shipped rulebook its 2023.1
   * revision (default-rulebook.md), which HR replays in the studio; none for the other variants
   */
  drafts: Rulebook[];
  units: DemoUnit[];
  leaders: DemoLeader[];
  heads: DemoHead[];
  /** every tribunal, every month 2022-01 … 2023-03, period by period in tribunal order */
  facts: FactRow[];
  adjustments: AdjustmentRow[];
  /** committee scores (评议打分) of manual indicators; none under the shipped rulebook */
  manual: ManualRow[];
}

/**
 * Builds the demo court. Deterministic: every call returns the same figures (fixed seed, no
 * clock), as fresh objects the caller may change. Summed over the eight tribunals the facts
 * reproduce the court figures of the paper (default-rulebook.md).
 */
export function demoCourt(variant: DemoVariant = "kailu"): DemoCourt {
  const rulebook = variant === "kailu" ? DEFAULT_RULEBOOK : groupedRulebook(variant === "internal" ? "internal" : "published");
  const base = demoFacts(DEFAULT_RULEBOOK.fields.map((f) => f.key));
  const facts = variant === "kailu" ? base : splitReversals(base);
  return {
    rulebook,
    drafts: variant === "kailu" ? [defaultDraftRulebook] : [],
    units: DEMO_UNITS.map((u) => ({ ...u })),
    leaders: DEMO_LEADERS.map((l) => ({ ...l, units: [...l.units] })),
    heads: DEMO_HEADS.map((h) => ({ ...h })),
    facts,
    adjustments: [...DEMO_ADJUSTMENTS, ...(variant === "kailu" ? [] : GROUPED_EXTRA_ADJUSTMENTS)].map((a) => ({ ...a })),
    manual: variant === "kailu" ? [] : demoManualScores(facts),
  };
}
