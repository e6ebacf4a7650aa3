/**
 * The drafted 情况分析 (product.md, "The notice holds"): who leads and by how much, who climbed or
 * fell and which indicators moved them, the court-wide rates against last month and the same
 * month last year, the red indicators and their tribunals — in the register of a court's notice.
 * Every number in it is one the engine computed (a score, total, rank, value or court-wide
 * value), or the difference of two of them as shown, written by ./format.
 */
import { indicatorsOf, rankText, runnerUpText, termsOf, type CourtProfile, type FieldRef, type Indicator, type Rulebook } from "@scorecard/rules";
import { attained, cents, type CourtFigures, type PeriodResult, type UnitResult, type Warning } from "@scorecard/scoring";
import { deltaNumber, deltaText, indicatorUnit, points, valueText, windowWords } from "../official/format";
import { courtOrder, listOf, unitNamer } from "../official/model";
import { groupNamer, grouped, printedWarnings, ranksHidden } from "../official/ranking";
import { courtWords } from "../official/issue";
import type { NoticeSnapshot } from "./snapshot";

/** What the drafted 情况分析 is written from: the snapshot, last month's ranking and the court-wide figures. */
export interface AnalysisInput {
  snapshot: Omit<NoticeSnapshot, "commentary">;
  /** last month's ranking in the same window; null at the start of a window or without one */
  previous: PeriodResult | null;
  /** court-wide figures in the same window: this period, last month, the same month last year */
  court: { now: CourtFigures | null; previous: CourtFigures | null; lastYear: CourtFigures | null };
}

/** The difference of two scores in points, exactly as the two are shown. */
export function pointsDelta(now: number, before: number): number {
  return (cents(now) - cents(before)) / 100;
}

const join = listOf;

/** Who leads some units (a ranking, or one group of it) and by how much, and who is last: `X以95.00分位列第一,领先第二名Y1.20分;Z以70.00分排名末位`. */
function leadOf(units: readonly UnitResult[], name: (k: string) => string): string {
  const first = units.filter((u) => u.rank === 1);
  const top = first[0]!;
  let text = first.length > 1 ? `${join(first.map((u) => name(u.unit)))}以${points(top.total)}分并列第一` : `${name(top.unit)}以${points(top.total)}分位列第一`;
  const nextRank = units.find((u) => u.rank > 1)?.rank;
  if (nextRank !== undefined) {
    const second = units.filter((u) => u.rank === nextRank);
    text += `,领先${runnerUpText(nextRank)}${join(second.map((u) => name(u.unit)))}${points(pointsDelta(top.total, second[0]!.total))}分`;
  }
  const lastRank = units[units.length - 1]!.rank;
  if (lastRank > 1 && lastRank !== nextRank) {
    const last = units.filter((u) => u.rank === lastRank);
    text += `;${join(last.map((u) => name(u.unit)))}以${points(last[0]!.total)}分排名末位`;
  }
  return text;
}

/** Who scores best in each section among some units: `审判工作得分最高的是X(40.00分),执行工作…`. */
function sectionsBest(rb: Rulebook, units: readonly UnitResult[], name: (k: string) => string): string {
  return rb.sections
    .map((sec) => {
      const best = Math.max(...units.map((u) => cents(u.sections[sec.key] ?? 0)));
      const who = units.filter((u) => cents(u.sections[sec.key] ?? 0) === best);
      return `${sec.name}得分最高的是${join(who.map((u) => name(u.unit)))}(${points(best / 100)}分)`;
    })
    .join(",");
}

/**
 * Who leads and by how much, who is last, and who leads each section: `从排名情况看,…`; with
 * groups, each group's (rulebook.md §9: never compared across groups); nothing when ranks are
 * kept internal (no "who leads").
 */
export function leaders(s: { result: PeriodResult; rulebook: Rulebook }, name: (k: string) => string, opening = "从排名情况看"): string {
  const units = s.result.units;
  if (!units.length || ranksHidden(s.rulebook)) return "";
  const head = `${opening},${windowWords(s.result.window)},`;
  if (!grouped(s.rulebook)) return `${head}${leadOf(units, name)}。${sectionsBest(s.rulebook, units, name)}。`;
  const parts = s.result.groups.map((g) => ({ name: g.name, units: units.filter((u) => u.group === g.key) })).filter((g) => g.units.length);
  return `${head}${parts.map((g) => `${g.name}中,${leadOf(g.units, name)}`).join(";")}。${parts.map((g) => `${g.name}${sectionsBest(s.rulebook, g.units, name)}`).join(";")}。`;
}

/**
 * 达标 (rulebook.md §9, product.md): how many indicators each tribunal scored in full, in court
 * order — what a document says of the standing when ranks are kept internal.
 */
