import { dayLabel, formatValue, isQuarter, num, periodLabel, quarterLabel, rankText, windowName, WINDOW_KINDS, type WindowKind } from "@scorecard/rules";

/** Numbers and ranks worded by rules (as the engine's explanations and the documents word them); months and windows named as rules names them. */
export { dayLabel, formatValue, num, periodLabel, rankText, windowName };

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

/** A published correction that marked a document 需更正 (the API's `needsCorrection.because`). */
export interface CorrectionCause {
  /** "notice" | "summary" | "annual" (the API types it as a string) */
  kind: string;
  subject: string;
  revision: number;
  number: string;
}
export type NeedsCorrection = { because: readonly CorrectionCause[] } | null | undefined;

const DOCUMENT_NAMES = { notice: "考核通报", summary: "季度总结", annual: "年度考核结果" } as const;
const THIS_DOCUMENT = { notice: "本通报", summary: "本总结", annual: "本年度考核结果" } as const;

/** A published document by its subject: 2023年3月考核通报, 2023年第一季度总结, 2023年度考核结果. */
export function documentName(kind: string, subject: string): string {
  if (kind === "notice") return `${periodLabel(subject)}${DOCUMENT_NAMES.notice}`;
  // the quarter's label already says 季度: 2023年第一季度 + 总结
  if (kind === "summary") return isQuarter(subject) ? `${quarterLabel(subject)}总结` : `${subject}${DOCUMENT_NAMES.summary}`;
  if (kind === "annual") return `${subject}${DOCUMENT_NAMES.annual}`;
  return subject;
}

/** The correction in words: 2023年3月考核通报已更正(第 2 版,开法考〔2023〕9号). */
export function correctionCause(c: CorrectionCause): string {
  return `${documentName(c.kind, c.subject)}已更正(第 ${c.revision} 版,${c.number})`;
}

/**
 * Why a document is marked 需更正, as its page says it: 本总结需更正:2023年3月考核通报已更正(第 2 版,
 * 开法考〔2023〕9号),本总结的数字与更正后的月份不一致,请发起更正。 `canCorrect`: the reader is the one
 * who corrects it (stats; hr for the annual evaluation); others are told who will.
 */
export function needsCorrectionText(kind: keyof typeof THIS_DOCUMENT, marked: NeedsCorrection, canCorrect: boolean): string {
  const self = THIS_DOCUMENT[kind];
  const causes = (marked?.because ?? []).map(correctionCause);
  const why = causes.length ? `${causes.join(";")},` : "";
  const who = canCorrect ? "请发起更正。" : kind === "annual" ? "政治处将更正后重新发布。" : "统计员将更正后重新发布。";
  return `${self}需更正:${why}${self}的数字与更正后的月份不一致,${who}`;
}

/** The correction a list's 需更正 tag names: 因2023年3月考核通报更正(开法考〔2023〕9号). */
export function needsCorrectionNote(marked: NeedsCorrection): string {
  const causes = marked?.because ?? [];
  return causes.length ? `因${causes.map((c) => `${documentName(c.kind, c.subject)}更正(${c.number})`).join("、")}` : "";
}
