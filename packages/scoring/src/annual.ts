import { groupList, makePeriod, monthOf, num, periodLabel, periodsOfYear, type AdjustmentRow, type Grade, type Period, type Rulebook } from "@scorecard/rules";
import { indexData, type DataIndex, type DataSet } from "./dataset";
import { round2 } from "./numbers";
import { rankByTotals, ranksWith, scoreWith, standingsWith, unitGroups, type PeriodResult, type Standings } from "./score";
import { inForce } from "./in-force";
import { orderVersions } from "./versions";

export type TalkReason = "lastInYear" | "lastInMonths";

/**
 * What kept a unit from a grade above the one it got (rulebook.md §7), checked in this order:
 * its total does not reach the grade's `minScore`; the grade is above `vetoCap` and the unit has a
 * veto in the year; the grade's quota is used up (`quotaFull`), or what is left of it cannot hold
 * every unit graded together with it (`quotaTie`: a tied group, or its vetoed or non-vetoed part).
 */
export type GradeBar = "minScore" | "vetoCap" | "quotaFull" | "quotaTie";

export interface GradeSkip {
  /** grade key */
  grade: string;
  why: GradeBar;
  /** quotaFull, quotaTie: places left of the grade's quota when the unit's group came to it */
  left?: number;
  /** quotaFull, quotaTie: how many units were graded together (the unit's tied group or its part) */
  tied?: number;
}

export interface GradeReason {
  /**
   * `incomplete`: not ranked, so not graded; `first`: the first grade of the list; otherwise what
   * barred the grade just above the one given (for a ranked unit without a grade, the last grade).
   */
  code: "incomplete" | "first" | GradeBar;
  /** every grade above the one given (all grades when none was), in list order, with what barred it */
  skipped: GradeSkip[];
}

/** A grade's quota arithmetic (rulebook.md §7): quota = floor(maxShare · n), unlimited without maxShare. */
export interface GradeQuota {
  /** the group whose ranked units the quota is taken over (rulebook.md §9; `other` without groups) */
  group: string;
  /** grade key, in the rulebook's order */
  grade: string;
  /** null: the grade has no quota */
  maxShare: number | null;
  /** the number of ranked units of the group */
  n: number;
  /** floor(maxShare · n); null when unlimited */
  quota: number | null;
  /** how many units got the grade */
  given: number;
}

/** A veto of the year: an adjustment that the version in force in its month counts as a veto. */
export interface AnnualVeto {
  period: Period;
  item: string;
  /** the item's name in that month's version */
  name: string;
  /** the version in force that month */
  version: string;
  count: number;
  note?: string;
}

export interface AnnualUnit {
  unit: string;
  /** the unit's group under the version the evaluation takes its rules from; ranks, quotas, rewards and last place are within it */
  group: string;
  /** null for an incomplete unit (meanOfMonths with fewer scored months than the year's counted months) */
  rank: number | null;
  total: number;
  sections: Record<string, number>;
  /** grade key, null when ungraded (incomplete, or no grade could take it) */
  grade: string | null;
  /** why the unit got its grade (or none) */
  gradeReason: GradeReason;
  rewards: string[];
  talk: boolean;
  talkReasons: TalkReason[];
  veto: boolean;
  /** the adjustments that give the veto, in month order (empty without one) */
  vetoes: AnnualVeto[];
  complete: boolean;
  /** counted months whose monthly ranking lists the unit */
  scoredMonths: number;
  /** how many of the year's monthly rankings (counted months only) it was last in */
  monthsLast: number;
  /** the unit's rank in each month's own ranking (within its group that month), January to December (null where not ranked or not counted) */
  monthlyRanks: Array<{ period: Period; rank: number | null; group: string | null }>;
}

