/**
 * The drafted 情况分析 of a quarterly summary: who leads the quarter and the year to date, who
 * climbed or fell within the quarter and which indicators moved them, the court-wide values
 * against the previous quarter and the same quarter last year, the red indicators — in the
 * register of the notice's analysis (../notice/analysis), whose sentences it reuses. Every number
 * is one the engine computed, or the difference of two as shown.
 */
import { indicatorsOf, previousQuarter, quarterLabel, rankText, splitPeriod, type Period } from "@scorecard/rules";
import type { PeriodResult } from "@scorecard/scoring";
import { court, leaders, reasons, reds, standards, type AnalysisInput } from "../notice/analysis";
import { listOf, unitNamer } from "../official/model";
import { groupNamer, ranksHidden } from "../official/ranking";
import { courtWords } from "../official/issue";
import type { SummaryMove, SummarySnapshot } from "./snapshot";

/** What the drafted analysis is written from: the snapshot, the first and last month's own rankings, the court-wide figures of the quarter. */
export interface SummaryAnalysisInput {
  snapshot: Omit<SummarySnapshot, "commentary">;
  /** the quarter's first and last month's own rankings (null where the month has none) */
  first: PeriodResult | null;
  last: PeriodResult | null;
  /** court-wide figures of the quarter's window: this quarter, the previous one, the same quarter last year */
  court: AnalysisInput["court"];
}

const monthWord = (p: Period) => `${splitPeriod(p).month}月`;

/** The climbs and falls of some units (a group's, or all) within the quarter, each with the indicators that moved it; the ones that held their place every month. */
function moves(input: SummaryAnalysisInput, m: { climb: SummaryMove | null; fall: SummaryMove | null }, keys: ReadonlySet<string> | null, name: (k: string) => string): string[] {
  const s = input.snapshot;
  const { first, last } = input as { first: PeriodResult; last: PeriodResult };
  const [a, , b] = s.months as [Period, Period, Period];
  const indicators = indicatorsOf(s.rulebook);
  const before = new Map(first.units.map((u) => [u.unit, u]));
  const move = (units: readonly string[], up: boolean) =>
    units.map((k) => {
      const now = last.units.find((u) => u.unit === k)!;
      const was = before.get(k)!;
      const why = reasons(now, was, up, indicators, courtWords(s).unit);
      const head = `${name(k)}由${monthWord(a)}的${rankText(was.rank)}${up ? "升至" : "降至"}${monthWord(b)}的${rankText(now.rank)}`;
      return why.length ? `${head},主要${up ? "得益于" : "因"}${listOf(why)}` : head;
    });
  const parts: string[] = [];
  if (m.climb) parts.push(`排名上升最多的是${listOf(m.climb.units.map(name))}(上升${m.climb.places}位):${move(m.climb.units, true).join(";")}`);
  if (m.fall) parts.push(`排名下降最多的是${listOf(m.fall.units.map(name))}(下降${m.fall.places}位):${move(m.fall.units, false).join(";")}`);
  const steady = Object.entries(s.rankPaths)
    .filter(([k, r]) => (keys === null || keys.has(k)) && r.every((x) => x !== null && x === r[0]))
    .sort((x, y) => x[1][0]! - y[1][0]!);
  if (steady.length) parts.push(`${listOf(steady.map(([k, r]) => `${name(k)}各月均列${rankText(r[0]!)}`))}`);
  if (!m.climb && !m.fall) parts.unshift(`${monthWord(b)}与${monthWord(a)}相比,${keys === null ? `各${courtWords(s).unit}` : ""}排名均未变化`);
  return parts;
}

/** The quarter's rank paths in words; with groups, group by group; nothing when ranks are kept internal. */
function path(input: SummaryAnalysisInput, name: (k: string) => string): string {
  const s = input.snapshot;
  if (ranksHidden(s.rulebook)) return "";
  const { first, last } = input;
  if (!s.movers || !first || !last) return "从季内走势看,本季度月度排名不足两个月,暂不比较季内排名变化。";
  if (s.movers.groups) {
    const group = groupNamer(s.result);
    const groupOf = new Map(s.result.units.map((u) => [u.unit, u.group]));
    const text = s.movers.groups.map((g) => {
      const keys = new Set([...groupOf].filter(([, k]) => k === g.group).map(([u]) => u));
      return `${group(g.group)}中,${moves(input, g, keys, name).join(";")}`;
    });
    return `从季内走势看,${text.join("。")}。`;
  }
  return `从季内走势看,${moves(input, s.movers, null, name).join(";")}。`;
}

/** The drafted 情况分析 of a quarter (paragraphs separated by "\n"), for `stats` to edit before publishing. */
export function draftSummaryAnalysis(input: SummaryAnalysisInput): string {
  const s = input.snapshot;
  if (!s.result.units.length) return "本季度无考核数据。";
  const name = unitNamer(s);
  const sameWindow = s.ytd.window.from === s.result.window.from && s.ytd.window.to === s.result.window.to;
  return [
    leaders(s, name, "从本季度排名情况看"),
    sameWindow || !s.ytd.units.length ? "" : leaders({ result: s.ytd, rulebook: s.rulebook }, name, "从年初至季末累计情况看"),
    path(input, name),
    ranksHidden(s.rulebook) ? standards(s, name) : "",
    // the quarter compared named (较2022年第四季度), never a bare 上季度
    court(input.court, s, quarterLabel(previousQuarter(s.quarter))),
    reds(s, name),
    `请${courtWords(s).each}对照本季度考核情况,巩固优势、补齐短板,对预警指标逐项分析原因、落实整改措施,确保完成全年各项目标任务。`,
  ]
    .filter((p) => p)
    .join("\n");
}
