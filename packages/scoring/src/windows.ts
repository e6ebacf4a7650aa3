/**
 * Windows of facts, summed for the engine (rulebook.md §3): each unit's figures over a window's
 * months, kept beside the index so that a year-to-date window extends the previous month's
 * instead of summing every month again. Internal to the engine (not exported by the package).
 */
import type { FactValues, Period } from "@scorecard/rules";
import type { DataIndex } from "./dataset";

/**
 * A window's running sums in a field order, for every unit of the index (unit number × fields):
 * Σ of the figures, how many months have one, the latest, and how many months the unit has a
 * row in. Months are added in order, so a sum is always taken in the same order.
 */
interface WindowSums {
  readonly months: Period[];
  readonly total: Float64Array;
  readonly count: Uint16Array;
  readonly last: Float64Array;
  readonly rows: Uint16Array;
}

/** What the engine derives from an index and keeps beside it (never part of the index itself). */
interface IndexCache {
  /** every unit with facts in any month, in key order; a unit's number is its place here */
  readonly units: readonly string[];
  readonly unitId: ReadonlyMap<string, number>;
  /** by field order: the windows summed last (a year-to-date window extends the previous month's) */
  readonly sums: Map<string, WindowSums[]>;
  /** scratch for a window's aggregates (units × fields) */
  agg?: Float64Array;
}

const caches = new WeakMap<DataIndex, IndexCache>();

function cacheOf(index: DataIndex): IndexCache {
  let c = caches.get(index);
  if (!c) {
    const all = new Set<string>();
    for (const rows of index.facts.values()) for (const u of rows.keys()) all.add(u);
    const units = [...all].sort();
    c = { units, unitId: new Map(units.map((u, i) => [u, i])), sums: new Map() };
    caches.set(index, c);
  }
  return c;
}

/**
 * How many summed windows are kept per field order: a year's months scored in order need one,
 * which each month extends in place; a second serves another kind of window at the same time.
 */
const KEPT_SUMS = 2;

/**
 * Adds one month's figures to running sums, read from the rows themselves: each figure is read
 * once per window summed, so a copy of the facts in another form would only cost memory.
 */
function addMonth(s: WindowSums, rows: ReadonlyMap<string, FactValues> | undefined, c: IndexCache, fieldKeys: readonly string[]): void {
  if (!rows) return;
  const F = fieldKeys.length;
  const { total, count, last } = s;
  for (const [unit, values] of rows) {
    const id = c.unitId.get(unit)!;
    s.rows[id]!++;
    const base = id * F;
    for (let j = 0; j < F; j++) {
      const v = values[fieldKeys[j]!] ?? NaN;
      if (v !== v) continue; // no figure this month
      total[base + j]! += v;
      count[base + j]!++;
      last[base + j] = v;
    }
  }
}

/**
 * The running sums of a window (its months in order, each unit's figures in the order of
 * `fieldKeys`): the kept sums of the same months, or of a first part of them extended in place by
 * the months that follow; else summed afresh. Read-only for the caller, and only until the next
 * call (which may extend them).
 */
function windowSums(index: DataIndex, fieldKeys: readonly string[], months: readonly Period[]): WindowSums {
  const c = cacheOf(index);
  const layout = fieldKeys.join("\u0000");
  let kept = c.sums.get(layout);
  if (!kept) c.sums.set(layout, (kept = []));
  const F = fieldKeys.length;
  let s: WindowSums | undefined;
  for (const k of kept) {
    if (k.months.length > months.length || (s && s.months.length >= k.months.length)) continue;
    if (k.months.every((m, i) => m === months[i])) s = k;
  }
  if (s) kept.splice(kept.indexOf(s), 1);
  else {
    const size = c.units.length * F;
    s = { months: [], total: new Float64Array(size), count: new Uint16Array(size), last: new Float64Array(size), rows: new Uint16Array(c.units.length) };
  }
  while (s.months.length < months.length) {
    const m = months[s.months.length]!;
    addMonth(s, index.facts.get(m), c, fieldKeys);
    s.months.push(m);
  }
  kept.push(s);
  if (kept.length > KEPT_SUMS) kept.shift();
  return s;
}

/**
 * Every field of every unit with facts in the window, aggregated over it (rulebook.md §3) using
 * only the months in which the unit has a figure: `sum`, `mean`, or the latest month's value for
 * `last`; NaN marks "no figure at all". The units are those with a row in at least one month of
 * the window, in key order; `agg` holds their figures row after row in the order of `fields`,
 * in scratch memory of the index that the next call overwrites.
 */
export function windowAggregates(
  index: DataIndex,
  fields: ReadonlyArray<{ key: string; aggregate: "sum" | "mean" | "last" }>,
  months: readonly Period[],
): { units: string[]; agg: Float64Array } {
  const c = cacheOf(index);
  const F = fields.length;
  const s = windowSums(
    index,
    fields.map((f) => f.key),
    months,
  );
  const ids: number[] = [];
  for (let id = 0; id < s.rows.length; id++) if (s.rows[id]! > 0) ids.push(id);
  const how = fields.map((f) => (f.aggregate === "sum" ? 0 : f.aggregate === "mean" ? 1 : 2));
  // the aggregates go to the index's scratch (a scoring reads them only until it returns)
  if (!c.agg || c.agg.length < ids.length * F) c.agg = new Float64Array(c.units.length * F);
  const agg = c.agg.subarray(0, ids.length * F);
  ids.forEach((id, i) => {
    for (let j = 0; j < F; j++) {
      const k = id * F + j;
      const n = s.count[k]!;
      const h = how[j]!;
      agg[i * F + j] = n === 0 ? NaN : h === 0 ? s.total[k]! : h === 1 ? s.total[k]! / n : s.last[k]!;
    }
  });
  return { units: ids.map((id) => c.units[id]!), agg };
}
