/** The preview of an import: what it would change, cell by cell, against what is stored. */
import type { Rulebook } from "@scorecard/rules";
import type { WorkbookRow, WorkbookUnit } from "./facts-sheet";

/** Per unit, which fields change from → to (stored null when no row yet), unchanged units listed as unchanged. */
export interface FactsDiff {
  period: string;
  units: Array<{
    unit: string;
    name: string;
    status: "new" | "changed" | "unchanged";
    changes: Array<{ field: string; label: string; from: number | null; to: number }>;
  }>;
  /** units that are new or changed */
  changedUnits: number;
  /** the number of changes over all units */
  changedCells: number;
}

/**
 * Compares the incoming rows with the stored ones. Only incoming units are listed (a unit not
 * in the upload is left as it is), in the order of `units` (then any other, in incoming order);
 * fields in rulebook order. A unit with no stored row is "new" and every field is a change from
 * null; a stored value missing for a field is null too.
 */
export function diffFacts(opts: {
  rulebook: Rulebook;
  period: string;
  units: WorkbookUnit[];
  stored: WorkbookRow[];
  incoming: WorkbookRow[];
}): FactsDiff {
  const stored = new Map(opts.stored.map((r) => [r.unit, r.values]));
  const order = new Map(opts.units.map((u, i) => [u.key, i]));
  const names = new Map(opts.units.map((u) => [u.key, u.name]));
  const incoming = opts.incoming
    .map((row, i) => ({ row, i }))
    .sort((a, b) => (order.get(a.row.unit) ?? opts.units.length + a.i) - (order.get(b.row.unit) ?? opts.units.length + b.i))
    .map(({ row }) => row);
  const units: FactsDiff["units"] = incoming.map((row) => {
    const before = stored.get(row.unit);
    const changes: FactsDiff["units"][number]["changes"] = [];
    for (const f of opts.rulebook.fields) {
      const to = row.values[f.key];
      if (to === undefined) continue;
      const from = before?.[f.key] ?? null;
      if (from === null || from !== to) changes.push({ field: f.key, label: f.label, from, to });
    }
    const status = before === undefined ? "new" : changes.length ? "changed" : "unchanged";
    return { unit: row.unit, name: names.get(row.unit) ?? row.unit, status, changes };
  });
  return {
    period: opts.period,
    units,
    changedUnits: units.filter((u) => u.status !== "unchanged").length,
    changedCells: units.reduce((n, u) => n + u.changes.length, 0),
  };
}