export interface AnnualResult {
  rulebook: { id: string; version: string };
  year: number;
  basis: "ytd" | "meanOfMonths";
  /**
   * December has no facts: computed over the counted months, shown as 预估 and never published
   * (rulebook.md §7).
   */
  provisional: boolean;
  /** the counted months: the year's monthly rankings, i.e. months in which some unit has facts, in order */
  months: Period[];
  /**
   * `YYYY-12`, or the latest counted month of a provisional year: the version in force then gives
   * the grades, `vetoCap`, rewards, talk and `tieBreak`; under `ytd` the totals are this period's
   * scores with window `year`.
   */
  asOf: Period;
  /** the groups that have units, in the rulebook's order (`other` last) */
  groups: Array<{ key: string; name: string }>;
  /** each group's quota of each grade and how many got it, by group, then the rulebook's order of grades */
  quotas: GradeQuota[];
  /** ordered by group, then rank, then unit key; units without a rank last in their group */
  units: AnnualUnit[];
}

export interface EvaluateOptions {
  rulebooks: Rulebook | readonly Rulebook[];
  data: DataSet | DataIndex;
  year: number;
  /**
   * Monthly rankings the caller already has (`scorePeriod` of the same data, each month with its
   * own version and window), or only their standings (`standingsOf`): used instead of scoring
   * those months again. One that does not match the version and window in force is ignored and
   * the month is scored afresh.
   */
  monthly?: readonly Standings[];
}

/** The counted months of a year (rulebook.md §7): a version is in force and some unit has facts for that month itself. */
export function countedMonths(versions: readonly Rulebook[], index: DataIndex, year: number): Period[] {
  const out: Period[] = [];
  for (let m = 1; m <= 12; m++) {
    const period = makePeriod(year, m);
    if (!versions.some((v) => v.effectiveFrom <= period)) continue;
    if ((index.facts.get(period)?.size ?? 0) > 0) out.push(period);
  }
  return out;
}

/**
 * The year's monthly rankings, each exactly what `score` gives for that period (its own version
 * and that version's window), for the counted months only: a month without facts of its own is
 * not a ranking of the year even when its window holds earlier months' facts.
 */
export function monthlyRankings(versions: readonly Rulebook[], index: DataIndex, year: number, known: readonly PeriodResult[] = []): PeriodResult[] {
  return countedMonths(versions, index, year).map((period) => {
    const rb = inForce(versions, period);
    return knownRanking(known, period, rb) ?? scoreWith(rb, index, period, rb.window, false);
  });
}

/** A ranking the caller has of a period, when it is under the version in force and its window. */
function knownRanking<T extends Standings>(known: readonly T[], period: Period, rb: Rulebook): T | undefined {
  return known.find((k) => k.period === period && k.window.kind === rb.window && k.rulebook.id === rb.id && k.rulebook.version === rb.version);
}

export interface Grading {
  /** each ranked unit's grade (null when no grade could take it) and why */
  units: Map<string, { grade: string | null; reason: GradeReason }>;
  quotas: GradeQuota[];
}

/**
 * Grades ranked units under the quotas (rulebook.md §7): in rank order, a tied group takes the
 * first grade its total reaches whose remaining quota holds all of it; members with a veto are
 * graded as a second group after the others, never above `vetoCap`. Says for each unit why.
 */