export function standards(s: { result: PeriodResult; rulebook: Rulebook; units: ReadonlyArray<{ key: string }>; profile?: CourtProfile }, name: (k: string) => string, opening = "从达标情况看"): string {
  const units = courtOrder(s);
  if (!units.length) return "";
  const inds = new Map(indicatorsOf(s.rulebook).map((i) => [i.key, i]));
  const each = units.map((u) => {
    const scored = Object.entries(u.indicators);
    const full = scored.filter(([k, r]) => attained(r.score, inds.get(k)?.points ?? Number.NaN)).length;
    return `${name(u.unit)}${full}项(共${scored.length}项)`;
  });
  return `${opening},${windowWords(s.result.window)},各${courtWords(s).unit}得满分(达标)的指标数:${join(each)}。`;
}

/** The reasons of a move: the indicators (and bonus, penalty) whose score moved the same way, biggest first, at most two; `unitWord` names the others (法庭). */
export function reasons(now: UnitResult, before: UnitResult, up: boolean, indicators: readonly Indicator[], unitWord: string): string[] {
  const sign = up ? 1 : -1;
  const items: Array<{ d: number; text: string }> = [];
  for (const ind of indicators) {
    const a = now.indicators[ind.key];
    const b = before.indicators[ind.key];
    if (!a || !b) continue;
    const d = pointsDelta(a.score, b.score);
    if (d * sign <= 0) continue;
    let value = "";
    if (a.value !== null && b.value !== null && deltaNumber(a.value, b.value, ind.unit) !== 0) {
      const rose = a.value > b.value;
      const moved = `由${valueText(b.value, ind.unit)}${rose ? "升至" : "降至"}${valueText(a.value, ind.unit)}`;
      const better = ind.direction === "higher" ? rose : !rose;
      // a score follows the value against the other tribunals: a better value may still score less
      value = better === up ? `(指标值${moved})` : `(指标值虽${moved},但${up ? "变化幅度小于其他" : "改善幅度不及其他"}${unitWord})`;
    }
    items.push({ d: Math.abs(d), text: `${ind.name}得分${up ? "增加" : "减少"}${points(Math.abs(d))}分${value}` });
  }
  const bonus = pointsDelta(now.bonus, before.bonus);
  if (bonus * sign > 0) items.push({ d: Math.abs(bonus), text: `加分${up ? "增加" : "减少"}${points(Math.abs(bonus))}分` });
  const penalty = pointsDelta(now.penalty, before.penalty);
  if (penalty * -sign > 0) items.push({ d: Math.abs(penalty), text: `扣分${up ? "减少" : "增加"}${points(Math.abs(penalty))}分` });
  return items
    .sort((x, y) => y.d - x.d)
    .slice(0, 2)
    .map((x) => x.text);
}

function changes(input: AnalysisInput, name: (k: string) => string): string {
  const s = input.snapshot;
  if (ranksHidden(s.rulebook)) return "";
  if (s.change === null) return "从变化情况看,本月为年度考核首月,暂不比较排名变化。";
  const prev = new Map(input.previous?.units.map((u) => [u.unit, u]));
  if (!prev.size) return "从变化情况看,上月无考核排名,暂不比较排名变化。";
  const indicators = indicatorsOf(s.rulebook);
  const unitWord = courtWords(s).unit;
  const moved = s.result.units.filter((u) => (s.change?.[u.unit] ?? 0) !== 0);
  if (!moved.length) return `从变化情况看,各${unitWord}排名与上月持平。`;
  // with groups, group by group (ranks move within a group only)
  const groupAt = new Map(s.result.groups.map((g, i) => [g.key, i]));
  const group = groupNamer(s.result);
  const order = [...moved].sort(
    (a, b) => (groupAt.get(a.group) ?? 0) - (groupAt.get(b.group) ?? 0) || (s.change![b.unit] ?? 0) - (s.change![a.unit] ?? 0) || a.rank - b.rank,
  );
  const lines = order.map((u) => {
    const c = s.change![u.unit]!;
    const before = prev.get(u.unit)!;
    const up = c > 0;
    const why = reasons(u, before, up, indicators, unitWord);
    const head = `${name(u.unit)}${grouped(s.rulebook) ? `(${group(u.group)})` : ""}较上月${up ? "上升" : "下降"}${Math.abs(c)}位(由${rankText(before.rank)}${up ? "升至" : "降至"}${rankText(u.rank)})`;
    return why.length ? `${head},主要${up ? "得益于" : "因"}${join(why)}` : `${head},自身得分变化不大,主要因其他${unitWord}得分变化`;
  });
  const same = s.result.units.filter((u) => s.change?.[u.unit] === 0).map((u) => name(u.unit));
  return `从变化情况看,${lines.join(";")}${same.length ? `;${join(same)}排名与上月持平` : ""}。`;
}

