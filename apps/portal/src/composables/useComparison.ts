import { computed, ref, watch, type Ref } from "vue";
import type { CompareOutcome as Outcome, Ranking, UnitResult, VisibleRow } from "../api/scores";
import { groupName, groupsOf, ranksHidden, type GroupRef } from "../components/RankingShared";
import { wasCapped } from "./useCaps";
import { formatValue, periodLabel, rankText, score } from "../format";

/**
 * 对比分析's state machine: which tribunals the page opens on (from the address, else chosen for
 * the user, or first a move to the latest published month for a head who may not see the
 * others' drafts), the columns in the court's order, and the rows compared with "best" marked
 * only within a group. ComparePage shows it.
 */

/** how many tribunals a comparison takes */
export const MIN_UNITS = 2;
export const MAX_UNITS = 8;
/** without ranks to choose by, the court's first few */
const FIRST_FEW = 4;

export interface Viewer {
  role: string;
  /** the tribunals the user heads or oversees */
  units: readonly string[];
}

/**
 * What a comparison opens on when the address names none: a head, their own tribunal and the
 * ones just above and below it (in the latest month whose ranking they may see); a leader, the
 * tribunals they oversee (with the court's first when they oversee one); everyone else, the
 * first two and the last two.
 */
export function firstChoice(
  rows: VisibleRow[],
  o: { withoutRanks: boolean; me: Viewer | null; period: string | null; activeKeys: ReadonlySet<string>; groups: readonly GroupRef[] },
): { units: string[]; note: string } {
  const { me, groups } = o;
  const grouped = groups.length > 1;
  const month = o.period ? periodLabel(o.period) : "";
  const own = (me?.units ?? []).filter((k) => o.activeKeys.has(k));
  if (o.withoutRanks) {
    // no rank to choose by: the user's own tribunals with the next ones of their group in the court's order
    const ownRow = rows.find((r) => r.unit === own[0]);
    const sameGroup = rows.filter((r) => !ownRow || r.group === ownRow.group);
    if (own.length >= MIN_UNITS) return { units: own.slice(0, MAX_UNITS), note: me?.role === "head" ? "本庭。" : "您分管的法庭。" };
    if (ownRow) {
      const others = sameGroup.filter((r) => r.unit !== ownRow.unit).slice(0, 2).map((r) => r.unit);
      return { units: [ownRow.unit, ...others], note: `${me?.role === "head" ? "本庭" : "您分管的法庭"}与${grouped ? "同组" : ""}按法庭顺序相邻的法庭(本院考核排名不通报)。` };
    }
    return { units: rows.slice(0, FIRST_FEW).map((r) => r.unit), note: "按法庭顺序的前四个法庭(本院考核排名不通报)。" };
  }
  // the server's order: by group, then rank within it
  const inOrder = [...rows];
  if (me?.role === "head" && own[0]) {
    const mine = inOrder.find((r) => r.unit === own[0]);
    if (!mine) return { units: own.slice(0, 1), note: `${month}本庭没有排名,请再选择要对比的法庭。` };
    const group = inOrder.filter((r) => r.group === mine.group);
    const i = group.indexOf(mine);
    const near = group.slice(Math.max(0, i - 1), i + 2).map((r) => r.unit);
    const g = groupName(groups, mine.group);
    return { units: near, note: `${month}本庭(${g}${rankText(mine.rank ?? "—")})与${g ? "同组" : ""}名次紧邻的法庭。` };
  }
  if (me?.role === "leader" && own.length) {
    if (own.length >= MIN_UNITS) return { units: own.slice(0, MAX_UNITS), note: "您分管的法庭。" };
    const ownRow = inOrder.find((r) => r.unit === own[0]);
    const first = inOrder.find((r) => r.unit !== own[0] && (!ownRow || r.group === ownRow.group));
    const g = ownRow ? groupName(groups, ownRow.group) : "";
    const place = first ? (first.rank === 1 ? "第一" : rankText(first.rank ?? "—")) : "";
    return { units: [...own, ...(first ? [first.unit] : [])], note: first ? `您分管的法庭与${month}${g ? `${g}` : ""}排名${place}的${first.name}。` : "您分管的法庭。" };
  }
  if (grouped) {
    // each group's first and last: never compared across groups by rank
    const picks = groups.flatMap((g) => {
      const list = inOrder.filter((r) => r.group === g.key);
      return list.length > 1 ? [list[0]!, list.at(-1)!] : list;
    });
    return { units: picks.slice(0, MAX_UNITS).map((r) => r.unit), note: `${month}各组排名第一和末位的法庭。` };
  }
  if (inOrder.length <= FIRST_FEW) return { units: inOrder.map((r) => r.unit), note: `${month}参加排名的全部法庭。` };
  return { units: [...inOrder.slice(0, 2), ...inOrder.slice(-2)].map((r) => r.unit), note: `${month}排名前两位和后两位的法庭。` };
}