export function gradeRanked(
  ranked: ReadonlyArray<{ unit: string; rank: number; total: number; veto: boolean }>,
  grades: readonly Grade[],
  vetoCap: string | undefined,
): Grading {
  const n = ranked.length;
  const quota = grades.map((g) => (g.maxShare === undefined ? null : Math.floor(g.maxShare * n + 1e-9)));
  const left = quota.map((q) => q ?? Infinity);
  const given = grades.map(() => 0);
  const capIndex = vetoCap === undefined ? 0 : Math.max(0, grades.findIndex((g) => g.key === vetoCap));
  const units = new Map<string, { grade: string | null; reason: GradeReason }>();
  const byRank = new Map<number, Array<(typeof ranked)[number]>>();
  for (const u of [...ranked].sort((a, b) => a.rank - b.rank)) {
    const g = byRank.get(u.rank);
    if (g) g.push(u);
    else byRank.set(u.rank, [u]);
  }
  for (const group of byRank.values()) {
    for (const sub of [group.filter((u) => !u.veto), group.filter((u) => u.veto)]) {
      if (!sub.length) continue;
      const total = sub[0]!.total;
      const veto = sub[0]!.veto;
      const skipped: GradeSkip[] = [];
      let chosen: number | null = null;
      for (let gi = 0; gi < grades.length; gi++) {
        const g = grades[gi]!;
        const rest = left[gi] as number;
        if (g.minScore !== undefined && total < g.minScore - 1e-9) skipped.push({ grade: g.key, why: "minScore" });
        else if (veto && gi < capIndex) skipped.push({ grade: g.key, why: "vetoCap" });
        else if (rest < sub.length) skipped.push({ grade: g.key, why: rest === 0 ? "quotaFull" : "quotaTie", left: rest, tied: sub.length });
        else {
          chosen = gi;
          break;
        }
      }
      if (chosen !== null) {
        left[chosen] = (left[chosen] as number) - sub.length;
        given[chosen] = (given[chosen] as number) + sub.length;
      }
      const code: GradeReason["code"] = skipped.length === 0 ? "first" : skipped[skipped.length - 1]!.why;
      for (const u of sub) units.set(u.unit, { grade: chosen === null ? null : grades[chosen]!.key, reason: { code, skipped: skipped.map((s) => ({ ...s })) } });
    }
  }
  const quotas = grades.map((g, i) => ({ group: "", grade: g.key, maxShare: g.maxShare ?? null, n, quota: quota[i] ?? null, given: given[i] as number }));
  return { units, quotas };
}

/** The grades alone of `gradeRanked`. */
export function assignGrades(
  ranked: ReadonlyArray<{ unit: string; rank: number; total: number; veto: boolean }>,
  grades: readonly Grade[],
  vetoCap: string | undefined,
): Map<string, string | null> {
  return new Map([...gradeRanked(ranked, grades, vetoCap).units].map(([unit, g]) => [unit, g.grade]));
}

/**
 * Each unit's vetoes of the year (rulebook.md §7): an adjustment in any month of the year whose
 * item the version in force that month counts as a veto. A later revision that renames or drops
 * the item does not erase it.
 */
export function vetoesOfYear(versions: readonly Rulebook[], index: DataIndex, year: number): Map<string, AnnualVeto[]> {
  const out = new Map<string, AnnualVeto[]>();
  for (let m = 1; m <= 12; m++) {
    const period = makePeriod(year, m);
    if (!versions.some((v) => v.effectiveFrom <= period)) continue;
    const rb = inForce(versions, period);
    const rows: readonly AdjustmentRow[] = index.adjustments.get(period) ?? [];
    for (const row of rows) {
      const item = rb.adjustments.find((a) => a.key === row.item);
      if (!item || item.kind !== "veto") continue;
      const v: AnnualVeto = { period, item: row.item, name: item.name, version: rb.version, count: row.count };
      if (row.note !== undefined) v.note = row.note;
      const list = out.get(row.unit);
      if (list) list.push(v);
      else out.set(row.unit, [v]);
    }
  }
  return out;
}

