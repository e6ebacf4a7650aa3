/**
 * What "the figures differ" means for 需更正 (product.md): any score, rank, indicator value or rank
 * change of a notice; any figure, rank or path of a summary; any rank, total or grade of an
 * evaluation. The commentary and the explanations' words are never compared.
 */
import type { AnnualSnapshot, NoticeSnapshot, SummarySnapshot } from "@scorecard/documents";
import type { PeriodResult } from "@scorecard/scoring";

function ranking(r: PeriodResult) {
  return r.units.map((u) => ({
    unit: u.unit,
    group: u.group,
    rank: u.rank,
    total: u.total,
    sections: u.sections,
    bonus: u.bonus,
    penalty: u.penalty,
    veto: u.veto,
    indicators: Object.fromEntries(Object.entries(u.indicators).map(([k, i]) => [k, { value: i.value, score: i.score, rank: i.rank }])),
  }));
}

export const noticeFigures = (s: NoticeSnapshot) => JSON.stringify({ ranking: ranking(s.result), change: s.change });
export const summaryFigures = (s: SummarySnapshot) => JSON.stringify({ quarter: ranking(s.result), ytd: ranking(s.ytd), rankPaths: s.rankPaths, trend: s.trend });
export const annualFigures = (s: AnnualSnapshot) =>
  JSON.stringify({ units: s.result.units, quotas: s.result.quotas, grades: s.grades, rewards: s.rewards, talks: s.talks, vetoes: s.vetoes });
