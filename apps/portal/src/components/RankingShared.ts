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
    default:
      return "上月没有可比的排名";
  }
}

/** `2023-03` → `3月` */
export const monthLabel = (period: string) => `${Number(period.slice(5, 7))}月`;

/** A signed score: +0.40 / −1.00 */
export function signed(x: number): string {
  if (x === 0) return "0.00";
  return `${x > 0 ? "+" : "−"}${Math.abs(x).toFixed(2)}`;
}