/** The annual evaluation (rulebook.md §7): ranks, grades, rewards, talks and vetoes of a year. */
export function evaluateYear(opts: EvaluateOptions): AnnualResult {
  const versions = orderVersions(opts.rulebooks);
  const index = indexData(opts.data);
  const year = opts.year;
  const dec = makePeriod(year, 12);
  const months = countedMonths(versions, index, year);
  const provisional = months[months.length - 1] !== dec;
  const asOf = provisional && months.length ? months[months.length - 1]! : dec;
  const rb = inForce(versions, asOf);
  const meanOfMonths = rb.annual.basis === "meanOfMonths";
  const periods = periodsOfYear(year);

  // The year's monthly rankings (`monthlyRankings`), one at a time, each under its own version and
  // window; of each, only what the evaluation reads is kept: every unit's rank and group that month
  // (its monthly ranks, the monthly talk rule: last within its group) and, under meanOfMonths, its
  // total and sections.
  const monthRank = new Map<string, { ranks: AnnualUnit["monthlyRanks"]; n: number }>();
  const monthsLast = new Map<string, number>();
  const acc = new Map<string, { totals: number[]; sections: Map<string, number[]> }>();
  for (const period of months) {
    const mi = monthOf(period) - 1;
    const rbm = inForce(versions, period);
    const known = knownRanking(opts.monthly ?? [], period, rbm);
    const month = known ?? (meanOfMonths ? standingsWith(rbm, index, period, rbm.window) : null);
    const lean = month ? null : ranksWith(rbm, index, period, rbm.window);
    const count = month ? month.units.length : lean!.units.length;
    const unitAt = (k: number) => (month ? month.units[k]!.unit : lean!.units[k]!);
    const groupAt = (k: number) => (month ? month.units[k]!.group : lean!.group[k]!);
    const rankAt = (k: number) => (month ? month.units[k]!.rank : lean!.rank[k]!);
    const maxRank = new Map<string, number>();
    const size = new Map<string, number>();
    for (let k = 0; k < count; k++) {
      const g = groupAt(k);
      maxRank.set(g, Math.max(maxRank.get(g) ?? 0, rankAt(k)));
      size.set(g, (size.get(g) ?? 0) + 1);
    }
    for (let k = 0; k < count; k++) {
      const unit = unitAt(k);
      const group = groupAt(k);
      const rank = rankAt(k);
      let mr = monthRank.get(unit);
      if (!mr) monthRank.set(unit, (mr = { ranks: periods.map((p) => ({ period: p, rank: null, group: null })), n: 0 }));
      const at = mr.ranks[mi]!;
      if (at.rank === null) mr.n++;
      at.rank = rank;
      at.group = group;
      if ((size.get(group) ?? 0) > 1 && rank === maxRank.get(group)) monthsLast.set(unit, (monthsLast.get(unit) ?? 0) + 1);
      if (!meanOfMonths) continue;
      const u = month!.units[k]!;
      let a = acc.get(unit);
      if (!a) acc.set(unit, (a = { totals: [], sections: new Map() }));
      a.totals.push(u.total);
      for (const [key, v] of Object.entries(u.sections)) {
        const list = a.sections.get(key);
        if (list) list.push(v);
        else a.sections.set(key, [v]);
      }
    }
  }

  // each unit's total and sections on the year's basis
  type Base = { unit: string; total: number; sections: Record<string, number>; complete: boolean };
  let bases: Base[];
  if (!meanOfMonths) {
    const r = standingsWith(rb, index, asOf, "year");
    bases = r.units.map((u) => ({ unit: u.unit, total: u.total, sections: u.sections, complete: true }));
  } else {
    const mean = (xs: number[]) => round2(xs.reduce((s, x) => s + x, 0) / xs.length);
    bases = [...acc.entries()].map(([unit, a]) => ({
      unit,
      total: mean(a.totals),
      sections: Object.fromEntries(rb.sections.map((s) => [s.key, a.sections.has(s.key) ? mean(a.sections.get(s.key)!) : 0])),
      complete: a.totals.length === months.length,
    }));
  }

  const vetoes = vetoesOfYear(versions, index, year);
  // 分类考核 (rulebook.md §9): ranks, quotas, rewards and the last place are taken within each group of rb
  const groupOf = unitGroups(rb);
  // (objects written out in full: a spread and two more keys would make each a slow dictionary)
  const withVeto = bases.map((b) => ({ unit: b.unit, total: b.total, sections: b.sections, complete: b.complete, group: groupOf(b.unit), veto: vetoes.has(b.unit) }));
  const present = new Set(withVeto.map((b) => b.group));
  const groups = groupList(rb).filter((g) => present.has(g.key));
  const rankOf = new Map<string, number>();
  const lastRank = new Map<string, number | null>();
  const graded = new Map<string, { grade: string | null; reason: GradeReason }>();
  const quotas: GradeQuota[] = [];
  for (const g of groups) {
    const inGroup = withVeto.filter((b) => b.group === g.key && b.complete);
    const ranked = rankByTotals(inGroup, rb.tieBreak).map(({ item, rank }) => ({ unit: item.unit, total: item.total, sections: item.sections, veto: item.veto, rank }));
    for (const r of ranked) rankOf.set(r.unit, r.rank);
    const grading = gradeRanked(ranked, rb.annual.grades, rb.annual.vetoCap);
    for (const [u, x] of grading.units) graded.set(u, x);
    quotas.push(...grading.quotas.map((q) => ({ ...q, group: g.key })));
    lastRank.set(g.key, ranked.length > 1 ? ranked.reduce((m, r) => Math.max(m, r.rank), 0) : null);
  }

  const talkRule = rb.annual.talk;
  const units: AnnualUnit[] = withVeto.map((b) => {
    const rank = rankOf.get(b.unit) ?? null;
    const ml = monthsLast.get(b.unit) ?? 0;
    const reasons: TalkReason[] = [];
    if (talkRule && rank !== null && rank === lastRank.get(b.group)) reasons.push("lastInYear");
    if (talkRule && ml >= talkRule.monthsLast) reasons.push("lastInMonths");
    const mr = monthRank.get(b.unit);
    const g = rank === null ? undefined : graded.get(b.unit);
    return {
      unit: b.unit,
      group: b.group,
      rank,
      total: b.total,
      sections: b.sections,
      grade: g?.grade ?? null,
      gradeReason: g?.reason ?? { code: "incomplete", skipped: [] },
      rewards: rank === null || b.veto ? [] : rb.annual.rewards.filter((r) => rank <= r.topRanks).map((r) => r.key),
      talk: reasons.length > 0,
      talkReasons: reasons,
      veto: b.veto,
      vetoes: vetoes.get(b.unit) ?? [],
      complete: b.complete,
      scoredMonths: mr?.n ?? 0,
      monthsLast: ml,
      monthlyRanks: mr?.ranks ?? periods.map((period) => ({ period, rank: null, group: null })),
    };
  });
  const groupIndex = new Map(groups.map((g, i) => [g.key, i]));
  units.sort((a, b) => {
    const ga = groupIndex.get(a.group)! - groupIndex.get(b.group)!;
    if (ga !== 0) return ga;
    if (a.rank === null || b.rank === null) {
      if (a.rank !== b.rank) return a.rank === null ? 1 : -1;
    } else if (a.rank !== b.rank) return a.rank - b.rank;
    return a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0;
  });
  return { rulebook: { id: rb.id, version: rb.version }, year, basis: rb.annual.basis, provisional, months, asOf, groups, quotas, units };
}

