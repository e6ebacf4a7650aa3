/**
 * A period scored unit by unit (rulebook.md §3–§6, §9): the cohort and its groups, every
 * indicator, section totals, adjustments with their caps and the total, not yet ranked.
 */
import { appliesTo, groupList, windowMonths, type AdjustmentRow, type Period, type Rulebook, type WindowKind } from "@scorecard/rules";
import type { DataIndex } from "./dataset";
import { scoreIndicator, scratchOf, type IndicatorContext } from "./indicator-scoring";
import { clean, round2 } from "./numbers";
import type { AppliedAdjustment, IndicatorResult, ItemCap } from "./score-types";
import { windowAggregates } from "./windows";

/** How much of each indicator's result a scoring builds. */
export type Detail = "explain" | "results" | "totals";

/** One indicator's scores of every unit of a period, by unit (as `scoreUnits` keeps them). */
export interface Column {
  key: string;
  /** each unit's result; undefined where the indicator does not apply (only built for `explain` and `results`) */
  results: Array<IndicatorResult | undefined> | null;
}

/** A period scored unit by unit: everything the ranking and the standings are made of. */
export interface ScoredUnits {
  months: Period[];
  /** every unit with facts in at least one month of the window, in key order */
  units: string[];
  unitGroup: string[];
  groups: Array<{ key: string; name: string }>;
  members: Map<string, number[]>;
  columns: Column[];
  /** each unit's section scores in hundredths (unit × section) */
  sectionCents: Float64Array;
  /** each unit's counted adjustments (undefined: none) */
  applied: Array<AppliedAdjustment[] | undefined>;
  /** each unit's bonus and penalty */
  sums: (i: number) => ReturnType<typeof adjustmentSums>;
  total: Float64Array;
  ignored: AdjustmentRow[];
}

/**
 * Scores every unit of a period, exactly as rulebook.md §3–§6 say: every unit with facts in the
 * window, every indicator, section totals, bonus, penalty and total (not yet ranked). Indicator
 * results are built only when asked for: a ranking used for its totals and ranks (the annual
 * evaluation's) needs none of them.
 */
export function scoreUnits(rb: Rulebook, index: DataIndex, period: Period, kind: WindowKind, detail: Detail): ScoredUnits {
  const months = windowMonths(period, kind);
  // the cohort: every unit with facts in at least one month of the window, in key order
  const { units, agg } = windowAggregates(index, rb.fields, months);
  const n = units.length;
  const F = rb.fields.length;
  const fieldPos = new Map(rb.fields.map((f, j) => [f.key, j]));
  const fieldByKey = new Map(rb.fields.map((f) => [f.key, f]));

  // 分类考核 (rulebook.md §9): everything taken over "the cohort" is taken within the unit's group
  const groups = groupList(rb);
  const groupOfUnit = unitGroups(rb);
  const unitGroup = units.map(groupOfUnit);
  const members = new Map<string, number[]>(groups.map((g) => [g.key, []]));
  unitGroup.forEach((g, i) => members.get(g)!.push(i));

  // results by indicator, then unit; each unit's record is built in one go at the end (an object
  // grown key by key past a dozen keys turns into a slow, eight-times-larger dictionary in V8)
  const S = rb.sections.length;
  const ctx: IndicatorContext = {
    rb,
    index,
    period,
    months,
    units,
    agg,
    F,
    fieldPos,
    fieldByKey,
    groups,
    members,
    detail,
    S,
    sectionCents: new Float64Array(n * S),
    ...scratchOf(index, n),
  };
  const columns: Column[] = [];
  rb.sections.forEach((section, si) => {
    for (const ind of section.indicators) columns.push({ key: ind.key, results: scoreIndicator(ctx, ind, si) });
  });
  const sectionCents = ctx.sectionCents;

  // adjustments in the window
  const items = new Map(rb.adjustments.map((a) => [a.key, a]));
  const applied: Array<AppliedAdjustment[] | undefined> = new Array(n);
  // an item the version in force does not have (dropped by a later version) does not count; it is reported
  const ignored: AdjustmentRow[] = [];
  let pos: Map<string, number> | undefined; // each unit's place, made when a month has adjustments
  for (const m of months) {
    for (const row of index.adjustments.get(m) ?? []) {
      const at = (pos ??= new Map(units.map((u, i) => [u, i]))).get(row.unit);
      if (at === undefined) continue; // not in the cohort: no facts in the window
      const item = items.get(row.item);
      if (!item) {
        ignored.push(row);
        continue;
      }
      const a: AppliedAdjustment = { period: row.period, item: item.key, name: item.name, kind: item.kind, count: row.count, points: item.points ?? null };
      if (row.note) a.note = row.note;
      (applied[at] ??= []).push(a);
    }
  }
  // a unit without adjustments has the sums of none (computed once)
  const none = adjustmentSums(rb, []);
  const sums = (i: number) => {
    const adj = applied[i];
    return adj ? adjustmentSums(rb, adj) : { ...none, itemCaps: [] };
  };
  const total = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let totalCents = 0;
    for (let si = 0; si < S; si++) totalCents += sectionCents[i * S + si]!;
    const adj = applied[i];
    const { bonus, penalty } = adj ? adjustmentSums(rb, adj) : none;
    total[i] = round2(totalCents / 100 + bonus - penalty);
  }
  return { months, units, unitGroup, groups, members, columns, sectionCents, applied, sums, total, ignored };
}