/** What the page does on opening, once it knows enough. */
export type Opening =
  | { kind: "wait" }
  | { kind: "choose"; units: string[]; note: string }
  /** a head in a month whose others' scores they may not see: the latest published month instead */
  | { kind: "move"; period: string; note: string };

export function opening(o: {
  active: ReadonlyArray<{ key: string }>;
  fromAddress: string | undefined;
  ranking: Ranking | undefined;
  rankingFailed: boolean;
  me: Viewer | null;
  period: string | null;
  latestPublished: string | null;
}): Opening {
  const list = o.active;
  if (!list.length) return { kind: "wait" };
  const fromUrl = o.fromAddress ? o.fromAddress.split(",").filter((k) => list.some((u) => u.key === k)) : [];
  if (fromUrl.length >= MIN_UNITS) return { kind: "choose", units: fromUrl.slice(0, MAX_UNITS), note: "" };
  const r = o.ranking;
  if (!r && !o.rankingFailed) return { kind: "wait" };
  const rows = (r?.units ?? []).filter((u): u is VisibleRow => !u.hidden);
  const hidesOthers = o.rankingFailed || (r?.units.some((u) => u.hidden) ?? false);
  if (o.me?.role === "head" && hidesOthers && o.latestPublished && o.period !== o.latestPublished) {
    const was = o.period ? periodLabel(o.period) : "该月";
    return { kind: "move", period: o.latestPublished, note: `${was}尚未发布,审核期间庭长只能查看本庭的分数;已改为显示最近已发布的${periodLabel(o.latestPublished)}。` };
  }
  if (!rows.length) return { kind: "choose", units: list.slice(0, 2).map((u) => u.key), note: "" };
  return { kind: "choose", ...firstChoice(rows, { withoutRanks: ranksHidden(r), me: o.me, period: o.period, activeKeys: new Set(list.map((u) => u.key)), groups: groupsOf(r) }) };
}

/** The chosen tribunals in the court's order (with groups: group by group), so columns do not jump as the choice changes. */
export function columnsOf(selected: readonly string[], active: ReadonlyArray<{ key: string }>, ranking: Ranking | undefined): string[] {
  const keys = active.filter((u) => selected.includes(u.key)).map((u) => u.key);
  const order = groupsOf(ranking);
  if (order.length <= 1) return keys;
  const groupOf = new Map((ranking?.units ?? []).map((u) => [u.unit, u.group]));
  const place = (k: string) => order.findIndex((g) => g.key === groupOf.get(k));
  return keys.map((k, i) => ({ k, i, g: place(k) })).sort((a, b) => a.g - b.g || a.i - b.i).map((x) => x.k);
}

export interface Cell {
  main: string;
  sub?: string;
  /** what is compared for "best" */
  value: number | null;
  explanation?: string;
  warn?: "red" | "yellow" | null;
}
export interface Row {
  id: string;
  kind: "section" | "indicator" | "summary";
  label: string;
  note?: string;
  /** which way is better; none: not compared */
  better: "higher" | "lower" | "none";
  /** a section's or indicator's full points: tribunals tied on them are all best */
  full?: number;
  cells: Record<string, Cell>;
}

