/**
 * What the facts template and its reader share: the sheet names, the two tribunal columns and
 * the rows (`product.md`, "The monthly cycle", step 1).
 *
 * The template has two sheets:
 * - "数据填报": row 1 is the header — 法庭代码 (unit key), 法庭 (name), then one column per
 *   rulebook field headed by its Chinese label (the key, unit and aggregation in the header
 *   cell's comment); one row per tribunal in the given order, the stored values filled in.
 * - "说明": the period, the rulebook's id, version and title, how to fill the sheet in, and
 *   every field's key, label, unit and aggregation.
 */

export interface WorkbookUnit {
  key: string;
  name: string;
}

/** One tribunal's figures for the month, by field key. */
export interface WorkbookRow {
  unit: string;
  values: Record<string, number>;
}

/** The sheet holding the figures. */
export const FACTS_SHEET = "数据填报";
/** The sheet recording the period, the rulebook and the fields. */
export const NOTES_SHEET = "说明";

export const KEY_HEADER = "法庭代码";
export const NAME_HEADER = "法庭";

/** 1 → A, 26 → Z, 27 → AA. */
export function columnLetter(column: number): string {
  let s = "";
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
