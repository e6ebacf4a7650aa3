import { useQuery } from "@pinia/colada";
import { adjustmentCapText, cents } from "@scorecard/scoring";
import { toValue, type MaybeRefOrGetter } from "vue";
import { rulebookQueries } from "../api/rulebooks";

/** What the bonus/penalty line needs to say whether a cap cut it (rulebook.md §9). */
export interface CappedUnit {
  bonus: number;
  bonusUncapped: number;
  penalty: number;
  /** absent in notices frozen before caps on penalties existed */
  penaltyUncapped?: number;
  itemCaps?: Array<{ item: string; name: string; kind: "bonus" | "penalty"; sum: number; cap: number }>;
}

/** Whether a cap (an item's own, bonusCap, penaltyCap) cut the bonus or the penalty: the engine's figures before and after. */
export function wasCapped(u: CappedUnit, kind: "bonus" | "penalty"): boolean {
  return kind === "bonus" ? cents(u.bonusUncapped) > cents(u.bonus) : cents(u.penaltyUncapped ?? u.penalty) > cents(u.penalty);
}

/**
 * The caps on adjustments in words for a period's bonus/penalty line, as the engine says them
 * (`adjustmentCapText`, the one function the documents use too) under the version in force that
 * month; "" when nothing was cut, or while that version loads.
 */
export function useCapText(period: MaybeRefOrGetter<string | null>) {
  const rulebook = useQuery(() => rulebookQueries.inForce(toValue(period)));
  return (u: CappedUnit): string => {
    const rb = rulebook.data.value?.rulebook;
    if (!rb || (!wasCapped(u, "bonus") && !wasCapped(u, "penalty"))) return "";
    return adjustmentCapText({ ...u, penaltyUncapped: u.penaltyUncapped ?? u.penalty, itemCaps: u.itemCaps ?? [] }, rb) ?? "";
  };
}
