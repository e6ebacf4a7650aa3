import { formatValue, num } from "@scorecard/scoring";
import { dayLabel, periodLabel, windowName, WINDOW_KINDS, type WindowKind } from "@scorecard/rules";

/** The engine's own formatting, so the portal shows numbers exactly as the explanations do; months and windows named as rules names them. */
export { dayLabel, formatValue, num, periodLabel, windowName };

/** The scoring windows a user may choose, in order, with their names. */
export const WINDOW_CHOICES = WINDOW_KINDS.map((kind) => ({ kind, name: windowName(kind) }));

/** A score with two decimals, as the notices print it. */
export function score(x: number | null | undefined): string {
  return x === null || x === undefined ? "—" : x.toFixed(2);
}

/** A scoring window in words: `年初至当月累计(2023年1月至2023年3月)`. */
export function windowLabel(w: { kind: WindowKind; from: string; to: string } | undefined): string {
  if (!w) return "";
  return `${windowName(w.kind)}(${w.from === w.to ? periodLabel(w.from) : `${periodLabel(w.from)}至${periodLabel(w.to)}`})`;
}

export const STATUS_LABELS = { collecting: "数据采集中", review: "审核中", published: "已发布", correcting: "更正中" } as const;
export const STATUS_TYPES = { collecting: "info", review: "warning", published: "success", correcting: "danger" } as const;

/** A moment as the court reads it, in Beijing time: `2023年4月3日 10:00`. */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const p = Object.fromEntries(
    new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", year: "numeric", month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(new Date(iso))
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}年${p.month}月${p.day}日 ${p.hour}:${p.minute}`;
}
