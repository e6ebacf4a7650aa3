/**
 * What every answer of 差距测算 must be (interfaces.md `gap`): each option, applied to the facts
 * and scored by `scorePeriod`, reaches its rank and one step less does not; options keep the data
 * checks; "unreachable" is what a scan of every allowed value finds. Read by scoring's gap tests
 * and the demo court's (packages/demo).
 */
import { expect } from "vitest";
import { appliesTo, checkFacts, indicatorFields, indicatorsOf, type FactRow, type Period, type Rulebook, type WindowKind } from "@scorecard/rules";
import type { GapOption, GapResult } from "../gap";
import { scorePeriod } from "../score";
import type { DataSet } from "../dataset";
import { inForce } from "../in-force";

export interface Case {
  rulebooks: Rulebook | readonly Rulebook[];
  data: DataSet;
  period: Period;
  unit: string;
  window?: WindowKind;
}

/** The facts with one figure of the unit's scored month replaced. */
export function changed(c: Case, field: string, value: number): DataSet {
  const facts: FactRow[] = c.data.facts.map((r) => (r.period === c.period && r.unit === c.unit ? { ...r, values: { ...r.values, [field]: value } } : r));
  return { ...c.data, facts };
}

export function rankOf(c: Case, data: DataSet): number {
  const r = scorePeriod({ rulebooks: c.rulebooks, data, period: c.period, window: c.window, explain: false });
  return r.units.find((u) => u.unit === c.unit)!.rank;
}

export function rowOf(c: Case): Record<string, number> {
  return c.data.facts.find((r) => r.period === c.period && r.unit === c.unit)!.values;
}

/** The field's value k steps from x (1 for an integer field, else 0.01), written as gap writes it. */
export function stepped(x: number, k: number, integer: boolean): number {
  if (k === 0) return x;
  if (integer) return x + k;
  const h = x * 100;
  return Math.abs(h - Math.round(h)) < 1e-6 ? (Math.round(h) + k) / 100 : x + k / 100;
}

/** Data-check errors of the unit's month with the field at value v that the stored figures do not already have. */
export function newErrors(c: Case, field: string, v: number): string[] {
  const rb = inForce(c.rulebooks, c.period);
  const key = (e: { check: string; field: string }) => `${e.check}:${e.field}`;
  const row = rowOf(c);
  const before = new Set(checkFacts(rb, c.unit, row, { complete: false }).errors.map(key));
  return checkFacts(rb, c.unit, { ...row, [field]: v }, { complete: false })
    .errors.map(key)
    .filter((e) => !before.has(e));
}

/** The unit's indicators of the option whose score the change lowers, as `scorePeriod` scores the facts before and after it. */
function lowered(c: Case, o: GapOption): GapOption["lowers"] {
  const score = (data: DataSet) => scorePeriod({ rulebooks: c.rulebooks, data, period: c.period, window: c.window, explain: false }).units.find((u) => u.unit === c.unit)!;
  const before = score(c.data);
  const after = score(changed(c, o.field, o.to));
  return o.indicators.flatMap((k) => {
    const b = before.indicators[k]!;
    const a = after.indicators[k]!;
    return a.score < b.score - 1e-9 ? [{ indicator: k, fromValue: b.value, toValue: a.value, fromScore: b.score, toScore: a.score }] : [];
  });
}