function compare(now: number, before: number | null | undefined, ind: Indicator, what: string): string | null {
  if (before === null || before === undefined) return null;
  const d = deltaNumber(now, before, ind.unit);
  if (d === 0) return `与${what}持平`;
  const up = ind.unit === "%" ? (d > 0 ? "提高" : "下降") : d > 0 ? "增加" : "减少";
  return `较${what}${up}${deltaText(d, ind.unit)}`;
}

/**
 * Whether a court-wide value can be compared across windows of different lengths: a ratio of two
 * figures aggregated alike (a rate, an average), or a figure that is not a sum (a stock, a mean).
 * A per-person figure (a sum over a mean) grows with the window, so it is left out.
 */
function comparable(ind: Indicator, aggregate: (field: string) => string | undefined): boolean {
  const f = ind.formula;
  if (f.type === "manual") return false; // a committee's score has no court-wide value
  // a weighted operand aggregates alike when all its terms do
  const of = (ref: FieldRef) => {
    const kinds = new Set(termsOf(ref).map((t) => aggregate(t.field)));
    return kinds.size === 1 ? [...kinds][0] : undefined;
  };
  if (f.type === "field") return of(f.field) !== undefined && of(f.field) !== "sum";
  return of(f.num) !== undefined && of(f.num) === of(f.den);
}

/** The court-wide values against the previous window (`上月`, `上季度`) and the same window last year. */
export function court(figures: AnalysisInput["court"], s: { rulebook: Rulebook; profile?: CourtProfile }, previousWord = "上月"): string {
  const { now, previous, lastYear } = figures;
  if (!now) return "";
  const fields = new Map(s.rulebook.fields.map((f) => [f.key, f.aggregate]));
  const parts = s.rulebook.sections
    .map((sec) => {
      const items = sec.indicators
        .filter((ind) => comparable(ind, (k) => fields.get(k)))
        .map((ind) => {
          const v = now.indicators[ind.key];
          if (v === null || v === undefined) return null;
          const cmp = [compare(v, previous?.indicators[ind.key], ind, previousWord), compare(v, lastYear?.indicators[ind.key], ind, "去年同期")].filter((x): x is string => x !== null);
          return `${ind.name}${valueText(v, ind.unit)}${cmp.length ? `,${cmp.join(",")}` : ""}`;
        })
        .filter((x): x is string => x !== null);
      return items.length ? `${sec.name}方面,${items.join(";")}` : null;
    })
    .filter((x): x is string => x !== null);
  const scope = courtWords(s).scope;
  return parts.length ? `从${scope}情况看,${windowWords(now.window)},${scope}${parts.join("。")}。` : "";
}

/** The red indicators with their tribunals, and the vetoes. */
export function reds(s: { warnings: readonly Warning[]; rulebook: Rulebook; units: ReadonlyArray<{ key: string }>; profile?: CourtProfile }, name: (k: string) => string): string {
  const warnings = printedWarnings(s);
  const groups = indicatorsOf(s.rulebook)
    .map((ind) => {
      const hits = warnings.filter((w) => w.kind === "indicator" && w.level === "red" && w.indicator === ind.key);
      if (!hits.length) return null;
      return `${ind.name}(${join(hits.map((w) => (w.kind === "indicator" ? `${name(w.unit)}${valueText(w.value, indicatorUnit(ind))}` : "")))})`;
    })
    .filter((x): x is string => x !== null);
  const vetoes = warnings.filter((w) => w.kind === "veto").map((w) => (w.kind === "veto" ? `${name(w.unit)}(${join(w.items)})` : ""));
  let text = groups.length ? `红色预警指标:${groups.join(";")}。` : "本期无红色预警指标。";
  if (vetoes.length) text += `存在一票否决事项的${courtWords(s).unit}:${join(vetoes)}。`;
  return text;
}

/** The drafted 情况分析 (paragraphs separated by "\n"), for `stats` to edit before publishing. */
export function draftAnalysis(input: AnalysisInput): string {
  const s = input.snapshot;
  if (!s.result.units.length) return "本期无考核数据。";
  const name = unitNamer(s);
  return [
    leaders(s, name),
    changes(input, name),
    ranksHidden(s.rulebook) ? standards(s, name) : "",
    court(input.court, s),
    reds(s, name),
    `请${courtWords(s).each}对照本通报,认真分析短板弱项,特别是预警指标,查找原因、制定措施、抓好整改,推动审判执行工作质效持续提升。`,
  ]
    .filter((p) => p)
    .join("\n");
}
