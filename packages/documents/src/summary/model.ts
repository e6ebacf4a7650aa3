/** The quarterly summary as an official document model (../official/model), from its snapshot alone. */
import { quarterLabel, rankText, splitPeriod, windowName } from "@scorecard/rules";
import { correctionBlocks, rankingTables, rankingWord, warningsTable } from "../notice/model";
import { points, windowWords } from "../official/format";
import { BodyWriter, courtOrder, listOf, officialFrame, unitNamer, type Cell, type ModelTable, type OfficialModel } from "../official/model";
import { groupNamer, grouped, groupsClause, ranksHidden } from "../official/ranking";
import { courtWords, profileOf } from "../official/issue";
import type { SummaryMove, SummarySnapshot } from "./snapshot";

/** 关于2023年第一季度人民法庭审判执行工作绩效考核情况的通报: the quarter's summary (季总结) is issued as a 通报 (its text says 现通报如下) */
export function summaryTitle(s: Pick<SummarySnapshot, "quarter" | "correction" | "profile">): string {
  return `关于${quarterLabel(s.quarter)}${courtWords(s).full}审判执行工作绩效考核情况的${s.correction ? "更正" : ""}通报`;
}

const monthWord = (p: string) => `${splitPeriod(p).month}月`;
const dash = (): Cell => ({ text: "—", align: "center" });

/** The rank paths (or the trend of totals) of some tribunals as a table: 法庭, each month, and the change from the first to the last month. */
function pathTable(s: SummarySnapshot, keys: readonly string[], name: (k: string) => string, caption: string, what: "rank" | "total"): ModelTable {
  const values = what === "rank" ? s.rankPaths : s.trend;
  const [a, , b] = s.months.map(monthWord);
  const body = keys.map((k) => {
    const row = values[k]!;
    const cells: Cell[] = row.map((v) => (v === null ? dash() : what === "rank" ? { text: String(v), num: v, fmt: "0", align: "center" } : { text: points(v), num: v, fmt: "0.00", align: "right" }));
    const x = row[0];
    const y = row[row.length - 1];
    let change: Cell = dash();
    if (x !== null && x !== undefined && y !== null && y !== undefined) {
      if (what === "rank") change = { text: x > y ? `↑${x - y}` : x < y ? `↓${y - x}` : "持平", align: "center" };
      else {
        const d = (Math.round(y * 100) - Math.round(x * 100)) / 100;
        change = { text: d > 0 ? `+${points(d)}` : points(d), num: d, fmt: "0.00", align: "right" };
      }
    }
    return [{ text: name(k) }, ...cells, change];
  });
  const head = [[{ text: courtWords(s).unit }, ...s.months.map((m) => ({ text: what === "rank" ? `${monthWord(m)}名次` : `${monthWord(m)}总分` })), { text: `${b}较${a}` }].map((c) => ({ ...c, align: "center" as const }))];
  return {
    sheet: "走势",
    caption,
    head,
    body,
    widths: [44, ...s.months.map(() => 28), 28],
    note: what === "rank" ? `注:各月名次为当月通报的排名(${windowName(s.rulebook.window)})${grouped(s.rulebook) ? `,为在本类${courtWords(s).unit}中的名次` : ""},“—”表示当月无排名。` : undefined,
  };
}

/** The tribunals of the rank paths, in court order, by the group of the quarter's ranking (one unnamed part without groups). */
function pathGroups(s: SummarySnapshot): Array<{ name: string | null; keys: string[] }> {
  const keys = courtOrder({ units: s.units, result: { units: Object.keys(s.rankPaths).map((unit) => ({ unit })) } }).map((u) => u.unit);
  if (!grouped(s.rulebook)) return [{ name: null, keys }];
  const groupOf = new Map(s.result.units.map((u) => [u.unit, u.group]));
  const parts = s.result.groups.map((g) => ({ name: g.name as string | null, keys: keys.filter((k) => groupOf.get(k) === g.key) }));
  // a tribunal ranked in the quarter's months but not in its window: apart, unnamed
  const rest = keys.filter((k) => !groupOf.has(k));
  return [...parts, ...(rest.length ? [{ name: "其他", keys: rest }] : [])].filter((p) => p.keys.length);
}