/**
 * `groupOf` of the rulebook for many units: each group's list is read once into a map (the first
 * group that lists a unit has it; `other` when none does).
 */
export function unitGroups(rb: Pick<Rulebook, "groups">): (unit: string) => string {
  const byUnit = new Map<string, string>();
  for (const g of rb.groups) for (const u of g.units) if (!byUnit.has(u)) byUnit.set(u, g.key);
  const other = groupList(rb).at(-1)!.key;
  return (unit) => byUnit.get(unit) ?? other;
}

/** The keys of the indicators that apply to units of a group, in rulebook order. */
export function indicatorsApplying(rb: Rulebook, group: string): string[] {
  return rb.sections.flatMap((s) => s.indicators.filter((i) => appliesTo(i, group)).map((i) => i.key));
}

/**
 * Bonus and penalty of a unit's counted adjustments (rulebook.md §6.3, §9): each item's
 * Σ count × points cut to its `cap`, then the sums cut to `bonusCap` and `penaltyCap`. Not rounded
 * on their own (§6.4 rounds the total only); `clean` drops binary noise such as 0.6000000000000001.
 */
export function adjustmentSums(
  rb: Pick<Rulebook, "adjustments" | "bonusCap" | "penaltyCap">,
  adj: readonly Pick<AppliedAdjustment, "item" | "kind" | "count" | "points">[],
): { bonusUncapped: number; bonus: number; penaltyUncapped: number; penalty: number; itemCaps: ItemCap[] } {
  const perItem = new Map<string, number>();
  for (const a of adj) if (a.kind !== "veto") perItem.set(a.item, (perItem.get(a.item) ?? 0) + a.count * (a.points ?? 0));
  let bonusRaw = 0;
  let penaltyRaw = 0;
  let bonusSum = 0;
  let penaltySum = 0;
  const itemCaps: ItemCap[] = [];
  for (const item of rb.adjustments) {
    const raw = perItem.get(item.key);
    if (raw === undefined || item.kind === "veto") continue;
    const sum = clean(raw);
    const counted = item.cap !== undefined ? Math.min(item.cap, sum) : sum;
    if (item.cap !== undefined && sum > item.cap) itemCaps.push({ item: item.key, name: item.name, kind: item.kind, sum, cap: item.cap });
    if (item.kind === "bonus") {
      bonusRaw += raw;
      bonusSum += counted;
    } else {
      penaltyRaw += raw;
      penaltySum += counted;
    }
  }
  return {
    bonusUncapped: clean(bonusRaw),
    bonus: Math.min(rb.bonusCap, clean(bonusSum)),
    penaltyUncapped: clean(penaltyRaw),
    penalty: rb.penaltyCap !== undefined ? Math.min(rb.penaltyCap, clean(penaltySum)) : clean(penaltySum),
    itemCaps,
  };
}
