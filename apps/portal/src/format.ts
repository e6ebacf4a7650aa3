import { formatValue, num } from "@scorecard/scoring";

/** The engine's own formatting, so the portal shows numbers exactly as the explanations do. */
export { formatValue, num };

/** A score with two decimals, as the notices print it. */
export function score(x: number | null | undefined): string {
  return x === null || x === undefined ? "—" : x.toFixed(2);
}

/** `2023-03` → `2023年3月` */
export function periodLabel(period: string): string {
  return `${period.slice(0, 4)}年${Number(period.slice(5, 7))}月`;
}

export const WINDOW_LABELS = { month: "当月", ytd: "年初至当月累计", quarter: "本季度累计", year: "全年" } as const;

/** A scoring window in words: `年初至当月累计(2023年1月至2023年3月)`. */
export function windowLabel(w: { kind: keyof typeof WINDOW_LABELS; from: string; to: string } | undefined): string {
  if (!w) return "";
  return `${WINDOW_LABELS[w.kind]}(${w.from === w.to ? periodLabel(w.from) : `${periodLabel(w.from)}至${periodLabel(w.to)}`})`;
}

export const STATUS_LABELS = { collecting: "数据采集中", review: "审核中", published: "已发布" } as const;
export const STATUS_TYPES = { collecting: "info", review: "warning", published: "success" } as const;