/** Asserts what every option must be: it reaches its rank, one step less does not, it keeps the checks and the range. */
export function checkOptions(c: Case, g: GapResult): number {
  const rb = inForce(c.rulebooks, c.period);
  const row = rowOf(c);
  let n = 0;
  for (const t of g.targets) {
    for (const o of t.options) {
      const integer = rb.fields.find((f) => f.key === o.field)!.integer === true;
      const k = integer ? o.delta : Math.round(o.delta * 100);
      expect(o.from).toBe(row[o.field]);
      expect(o.to).toBe(stepped(o.from, k, integer));
      expect(k).not.toBe(0);
      expect(rankOf(c, changed(c, o.field, o.to)), `${c.unit} ${o.field} → ${o.to} reaches ${t.rank}`).toBeLessThanOrEqual(t.rank);
      expect(o.lowers, `${c.unit} ${o.field} → ${o.to} lowers`).toEqual(lowered(c, o));
      const less = stepped(o.from, k - Math.sign(k), integer);
      expect(rankOf(c, changed(c, o.field, less)), `${c.unit} ${o.field} → ${less} does not reach ${t.rank}`).toBeGreaterThan(t.rank);
      expect(newErrors(c, o.field, o.to)).toEqual([]);
      expect(o.to).toBeGreaterThanOrEqual(0);
      const max = Math.max(...c.data.facts.filter((r) => r.period === c.period).map((r) => r.values[o.field] ?? 0));
      expect(o.to).toBeLessThanOrEqual(10 * max);
      n++;
    }
  }
  return n;
}

/**
 * The brute force: for each field the unit's indicators read, every allowed value (within the data
 * checks and [0, 10 × the court's largest], at most `reach` steps away) scored by `scorePeriod`, nearest
 * first (an increase before a decrease of the same size) — what gap must find for each target.
 */
export function scan(c: Case, targets: number[], reach = Infinity): Map<string, Array<number | null>> {
  const rb = inForce(c.rulebooks, c.period);
  const base = scorePeriod({ rulebooks: c.rulebooks, data: c.data, period: c.period, window: c.window, explain: false });
  const group = base.units.find((u) => u.unit === c.unit)!.group;
  const row = rowOf(c);
  const out = new Map<string, Array<number | null>>();
  for (const ind of indicatorsOf(rb).filter((i) => appliesTo(i, group))) {
    for (const field of indicatorFields(ind)) {
      if (out.has(field) || row[field] === undefined) continue;
      const integer = rb.fields.find((f) => f.key === field)!.integer === true;
      const x0 = row[field]!;
      const limit = 10 * Math.max(...c.data.facts.filter((r) => r.period === c.period).map((r) => r.values[field] ?? 0));
      const found: Array<number | null> = targets.map(() => null);
      const steps = Math.min(reach, Math.ceil(Math.max(limit - x0, x0) / (integer ? 1 : 0.01)) + 1);
      for (let d = 1; d <= steps && found.some((f) => f === null); d++) {
        for (const k of [d, -d]) {
          const v = stepped(x0, k, integer);
          if (v < 0 || v > limit || newErrors(c, field, v).length) continue;
          const r = rankOf(c, changed(c, field, v));
          targets.forEach((t, i) => {
            if (found[i] === null && r <= t) found[i] = v;
          });
        }
      }
      out.set(field, found);
    }
  }
  return out;
}

/** gap's answer must be exactly the scan's: the same value per field and target, and none where the scan finds none. */
export function agreesWithScan(c: Case, g: GapResult, reach = Infinity): void {
  const byScan = scan(c, g.targets.map((t) => t.rank), reach);
  const rb = inForce(c.rulebooks, c.period);
  const integer = (f: string) => rb.fields.find((x) => x.key === f)!.integer === true;
  g.targets.forEach((t, i) => {
    const opt = new Map(t.options.map((o) => [o.field, o]));
    for (const [field, found] of byScan) {
      const o: GapOption | undefined = opt.get(field);
      const steps = o ? Math.abs(integer(field) ? o.delta : Math.round(o.delta * 100)) : Infinity;
      if (steps <= reach || found[i] !== null) expect(o?.to ?? null, `${c.unit} ${field} for rank ${t.rank}`).toBe(found[i]);
    }
  });
}

export function unreachableOf(c: Case, g: GapResult, t: number): string[] {
  const rb = inForce(c.rulebooks, c.period);
  const reached = new Set(g.targets[t]!.options.map((o) => o.field));
  return indicatorsOf(rb)
    .filter((i) => appliesTo(i, g.group) && i.formula.type !== "manual" && !indicatorFields(i).some((f) => reached.has(f)))
    .map((i) => i.key);
}