/** The biggest climb and fall of some units (a group's, or all), in words. */
function moveWords(s: SummarySnapshot, name: (k: string) => string, m: { climb: SummaryMove | null; fall: SummaryMove | null }): string[] {
  const [a, , b] = s.months.map(monthWord);
  const path = (k: string) => s.rankPaths[k] ?? [];
  const one = (k: string) => `${name(k)}(由${a}${rankText(path(k)[0]!)}至${b}${rankText(path(k)[2]!)})`;
  return [
    m.climb ? `排名上升最多的是${listOf(m.climb.units.map(one))},上升${m.climb.places}位` : `${b}与${a}相比,没有排名上升的${courtWords(s).unit}`,
    m.fall ? `排名下降最多的是${listOf(m.fall.units.map(one))},下降${m.fall.places}位` : `没有排名下降的${courtWords(s).unit}`,
  ];
}

function moversText(s: SummarySnapshot, name: (k: string) => string): string {
  if (!s.movers) return "本季度月度排名不足两个月,不比较季内排名变化。";
  const group = groupNamer(s.result);
  if (s.movers.groups) return `${s.movers.groups.map((g) => `${group(g.group)}中,${moveWords(s, name, g).join(";")}`).join("。")}。`;
  return `${moveWords(s, name, s.movers).join(";")}。`;
}

/** Builds the summary's document model from its snapshot alone. */
export function summaryModel(s: SummarySnapshot): OfficialModel {
  const name = unitNamer(s);
  const words = courtWords(s);
  const b = new BodyWriter();
  const q = quarterLabel(s.quarter);
  const w = s.result.window;
  const hidden = ranksHidden(s.rulebook);
  const word = rankingWord(s.rulebook);

  if (s.correction) {
    const c = correctionBlocks(s, name, { word: "总结", fallback: "本季度总结" }, b.tables);
    b.blocks.push(...c.blocks);
    b.tables += c.tables;
  }
  b.p(
    `根据《${s.rulebook.title}》(${s.rulebook.version}版),${profileOf(s).kinds.summary.printedBy}对${q}(${windowWords(w)})${words.scope}${s.result.units.length}个${words.full}${groupsClause(s.rulebook, s.result.groups)}的审判、执行工作绩效考核情况进行了总结,现通报如下:`,
  );

  b.h1(`本季度考核${word}`);
  const ranking = b.tables + 1;
  rankingTables(b, s, s.result, name, { caption: (no, group) => `表${no} ${q}${group ?? words.each}考核${word}(${windowWords(w)}累计)` });
  const rankingTo = b.tables;

  b.h1(`年初至季末累计${word}`);
  const sameWindow = s.ytd.window.from === w.from && s.ytd.window.to === w.to;
  if (sameWindow) b.p(`${q}的考核期即年初至季末(${windowWords(w)}),累计${word}同表${ranking}${rankingTo > ranking ? `至表${rankingTo}` : ""}。`);
  else rankingTables(b, s, s.ytd, name, { caption: (no, group) => `表${no} ${windowWords(s.ytd.window)}${group ?? words.each}累计考核${word}` });

  b.h1(`季内${hidden ? "得分" : "排名"}走势`);
  const parts = pathGroups(s);
  if (!hidden) for (const g of parts) b.table(pathTable(s, g.keys, name, `表${b.tables + 1} ${g.name ?? words.each}各月排名`, "rank"));
  for (const g of parts) b.table(pathTable(s, g.keys, name, `表${b.tables + 1} ${g.name ?? words.each}各月总分`, "total"));
  if (!hidden) b.p(moversText(s, name));

  b.h1("预警情况");
  const warn = warningsTable(s, name, b.tables + 1);
  if (warn) b.table(warn);
  else b.p("本季度无预警事项。");

  b.h1("情况分析");
  b.text(s.commentary);

  return officialFrame(s, { title: summaryTitle(s), blocks: b.blocks, mark: { word: "草稿", banner: "草稿 · 未经发布,不作为正式通报" }, kind: "summary" });
}