// ─── the evaluation in words (the CLI, the documents and the portal say the same) ───────────────

/** The counted months in words: "2023年1月至2023年3月", or listed where there is a gap. */
export function monthsText(months: readonly Period[]): string {
  if (months.length === 0) return "无";
  const first = months[0]!;
  const last = months[months.length - 1]!;
  const contiguous = monthOf(last) - monthOf(first) + 1 === months.length;
  if (months.length === 1) return periodLabel(first);
  return contiguous ? `${periodLabel(first)}至${periodLabel(last)}` : months.map(periodLabel).join("、");
}

/**
 * The line that marks a provisional evaluation (预估), or null for a final one: "预估:2023年12月尚无数据,
 * 按已有的 3 个月(2023年1月至2023年3月)计算,不能发布。"
 */
export function provisionalText(result: Pick<AnnualResult, "provisional" | "months" | "year">): string | null {
  if (!result.provisional) return null;
  const dec = periodLabel(makePeriod(result.year, 12));
  if (result.months.length === 0) return `预估:${result.year}年尚无任何月份的数据,不能发布。`;
  return `预估:${dec}尚无数据,按已有的 ${result.months.length} 个月(${monthsText(result.months)})计算,不能发布。`;
}

/** A grade's quota once HR's overrides are applied: `given` counts the grades as they stand after them. */
export interface GradeQuotaAfter extends GradeQuota {
  /** units of the group an override moved into the grade */
  adjustedIn: number;
  /** units of the group an override moved out of the grade */
  adjustedOut: number;
  /** how many the grade holds beyond its quota (0 within it, or unlimited) */
  over: number;
}

