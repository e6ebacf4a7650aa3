/**
 * How the official documents print rankings under the constructs of rulebook.md §9: with groups
 * (分类考核) every ranking is printed group by group, ranks within the group, never across groups;
 * with `ranking: "internal"` (不通报排名) no rank, order, rank change, first or last place is
 * printed — tribunals come in court order — for everyone (product.md).
 */
import { OTHER_GROUP, type Rulebook } from "@scorecard/rules";
import type { Warning } from "@scorecard/scoring";
import { chineseNumeral } from "./format";
import { courtOrder, listOf } from "./model";

/** The rulebook keeps its ranking internal (不通报排名): the documents print no rank. */
export function ranksHidden(rb: Pick<Rulebook, "ranking">): boolean {
  return rb.ranking === "internal";
}

/** The rulebook ranks its tribunals in groups (分类考核). */
export function grouped(rb: Pick<Rulebook, "groups">): boolean {
  return rb.groups.length > 0;
}

/** One group's part of a ranking as a document prints it; `name` null without groups. */
export interface PrintedGroup<U> {
  key: string;
  name: string | null;
  units: U[];
}

/**
 * The units of a ranking as a document prints them: group by group (the result's groups, in the
 * rulebook's order), in rank order within each — or in court order when ranks are kept internal,
 * or when `order` asks for it; one unnamed part without groups. Groups without units are left out.
 */
export function printedGroups<U extends { unit: string; group: string }>(
  s: { rulebook: Pick<Rulebook, "groups" | "ranking">; units: ReadonlyArray<{ key: string }> },
  result: { groups: ReadonlyArray<{ key: string; name: string }>; units: readonly U[] },
  order: "rank" | "court" = "rank",
): Array<PrintedGroup<U>> {
  const ordered = ranksHidden(s.rulebook) || order === "court" ? courtOrder({ units: s.units, result }) : [...result.units];
  if (!grouped(s.rulebook)) return [{ key: OTHER_GROUP, name: null, units: ordered }];
  return result.groups.map((g) => ({ key: g.key, name: g.name, units: ordered.filter((u) => u.group === g.key) })).filter((g) => g.units.length > 0);
}

/** A group's name by key (the key itself when unknown). */
export function groupNamer(result: { groups: ReadonlyArray<{ key: string; name: string }> }): (key: string) => string {
  const names = new Map(result.groups.map((g) => [g.key, g.name]));
  return (key) => names.get(key) ?? key;
}

/** `(分一类法庭、二类法庭两类考核)`: how a grouped document says its groups; "" without groups. */
export function groupsClause(rb: Pick<Rulebook, "groups" | "ranking">, groups: ReadonlyArray<{ name: string }>): string {
  const n = groups.length;
  if (!grouped(rb) || n < 2) return "";
  return `(分${listOf(groups.map((g) => g.name))}${n === 2 ? "两" : chineseNumeral(n)}类${ranksHidden(rb) ? "考核" : "分别考核排名"})`;
}

/**
 * The warnings a document prints: as the engine lists them (rank order); with ranks kept internal
 * without last places and in court order, so that no list gives away an order.
 */
export function printedWarnings(s: { rulebook: Pick<Rulebook, "ranking">; units: ReadonlyArray<{ key: string }>; warnings: readonly Warning[] }): Warning[] {
  if (!ranksHidden(s.rulebook)) return [...s.warnings];
  const pos = new Map(s.units.map((u, i) => [u.key, i]));
  const at = (w: Warning) => pos.get(w.unit) ?? Number.MAX_SAFE_INTEGER;
  return s.warnings
    .filter((w) => w.kind !== "last")
    .map((w, i) => ({ w, i }))
    .sort((a, b) => at(a.w) - at(b.w) || (a.w.unit < b.w.unit ? -1 : a.w.unit > b.w.unit ? 1 : 0) || a.i - b.i)
    .map((x) => x.w);
}

/** Items about tribunals in the order a document lists them: as given (rank order) — in court order, stably, when ranks are kept internal. */
export function printOrder<T>(s: { rulebook: Pick<Rulebook, "ranking">; units: ReadonlyArray<{ key: string }> }, items: readonly T[], unitOf: (t: T) => string): T[] {
  if (!ranksHidden(s.rulebook)) return [...items];
  const pos = new Map(s.units.map((u, i) => [u.key, i]));
  const at = (t: T) => pos.get(unitOf(t)) ?? Number.MAX_SAFE_INTEGER;
  return items
    .map((t, i) => ({ t, i }))
    .sort((a, b) => at(a.t) - at(b.t) || a.i - b.i)
    .map((x) => x.t);
}
