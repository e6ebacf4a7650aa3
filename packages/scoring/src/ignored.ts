import { periodLabel, type AdjustmentRow, type Rulebook } from "@scorecard/rules";
import type { PeriodResult } from "./score";

/** The names an ignored adjustment's sentence uses (rulebook.md §7b). */
export interface IgnoredAdjustmentNames {
  /** the tribunal's name; its key only when no name is known */
  unitName?: string;
  /** the item's name in a version that defines it (`adjustmentItemName`) */
  itemName?: string;
  /** the version in force for the scored period, which does not have the item */
  version: string;
}

/**
 * An adjustment the version in force does not know, in words, so that every view of the score
 * says what was left out: "2023年2月麦新人民法庭的加减分项目“督办事项逾期未办结”(P2)共 1 次,
 * 在 2022.2 版考核办法中没有此项,未计入考核结果。" Views put their own label (注意) before it.
 */
export function ignoredAdjustmentText(adj: AdjustmentRow, names: IgnoredAdjustmentNames): string {
  const item = names.itemName ? `“${names.itemName}”(${adj.item})` : ` ${adj.item} `;
  const note = adj.note ? `(备注:${adj.note})` : "";
  return `${periodLabel(adj.period)}${names.unitName ?? adj.unit}的加减分项目${item}共 ${adj.count} 次${note},在 ${names.version} 版考核办法中没有此项,未计入考核结果。`;
}

/** The name of an adjustment item in the latest version of the family that defines it. */
export function adjustmentItemName(rulebooks: Rulebook | readonly Rulebook[], item: string): string | undefined {
  const list = Array.isArray(rulebooks) ? (rulebooks as readonly Rulebook[]) : [rulebooks as Rulebook];
  let found: { from: string; name: string } | undefined;
  for (const rb of list) {
    const a = rb.adjustments.find((x) => x.key === item);
    if (a && (!found || rb.effectiveFrom > found.from)) found = { from: rb.effectiveFrom, name: a.name };
  }
  return found?.name;
}

/** One unit's adjustments in the window that the version in force did not count. */
export function ignoredAdjustmentsOf(result: Pick<PeriodResult, "ignoredAdjustments">, unit: string): AdjustmentRow[] {
  return result.ignoredAdjustments.filter((a) => a.unit === unit);
}

/**
 * Every ignored adjustment of a result (or of one unit) in words: item names from the family's
 * versions, tribunal names from `unitNames`.
 */
export function ignoredAdjustmentTexts(
  result: Pick<PeriodResult, "ignoredAdjustments" | "rulebook">,
  rulebooks: Rulebook | readonly Rulebook[],
  unitNames: ReadonlyMap<string, string>,
  unit?: string,
): string[] {
  const rows = unit === undefined ? result.ignoredAdjustments : ignoredAdjustmentsOf(result, unit);
  return rows.map((a) => {
    const names: IgnoredAdjustmentNames = { version: result.rulebook.version };
    const unitName = unitNames.get(a.unit);
    const itemName = adjustmentItemName(rulebooks, a.item);
    if (unitName !== undefined) names.unitName = unitName;
    if (itemName !== undefined) names.itemName = itemName;
    return ignoredAdjustmentText(a, names);
  });
}