/** An override as the quota arithmetic reads it: the unit, the engine's grade and the grade given. */
export interface QuotaOverride {
  unit: string;
  from: string | null;
  to: string;
}

/**
 * The quotas as they stand after HR's overrides (product.md "Quarterly and annual"): each grade of
 * each group counts the grades really given, with how many an override moved in or out and how
 * many are beyond the quota.
 */
export function quotasAfterOverrides(
  result: { quotas: readonly GradeQuota[]; units: ReadonlyArray<Pick<AnnualUnit, "unit" | "rank" | "group" | "grade">> },
  overrides: readonly QuotaOverride[],
): GradeQuotaAfter[] {
  const to = new Map(overrides.map((o) => [o.unit, o]));
  const ranked = result.units.filter((u) => u.rank !== null);
  return result.quotas.map((q) => {
    const inGroup = ranked.filter((u) => u.group === q.group);
    const given = inGroup.filter((u) => (to.get(u.unit)?.to ?? u.grade) === q.grade).length;
    const adjustedIn = inGroup.filter((u) => to.has(u.unit) && to.get(u.unit)!.to === q.grade && u.grade !== q.grade).length;
    const adjustedOut = inGroup.filter((u) => to.has(u.unit) && u.grade === q.grade && to.get(u.unit)!.to !== q.grade).length;
    const over = q.quota === null ? 0 : Math.max(0, given - q.quota);
    return { ...q, given, adjustedIn, adjustedOut, over };
  });
}

function quotaName(q: GradeQuota, rb: Pick<Rulebook, "annual"> & Partial<Pick<Rulebook, "groups">>): string {
  const grade = rb.annual.grades.find((g) => g.key === q.grade)?.name ?? q.grade;
  // with groups (分类考核) each group has its own quota: "农村法庭 优秀:…"
  return rb.groups?.length ? `${groupList({ groups: rb.groups }).find((g) => g.key === q.group)?.name ?? q.group} ${grade}` : grade;
}

/**
 * A grade's quota arithmetic in words: "优秀:名额 8 × 25% = 2 个,评定 2 个",
 * "优秀:名额 7 × 25% = 1.75,向下取整为 1 个,评定 1 个", "良好:不限名额,评定 3 个"; after HR's
 * overrides (`quotasAfterOverrides`) what they changed: "优秀:名额 8 × 25% = 2 个,评定 3 个(其中调整 1 个,超出名额 1 个)",
 * "良好:名额 8 × 25% = 2 个,评定 1 个(调整调出 1 个)".
 */
export function quotaText(q: GradeQuota | GradeQuotaAfter, rb: Pick<Rulebook, "annual"> & Partial<Pick<Rulebook, "groups">>): string {
  const name = quotaName(q, rb);
  const after = "adjustedIn" in q ? [q.adjustedIn ? `其中调整 ${q.adjustedIn} 个` : "", q.adjustedOut ? `调整调出 ${q.adjustedOut} 个` : "", q.over ? `超出名额 ${q.over} 个` : ""].filter(Boolean) : [];
  const given = `评定 ${q.given} 个${after.length ? `(${after.join(",")})` : ""}`;
  if (q.maxShare === null || q.quota === null) return `${name}:不限名额,${given}`;
  const exact = q.maxShare * q.n;
  const product = `${q.n} × ${num(q.maxShare * 100)}%`;
  const arithmetic = Math.abs(exact - q.quota) > 1e-9 ? `${product} = ${num(exact)},向下取整为 ${q.quota} 个` : `${product} = ${q.quota} 个`;
  return `${name}:名额 ${arithmetic},${given}`;
}

