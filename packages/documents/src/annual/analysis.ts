/**
 * The drafted 情况分析 of an annual evaluation, in the register of the notice's: who leads and by
 * how much, how the grades fall, the rewards, talks and vetoes. Every number is the engine's (a
 * total, a rank, a count, a month) or the difference of two totals as shown.
 */
import { periodLabel, runnerUpText } from "@scorecard/rules";
import { monthsText } from "@scorecard/scoring";
import { pointsDelta } from "../notice/analysis";
import { points } from "../official/format";
import { listOf, unitNamer } from "../official/model";
import { groupNamer, grouped, printOrder, ranksHidden } from "../official/ranking";
import { courtWords } from "../official/issue";
import type { AnnualSnapshot } from "./snapshot";

/** Who leads some ranked units (the year's, or one group's) and by how much, and who is last. */
function leadOf(ranked: AnnualSnapshot["result"]["units"], name: (k: string) => string): string {
  const top = ranked.filter((u) => u.rank === 1);
  let lead = `${listOf(top.map((u) => name(u.unit)))}以${points(top[0]!.total)}分${top.length > 1 ? "并列第一" : "位列第一"}`;
  const second = ranked.find((u) => (u.rank ?? 0) > 1);
  if (second) {
    const seconds = ranked.filter((u) => u.rank === second.rank);
    lead += `,领先${runnerUpText(second.rank!)}${listOf(seconds.map((u) => name(u.unit)))}${points(pointsDelta(top[0]!.total, second.total))}分`;
  }
  const lastRank = ranked[ranked.length - 1]!.rank!;
  if (lastRank > 1) lead += `;${listOf(ranked.filter((u) => u.rank === lastRank).map((u) => name(u.unit)))}以${points(ranked[ranked.length - 1]!.total)}分排名末位`;
  return lead;
}

/**
 * The drafted 情况分析 (paragraphs separated by "\n"), for HR to edit before publishing. With groups
 * the lead is each group's; with ranks kept internal there is none (no "who leads", no last place).
 */
export function draftAnnualAnalysis(s: Omit<AnnualSnapshot, "commentary">): string {
  const ranked = s.result.units.filter((u) => u.rank !== null);
  if (!ranked.length) return `${s.year}年度无考核数据。`;
  const name = unitNamer(s);
  const grades = s.rulebook.annual.grades;
  const hidden = ranksHidden(s.rulebook);
  const group = groupNamer(s.result);
  const groupOf = new Map(s.result.units.map((u) => [u.unit, u.group]));
  const out: string[] = [];
  const head = `${s.year}年度(${monthsText(s.result.months)}),${courtWords(s).scope}${ranked.length}个${courtWords(s).full}参加`;
  if (hidden) out.push(`从年度考核情况看,${head}年度等次评定。`);
  else if (grouped(s.rulebook)) {
    const parts = s.result.groups.map((g) => ({ g, units: ranked.filter((u) => u.group === g.key) })).filter((x) => x.units.length);
    out.push(`从年度排名看,${head}排名,${parts.map((x) => `${x.g.name}中,${leadOf(x.units, name)}`).join(";")}。`);
  } else out.push(`从年度排名看,${head}排名,${leadOf(ranked, name)}。`);
  const counts = grades
    .map((g) => ({ g, units: ranked.filter((u) => s.grades[u.unit] === g.key) }))
    .filter((x) => x.units.length)
    .map((x) => `${x.g.name}${x.units.length}个(${listOf(printOrder(s, x.units, (u) => u.unit).map((u) => name(u.unit)))})`);
  if (counts.length) out.push(`从等次评定看,${counts.join(",")}。`);
  const parts: string[] = [];
  for (const r of s.rewards) if (r.units.length) parts.push(`${listOf(printOrder(s, r.units, (u) => u).map(name))}被评为${r.name}`);
  for (const t of printOrder(s, s.talks, (x) => x.unit)) {
    const g = grouped(s.rulebook) ? group(groupOf.get(t.unit) ?? "") : "";
    if (hidden) parts.push(`${name(t.unit)}按考核办法规定列入约谈`);
    else
      parts.push(
        `${name(t.unit)}${g ? `在${g}中` : ""}${t.reasons.includes("lastInYear") ? "年度排名末位" : ""}${t.reasons.length > 1 ? "且" : ""}${t.reasons.includes("lastInMonths") ? `有${t.monthsLast.length}个月月度排名末位` : ""},列入末位约谈`,
      );
  }
  for (const v of printOrder(s, s.vetoes, (x) => x.unit)) parts.push(`${name(v.unit)}${periodLabel(v.period)}有“${v.name}”一票否决事项${s.cap ? `,等次不高于${s.cap.name}` : ""}`);
  if (parts.length) out.push(`${parts.join(";")}。`);
  out.push(`请${courtWords(s).each}认真对照年度考核结果,总结经验、查找差距,对存在的问题深入剖析、限期整改,推动审判执行工作高质量发展。`);
  return out.join("\n");
}