type Shown = Extract<Outcome, { ok: true }>;

/** The rows compared: each section with its indicators, then bonus, penalty, total, group, rank and veto. */
export function comparisonRows(shown: readonly Shown[], o: { groups: readonly GroupRef[]; hiddenRanks: boolean; capText: (u: UnitResult["unit"]) => string }): Row[] {
  const d = shown[0]?.data;
  if (!d) return [];
  const grouped = o.groups.length > 1;
  const out: Row[] = [];
  const each = (f: (u: UnitResult["unit"]) => Cell) => Object.fromEntries(shown.map((s) => [s.unit, f(s.data.unit)]));
  /** a capped bonus or penalty: 封顶前 x beneath it, the engine's sentence on the caps as its explanation */
  const capped = (u: UnitResult["unit"], kind: "bonus" | "penalty"): Partial<Cell> => {
    if (!wasCapped(u, kind)) return {};
    const before = kind === "bonus" ? u.bonusUncapped : u.penaltyUncapped;
    return { sub: `封顶前 ${score(before)}`, explanation: o.capText(u) || undefined };
  };
  for (const s of d.sections) {
    out.push({ id: `s-${s.key}`, kind: "section", label: s.name, note: `满分 ${s.points} 分`, better: "higher", full: s.points, cells: each((u) => ({ main: score(u.sections[s.key]), value: u.sections[s.key] ?? null })) });
    for (const ind of d.indicators.filter((i) => i.section === s.key)) {
      out.push({
        id: `i-${ind.key}`,
        kind: "indicator",
        label: ind.name,
        note: `${ind.points} 分 · ${ind.direction === "higher" ? "越高越好" : "越低越好"}`,
        better: "higher",
        full: ind.points,
        cells: each((u) => {
          const r = u.indicators[ind.key];
          // absent: the indicator does not apply to the tribunal's group (分类考核)
          if (!r) return { main: "不适用", value: null, sub: groupName(o.groups, u.group) ? `不考核${groupName(o.groups, u.group)}` : undefined };
          return {
            main: score(r.score),
            sub: `${formatValue(r.value, ind.unit ?? undefined)}${r.rank === null || o.hiddenRanks ? "" : ` · ${grouped ? "组内" : ""}${rankText(r.rank)}`}`,
            value: r.score,
            explanation: r.explanation?.text,
            warn: r.warn,
          };
        }),
      });
    }
  }
  out.push({ id: "bonus", kind: "summary", label: "加分", better: "none", cells: each((u) => ({ main: score(u.bonus), value: u.bonus, ...capped(u, "bonus") })) });
  out.push({ id: "penalty", kind: "summary", label: "扣分", better: "none", cells: each((u) => ({ main: score(u.penalty), value: u.penalty, ...capped(u, "penalty") })) });
  out.push({ id: "total", kind: "summary", label: "总分", better: "higher", cells: each((u) => ({ main: score(u.total), value: u.total })) });
  if (grouped) out.push({ id: "group", kind: "summary", label: "分组", note: o.hiddenRanks ? "按分组考核" : "名次在组内排", better: "none", cells: each((u) => ({ main: groupName(o.groups, u.group), value: null })) });
  if (!o.hiddenRanks)
    out.push({
      id: "rank",
      kind: "summary",
      label: grouped ? "组内名次" : "名次",
      note: grouped ? undefined : `全院共 ${d.cohort} 个法庭`,
      better: "lower",
      cells: each((u) => ({ main: u.rank === null ? "—" : rankText(u.rank), value: u.rank })),
    });
  out.push({ id: "veto", kind: "summary", label: "一票否决", better: "none", cells: each((u) => ({ main: u.veto ? "否决" : "否", value: null, warn: u.veto ? "red" : null })) });
  return out;
}