/**
 * The grades HR's overrides put beyond their quota, in words, or null when none: "优秀名额 2 个,
 * 调整后评定 3 个,超出名额 1 个". What the override dialog warns of, the document and the audit entry say.
 */
export function overQuotaText(quotas: readonly GradeQuotaAfter[], rb: Pick<Rulebook, "annual"> & Partial<Pick<Rulebook, "groups">>): string | null {
  const over = quotas.filter((q) => q.over > 0 && q.adjustedIn > 0);
  if (!over.length) return null;
  return over.map((q) => `${quotaName(q, rb)}名额 ${q.quota ?? 0} 个,调整后评定 ${q.given} 个,超出名额 ${q.over} 个`).join(";");
}

/**
 * Why a unit got its grade, in words (`rb`: the version the evaluation takes its rules from):
 * "总分达到优秀的最低分 85 分且在名额之内,评为优秀", "总分未达到优秀的最低分 85 分,评为良好", "有一票否决事项,等次不高于合格,评为合格",
 * "优秀名额(2 个)已用完,评为良好", "并列第 2 名的 2 个法庭,优秀仅剩 1 个名额,不能都评为优秀,评为良好".
 */
export function gradeReasonText(
  u: Pick<AnnualUnit, "grade" | "gradeReason" | "rank" | "veto" | "scoredMonths" | "group">,
  result: Pick<AnnualResult, "months" | "quotas">,
  rb: Pick<Rulebook, "annual"> & Partial<Pick<Rulebook, "ranking">>,
): string {
  // with ranks kept internal (不通报排名) a tie is said as equal totals, never as a shared rank
  const internal = rb.ranking === "internal";
  const grades = rb.annual.grades;
  const name = (key: string) => grades.find((g) => g.key === key)?.name ?? key;
  if (u.gradeReason.code === "incomplete") return `仅 ${u.scoredMonths} 个月有排名(共 ${result.months.length} 个月),不参加排名和等次评定`;
  const parts: string[] = [];
  const skipped = u.gradeReason.skipped;
  const lastMin = [...skipped].reverse().find((s) => s.why === "minScore");
  if (lastMin) parts.push(`总分未达到${name(lastMin.grade)}的最低分 ${num(grades.find((g) => g.key === lastMin.grade)?.minScore ?? 0)} 分`);
  if (skipped.some((s) => s.why === "vetoCap")) parts.push(`有一票否决事项,等次不高于${rb.annual.vetoCap ? name(rb.annual.vetoCap) : name(grades[0]!.key)}`);
  for (const s of skipped) {
    const g = name(s.grade);
    if (s.why === "quotaFull") parts.push(`${g}名额(${result.quotas.find((q) => q.grade === s.grade && q.group === u.group)?.quota ?? 0} 个)已用完`);
    if (s.why === "quotaTie") {
      const tie = internal ? "总分相同的" : `并列第 ${u.rank} 名的`;
      const who = u.veto ? `${internal ? "总分相同的法庭" : `并列第 ${u.rank} 名`}中有一票否决事项的 ${s.tied} 个法庭` : `${tie} ${s.tied} 个法庭`;
      parts.push(`${who},${g}仅剩 ${s.left} 个名额,不能都评为${g}`);
    }
  }
  if (u.gradeReason.code === "first" && u.grade !== null) {
    const g = grades.find((x) => x.key === u.grade);
    const within = g?.maxShare !== undefined ? "且在名额之内" : "";
    if (g?.minScore !== undefined) parts.push(`总分达到${g.name}的最低分 ${num(g.minScore)} 分${within}`);
  }
  parts.push(u.grade === null ? "没有可评的等次" : `评为${name(u.grade)}`);
  return parts.join(",");
}
