import { InputError, type AdjustmentRow, type FactRow, type FactValues, type Period } from "@scorecard/rules";

/** Facts and adjustments indexed by period, built once and shared by every ranking of a run. */
export interface DataIndex {
  readonly kind: "index";
  readonly facts: ReadonlyMap<Period, ReadonlyMap<string, FactValues>>;
  readonly adjustments: ReadonlyMap<Period, readonly AdjustmentRow[]>;
}

export interface DataSet {
  facts: readonly FactRow[];
  adjustments?: readonly AdjustmentRow[];
}

/** Indexes raw rows; a second row for the same unit and period is refused, never merged. */
export function indexData(data: DataSet | DataIndex): DataIndex {
  if ("kind" in data && data.kind === "index") return data;
  const raw = data as DataSet;
  const facts = new Map<Period, Map<string, FactValues>>();
  const problems = [];
  for (const row of raw.facts) {
    let m = facts.get(row.period);
    if (!m) facts.set(row.period, (m = new Map()));
    if (m.has(row.unit))
      problems.push({ field: "unit", zh: `${row.period} ${row.unit} 的数据重复`, en: `duplicate facts for ${row.unit} in ${row.period}` });
    m.set(row.unit, row.values);
  }
  if (problems.length) throw new InputError(problems);
  const adjustments = new Map<Period, AdjustmentRow[]>();
  for (const row of raw.adjustments ?? []) {
    const list = adjustments.get(row.period);
    if (list) list.push(row);
    else adjustments.set(row.period, [row]);
  }
  return { kind: "index", facts, adjustments };
}