/**
 * The best value of a row among the shown tribunals of `group` (every tribunal holding it is
 * marked, ties included); none when fewer than two have a value or all are equal below the full points, and none at all when the ranks are withheld ("who leads" is a rank).
 */
export function bestOf(row: Row, group: string | undefined, groupOfShown: ReadonlyMap<string, string | undefined>, hiddenRanks: boolean): number | null {
  if (row.better === "none" || hiddenRanks) return null;
  const vals = Object.entries(row.cells)
    .filter(([unit]) => groupOfShown.get(unit) === group)
    .map(([, c]) => c.value)
    .filter((v): v is number => v !== null);
  if (vals.length < 2) return null;
  // all equal: none leads — unless all have the full points, then each is best (★ on every one)
  if (vals.every((v) => v === vals[0])) return row.full !== undefined && Math.abs(vals[0]! - row.full) < 1e-9 ? vals[0]! : null;
  return row.better === "higher" ? Math.max(...vals) : Math.min(...vals);
}

/**
 * The comparison as a page holds it: the choice (kept in the address by the page), what it opened
 * on and why, the columns, the outcomes split into shown and refused, and the rows.
 */
export function useComparison(o: {
  period: Ref<string | null>;
  latestPublished: () => string | null;
  active: () => ReadonlyArray<{ key: string }>;
  me: () => Viewer | null;
  fromAddress: () => string | undefined;
  ranking: () => Ranking | undefined;
  rankingFailed: () => boolean;
  outcomes: () => Outcome[] | undefined;
  capText: (u: UnitResult["unit"]) => string;
}) {
  const selected = ref<string[]>([]);
  /** why the page opened on these tribunals */
  const choiceNote = ref("");
  const chosen = ref(false);

  watch(
    [o.active, o.ranking, o.rankingFailed],
    () => {
      if (chosen.value) return;
      const next = opening({ active: o.active(), fromAddress: o.fromAddress(), ranking: o.ranking(), rankingFailed: o.rankingFailed(), me: o.me(), period: o.period.value, latestPublished: o.latestPublished() });
      if (next.kind === "wait") return;
      if (next.kind === "move") {
        o.period.value = next.period;
        choiceNote.value = next.note;
        return;
      }
      selected.value = next.units;
      choiceNote.value = [choiceNote.value, next.note].filter(Boolean).join(" ");
      chosen.value = true;
    },
    { immediate: true },
  );

  const columns = computed(() => columnsOf(selected.value, o.active(), o.ranking()));
  const enough = computed(() => columns.value.length >= MIN_UNITS);
  const outcomes = computed(() => o.outcomes() ?? []);
  const shown = computed(() => outcomes.value.filter((x): x is Shown => x.ok));
  const refused = computed(() => outcomes.value.filter((x): x is Extract<Outcome, { ok: false }> => !x.ok));
  /** the server withholds the ranks of this month (不通报排名) */
  const hiddenRanks = computed(() => ranksHidden(o.ranking()) || shown.value.some((x) => ranksHidden(x.data)));
  const groups = computed(() => groupsOf(o.ranking() ?? shown.value[0]?.data));
  const grouped = computed(() => groups.value.length > 1);
  const rows = computed(() => comparisonRows(shown.value, { groups: groups.value, hiddenRanks: hiddenRanks.value, capText: o.capText }));
  /** each shown tribunal's group: "best" is only looked for among tribunals of the same group */
  const groupOfShown = computed(() => new Map(shown.value.map((x) => [x.unit, x.data.unit.group])));
  const isBest = (row: Row, unit: string) => {
    const b = bestOf(row, groupOfShown.value.get(unit), groupOfShown.value, hiddenRanks.value);
    return b !== null && row.cells[unit]?.value === b;
  };

  return { selected, choiceNote, chosen, columns, enough, outcomes, shown, refused, hiddenRanks, groups, grouped, groupOfShown, rows, isBest };
}
