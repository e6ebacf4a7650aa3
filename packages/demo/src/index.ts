import { DEFAULT_RULEBOOK, type AdjustmentRow, type FactRow, type Rulebook } from "@scorecard/rules";
import { DEMO_ADJUSTMENTS } from "./adjustments";
import { DEMO_HEADS, DEMO_LEADERS, DEMO_UNITS, type DemoHead, type DemoLeader, type DemoUnit } from "./court";
import { demoFacts } from "./facts";

export { apportion } from "./apportion";
export { DEMO_ADJUSTMENTS } from "./adjustments";
export { DEMO_HEADS, DEMO_LEADERS, DEMO_UNITS, type DemoHead, type DemoLeader, type DemoUnit } from "./court";
export { DEMO_PERIODS, DEMO_SEED } from "./facts";
export { hash32, mulberry32, type Rng } from "./random";

/** The demo court: the default rulebook, the eight tribunals, their people, facts and adjustments. */
export interface DemoCourt {
  rulebook: Rulebook;
  units: DemoUnit[];
  leaders: DemoLeader[];
  heads: DemoHead[];
  /** every tribunal, every month 2022-01 … 2023-03, period by period in tribunal order */
  facts: FactRow[];
  adjustments: AdjustmentRow[];
}

/**
 * Builds the demo court. Deterministic: every call returns the same figures (fixed seed, no
 * clock), as fresh objects the caller may change. Summed over the eight tribunals the facts
 * reproduce the court figures of the paper (default-rulebook.md).
 */
export function demoCourt(): DemoCourt {
  const rulebook = DEFAULT_RULEBOOK;
  return {
    rulebook,
    units: DEMO_UNITS.map((u) => ({ ...u })),
    leaders: DEMO_LEADERS.map((l) => ({ ...l, units: [...l.units] })),
    heads: DEMO_HEADS.map((h) => ({ ...h })),
    facts: demoFacts(rulebook.fields.map((f) => f.key)),
    adjustments: DEMO_ADJUSTMENTS.map((a) => ({ ...a })),
  };
}
