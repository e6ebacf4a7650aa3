import { InputError, type AdjustmentRow, type FactRow, type FactValues, type ManualRow, type Period } from "@scorecard/rules";

/** Facts and adjustments indexed by period, built once and shared by every ranking of a run. */
export interface DataIndex {
  readonly kind: "index";
  readonly facts: ReadonlyMap<Period, ReadonlyMap<string, FactValues>>;
  readonly adjustments: ReadonlyMap<Period, readonly AdjustmentRow[]>;
  /** manual scores (评议打分) by period, then indicator, then unit */
  readonly manual: ReadonlyMap<Period, ReadonlyMap<string, ReadonlyMap<string, ManualRow>>>;
  /** each month's rows as vectors in a field order (NaN: no figure), made once per field order (`monthVectors`; the engine itself sums windows straight from the rows, windows.ts) */
  readonly vectors: Map<string, Map<Period, ReadonlyMap<string, Float64Array>>>;
}

/** A month's facts as vectors in the order of `fieldKeys`, cached on the index. */
export function monthVectors(index: DataIndex, fieldKeys: readonly string[], period: Period): ReadonlyMap<string, Float64Array> | undefined {
  const layout = fieldKeys.join("\u0000");
  let byPeriod = index.vectors.get(layout);
  if (!byPeriod) index.vectors.set(layout, (byPeriod = new Map()));
  const cached = byPeriod.get(period);
  if (cached) return cached;
  const rows = index.facts.get(period);
  if (!rows) return undefined;
  const out = new Map<string, Float64Array>();
  for (const [unit, values] of rows) {
    const vec = new Float64Array(fieldKeys.length);
    for (let j = 0; j < fieldKeys.length; j++) vec[j] = values[fieldKeys[j]!] ?? NaN;
    out.set(unit, vec);
  }
  byPeriod.set(period, out);
  return out;
}

export interface DataSet {
  facts: readonly FactRow[];
  adjustments?: readonly AdjustmentRow[];
  /** manual scores of manual indicators (rulebook.md §9) */
  manual?: readonly ManualRow[];
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
  const manual = new Map<Period, Map<string, Map<string, ManualRow>>>();
  for (const row of raw.manual ?? []) {
    let byIndicator = manual.get(row.period);
    if (!byIndicator) manual.set(row.period, (byIndicator = new Map()));
    let byUnit = byIndicator.get(row.indicator);
    if (!byUnit) byIndicator.set(row.indicator, (byUnit = new Map()));
    if (byUnit.has(row.unit))
      problems.push({ field: "unit", zh: `${row.period} ${row.unit} 的指标 ${row.indicator} 评议打分重复`, en: `duplicate manual score of ${row.unit} on ${row.indicator} in ${row.period}` });
    byUnit.set(row.unit, row);
  }
  if (problems.length) throw new InputError(problems);
  const adjustments = new Map<Period, AdjustmentRow[]>();
  for (const row of raw.adjustments ?? []) {
    const list = adjustments.get(row.period);
    if (list) list.push(row);
    else adjustments.set(row.period, [row]);
  }
  return { kind: "index", facts, adjustments, manual, vectors: new Map() };
}
