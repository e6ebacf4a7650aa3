/**
 * The engine's results (rulebook.md §3–§6): what a scored period, a unit and an indicator hold,
 * and the standings the annual evaluation keeps of a ranking.
 */
import type { AdjustmentKind, AdjustmentRow, Period, Rulebook, WindowKind } from "@scorecard/rules";
import type { DataIndex, DataSet } from "./dataset";
import type { Explanation } from "./explain";

export type WarnLevel = "red" | "yellow";

export interface IndicatorResult {
  /** unrounded value, or null (zero denominator, no data) */
  value: number | null;
  /** rounded to 2 decimals */
  score: number;
  /** competition rank of the value among the cohort; null for a null value */
  rank: number | null;
  /** warning level by the indicator's `warn` thresholds */
  warn: WarnLevel | null;
  /** present unless the run was made with `explain: false` */
  explanation?: Explanation;
}

/** One adjustment event counted in a unit's bonus, penalty or veto. */
export interface AppliedAdjustment {
  period: Period;
  item: string;
  name: string;
  kind: AdjustmentKind;
  count: number;
  /** points each (none for a veto) */
  points: number | null;
  note?: string;
}

/** A bonus or penalty item whose own `cap` cut what it gives or takes in the window. */
export interface ItemCap {
  item: string;
  name: string;
  kind: "bonus" | "penalty";
  /** Σ count × points of the item in the window */
  sum: number;
  cap: number;
}

export interface UnitResult {
  unit: string;
  /** the unit's group (rulebook.md §9); `other` when the rulebook has no groups */
  group: string;
  /** rank within the group */
  rank: number;
  total: number;
  sections: Record<string, number>;
  /** after the cap */
  bonus: number;
  /** Σ count × points of the bonus items, before any cap */
  bonusUncapped: number;
  /** after the items' caps and `penaltyCap` */
  penalty: number;
  /** Σ count × points of the penalty items, before any cap */
  penaltyUncapped: number;
  /** items whose own cap cut them */
  itemCaps: ItemCap[];
  veto: boolean;
  indicators: Record<string, IndicatorResult>;
  /** the adjustments counted in its bonus, penalty or veto (with or without explanations) */
  adjustments: AppliedAdjustment[];
}

export interface PeriodResult {
  rulebook: { id: string; version: string };
  period: Period;
  window: { kind: WindowKind; from: Period; to: Period };
  /** `internal`: ranks are for admin, hr and stats only (rulebook.md §9); the engine computes them all the same */
  ranking: "published" | "internal";
  /** the groups that have units in this ranking, in the rulebook's order (`other` last) */
  groups: Array<{ key: string; name: string }>;
  /** ordered by group, then rank, then unit key */
  units: UnitResult[];
  /** adjustments in the window whose item the version in force does not have: not counted */
  ignoredAdjustments: AdjustmentRow[];
}

export interface ScoreOptions {
  /** one rulebook, or the versions of one family (chosen per period, rulebook.md §7a) */
  rulebooks: Rulebook | readonly Rulebook[];
  data: DataSet | DataIndex;
  period: Period;
  /** defaults to the rulebook's own `window` */
  window?: WindowKind;
  /**
   * build explanations (default true). Without them the result is the same but for each
   * indicator's `explanation`: every score, rank, warning and applied adjustment a table shows.
   */
  explain?: boolean;
}

/** What the annual evaluation needs of one unit in a ranking. */
export type Standing = Pick<UnitResult, "unit" | "group" | "rank" | "total" | "sections">;

/**
 * A ranking with only what the annual evaluation takes from it (each unit's group, rank, total
 * and sections); a `PeriodResult` is one too.
 */
export interface Standings {
  rulebook: { id: string; version: string };
  period: Period;
  window: { kind: WindowKind; from: Period; to: Period };
  /** ordered by group, then rank, then unit key */
  units: readonly Standing[];
}
