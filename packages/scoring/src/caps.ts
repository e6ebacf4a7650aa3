import type { Rulebook } from "@scorecard/rules";
import { cents, clean } from "./numbers";
import type { UnitResult } from "./score";

/** Points as the bonus/penalty line prints them: two decimals. */
const p2 = (x: number): string => (Math.abs(x) < 0.005 ? 0 : x).toFixed(2);

/**
 * What the caps on adjustments cut from a unit's bonus and penalty (rulebook.md §6.3, §9), in
 * words for the bonus/penalty line, or null when nothing was cut: each item whose own `cap` cut it,
 * then the sum that `bonusCap` or `penaltyCap` cut, bonus first —
 * "“有效投诉、涉执信访”扣分 2.00 分,超过该项上限 1.50 分,按 1.50 分计;扣分合计 3.50 分,超过扣分上限 3.00 分,按 3.00 分计".
 * The portal and the documents say it with this one function.
 */
export function adjustmentCapText(
  u: Pick<UnitResult, "bonus" | "bonusUncapped" | "penalty" | "penaltyUncapped" | "itemCaps">,
  rb: Pick<Rulebook, "bonusCap" | "penaltyCap">,
): string | null {
  const parts: string[] = [];
  for (const kind of ["bonus", "penalty"] as const) {
    const word = kind === "bonus" ? "加分" : "扣分";
    const items = u.itemCaps.filter((c) => c.kind === kind);
    for (const c of items) parts.push(`“${c.name}”${word} ${p2(c.sum)} 分,超过该项上限 ${p2(c.cap)} 分,按 ${p2(c.cap)} 分计`);
    // the sum after the items' own caps: what bonusCap / penaltyCap was applied to
    const uncapped = kind === "bonus" ? u.bonusUncapped : u.penaltyUncapped;
    const after = clean(uncapped - items.reduce((a, c) => a + (c.sum - c.cap), 0));
    const counted = kind === "bonus" ? u.bonus : u.penalty;
    const cap = kind === "bonus" ? rb.bonusCap : rb.penaltyCap;
    if (cap !== undefined && cents(counted) < cents(after)) parts.push(`${word}合计 ${p2(after)} 分,超过${word}上限 ${p2(cap)} 分,按 ${p2(counted)} 分计`);
  }
  return parts.length ? parts.join(";") : null;
}
