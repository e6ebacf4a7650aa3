import { monthOf, signed as minusSigned } from "@scorecard/rules";
import type { RankChange } from "../composables/useRanking";

/** How the overview, compare and my-tribunals pages write a rank change, a month and a signed score. */

/** 持平 / ↑2 / ↓1 / 年初 / 新 / 无数据: never a bare dash, which would read both as "no change" and "no data". */
export function rankChangeText(c: RankChange | undefined): string {
  if (!c) return "";
  switch (c.kind) {
    case "up":
      return `↑${c.by}`;
    case "down":
      return `↓${c.by}`;
    case "same":
      return "持平";
    case "new":
      return "新";
    case "start":
      return c.label;
    case "regrouped":
      return "分组变化";
    default:
      return "无数据";
  }
}

export function rankChangeTitle(c: RankChange | undefined): string {
  if (!c) return "";
  switch (c.kind) {
    case "up":
      return `比上月上升 ${c.by} 名`;
    case "down":
      return `比上月下降 ${c.by} 名`;
    case "same":
      return "名次与上月相同";
    case "new":
      return "上月未参加排名";
    case "start":
      return c.label === "年初" ? "年初至当月累计从 1 月重新起算,没有上月可比" : "本季度累计从季度第一个月重新起算,没有上月可比";
    case "regrouped":
      return "上月属于另一分组,名次不可比";
    default:
      return "上月没有可比的排名";
  }
}

/** `2023-03` → `3月` */
export const monthLabel = (period: string) => `${monthOf(period)}月`;

/** A signed score: +0.40 / −1.00 / 0.00 (rules' minus sign; the plus is the portal's, for a change). */
export function signed(x: number): string {
  const s = minusSigned(x.toFixed(2));
  return x > 0 && s !== "0.00" ? `+${s}` : s;
}

/**
 * Groups (分类考核, rulebook.md §9) and internal ranking (不通报排名) as the server sends them:
 * the portal never ranks anything itself, it only shows the ranks it was given and keeps
 * tribunals of different groups apart.
 */
export interface GroupRef {
  key: string;
  name: string;
}

/** The groups a result names, in the rulebook's order (several only when the rulebook ranks groups apart). */
export function groupsOf(r: object | null | undefined): GroupRef[] {
  return [...((r as { groups?: readonly GroupRef[] } | null | undefined)?.groups ?? [])];
}

/** True when the server withheld the ranks (a leader or head under a rulebook whose ranking is internal). */
export function ranksHidden(r: object | null | undefined): boolean {
  return (r as { ranksHidden?: boolean } | null | undefined)?.ranksHidden === true;
}

/** A rank as the server sent it; null when withheld or not ranked. */
export function rankOf(x: { rank: number | null } | null | undefined): number | null {
  return x?.rank ?? null;
}

/** A group's name by its key ("" when the result has a single group, which needs no name). */
export function groupName(groups: readonly GroupRef[], key: string | null | undefined): string {
  if (groups.length <= 1 || !key) return "";
  return groups.find((g) => g.key === key)?.name ?? "";
}

export interface GroupBlock<T> {
  key: string;
  /** empty when the ranking has one group: no heading */
  name: string;
  rows: T[];
}

/**
 * Rows split by group, each block in the server's order (which is the group's ranking, or the
 * court's order when ranks are withheld); one block without a name when there is one group. Rows
 * whose group is not given (a tribunal not visible yet) follow in a block of their own.
 */
export function byGroup<T extends object>(rows: readonly T[], groups: readonly GroupRef[]): GroupBlock<T>[] {
  if (groups.length <= 1) return [{ key: "", name: "", rows: [...rows] }];
  const of = (r: T) => (r as { group?: string }).group;
  const blocks: GroupBlock<T>[] = groups.map((g) => ({ key: g.key, name: g.name, rows: rows.filter((r) => of(r) === g.key) }));
  const rest = rows.filter((r) => !groups.some((g) => g.key === of(r)));
  if (rest.length) blocks.push({ key: "", name: "", rows: rest });
  return blocks.filter((b) => b.rows.length);
}

/** 达标: an indicator's score equals its points (product.md, under an internal ranking); the engine's rule. */
export { attained } from "@scorecard/scoring";

