import {
  InputError,
  appliesTo,
  groupList,
  groupOf,
  makePeriod,
  type MissingPolicy,
  type Period,
  type Problem,
  type Rulebook,
  type WindowKind,
} from "@scorecard/rules";
import { countedMonths, gradeRanked, vetoesOfYear } from "./annual";
import { indexData, type DataIndex, type DataSet } from "./dataset";
import { clampScore, methodParams, methodShape, shapeRaw, type Cohort, type MethodShape } from "./methods";
import { cents, round2 } from "./numbers";
import { seededRandom } from "./random";
import { rankByTotals, scoreWith } from "./score";
import { inForce } from "./in-force";
import { orderVersions } from "./versions";

export interface SensitivityOptions {
  /** the versions in force (a draft: pass [draftForYear(draft, year)]) */
  rulebooks: Rulebook | readonly Rulebook[];
  data: DataSet | DataIndex;
  /** exactly one of period / year */
  period?: Period;
  year?: number;
  /** period only; default the rulebook's */
  window?: WindowKind;
  /** default 1000 */
  trials?: number;
  /** default 1 */
  seed?: number;
  /** default 0.1 */
  spread?: number;
}

export interface SensitivityUnit {
  unit: string;
  group: string;
  /** period: the month's rank; year: the annual rank (null: incomplete, not ranked) */
  rank: number | null;
  /** year only */
  grade?: string | null;
  /** share of the joint draws with the rank (year: the grade) unchanged, 0..1 */
  unchanged: number;
  /** indicator keys, rulebook order, whose one-at-a-time ±spread moved the rank (year: the grade) */
  sensitiveTo: string[];
  /** year only: the share of the joint draws with the annual rank unchanged */
  rankUnchanged?: number;
}

export interface SensitivityResult {
  trials: number;
  seed: number;
  spread: number;
  period?: Period;
  year?: number;
  units: SensitivityUnit[];
}

// ─── the point-free work, done once ─────────────────────────────────────────────────────────────

/** One indicator of one scoring run with everything but its points fixed. */
interface PreparedIndicator {
  /** its section's position in the rulebook */
  section: number;
  points: number;
  /** position of its key in `keys` (its factor); -1: not perturbed (a manual indicator) */
  factor: number;
  missing: MissingPolicy;
  /** one part per group it applies to that has units */
  parts: Array<{
    /** the units with a value, in the order `scoreWith` scores (and sums) them */
    scored: Int32Array;
    shapes: MethodShape[];
    /** the units without a value, scored by `missing` */
    nulls: Int32Array;
  }>;
}

/** One scoring run (a period under its version and window) with the points left open. */
interface PreparedPeriod {
  period: Period;
  rb: Rulebook;
  /** the cohort in key order */
  units: string[];
  /** each unit's group */
  group: string[];
  /** the units of each group that has some, in the rulebook's order of groups */
  rankGroups: Int32Array[];
  /** the position of each `tieBreak` section */
  tieBreakAt: number[];
  indicators: PreparedIndicator[];
  /** each unit's bonus and penalty (caps applied): they do not depend on indicator points */
  bonus: Float64Array;
  penalty: Float64Array;
  /** scratch of the latest trial: section scores in hundredths (unit-major), totals, ranks within the group */
  sectionCents: Float64Array;
  total: Float64Array;
  rank: Int32Array;
}

/** The annual evaluation of a year with the points left open. */
interface PreparedYear {
  year: number;
  /** the version the evaluation takes its rules from (at `YYYY-12` or the latest counted month) */
  rb: Rulebook;
  basis: "ytd" | "meanOfMonths";
  /** the year's monthly rankings (counted months) */
  monthly: PreparedPeriod[];
  /** basis ytd: the `asOf` period with window `year` */
  ytd: PreparedPeriod | null;
  /** the evaluated units in key order */
  units: string[];
  group: string[];
  veto: boolean[];
  complete: boolean[];
  /** meanOfMonths: each unit's position in each month's cohort (-1: absent), month-major */
  at: Int32Array[];
  /** meanOfMonths: the position of each of rb's sections in each month's version (-1: none), month-major */
  sectionAt: Int32Array[];
}

/** What `sensitivity` perturbs, prepared once: `perturbedStandings` scores one factor vector from it. */
export interface PreparedSensitivity {
  /** the perturbed indicator keys, in rulebook order; a factor vector has one factor per key */
  keys: string[];
  period?: Period;
  year?: number;
  /** @internal */
  readonly prepared: { kind: "period"; p: PreparedPeriod } | { kind: "year"; y: PreparedYear };
}

/**
 * The indicators whose points are perturbed, by key: every indicator except manual ones, whose
 * score is the committee's score and not a share of the points (rulebook.md §9). The first
 * rulebook gives the order; keys only later ones have follow in their order.
 */
function perturbedKeys(rulebooks: readonly Rulebook[]): string[] {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const rb of rulebooks)
    for (const s of rb.sections)
      for (const ind of s.indicators)
        if (ind.method.type !== "manual" && !seen.has(ind.key)) {
          seen.add(ind.key);
          keys.push(ind.key);
        }
  return keys;
}

/**
 * One period under its version and window: scored once by `scoreWith` (windows, aggregates,
 * values, ranks, adjustments), then each indicator's values turned into method shapes, so that a
 * trial only multiplies points, clamps, rounds and sums.
 */
function preparePeriod(rb: Rulebook, index: DataIndex, period: Period, window: WindowKind, keyPos: ReadonlyMap<string, number>): PreparedPeriod {
  const result = scoreWith(rb, index, period, window, false);
  const byUnit = new Map(result.units.map((u) => [u.unit, u]));
  const units = [...byUnit.keys()].sort();
  const n = units.length;
  const rows = units.map((u) => byUnit.get(u)!);
  const group = rows.map((u) => u.group);
  const groups = groupList(rb);
  const members = new Map<string, number[]>(groups.map((g) => [g.key, []]));
  group.forEach((g, i) => members.get(g)!.push(i));
  const indicators: PreparedIndicator[] = [];
  rb.sections.forEach((section, si) => {
    for (const ind of section.indicators) {
      const params = methodParams(ind, period);
      const prepared: PreparedIndicator = { section: si, points: ind.points, factor: ind.method.type === "manual" ? -1 : keyPos.get(ind.key)!, missing: ind.missing, parts: [] };
      for (const g of groups) {
        if (!appliesTo(ind, g.key)) continue;
        const list = members.get(g.key)!;
        if (!list.length) continue;
        const value = (i: number) => rows[i]!.indicators[ind.key]!.value;
        // the same order as scoreWith's: the group's units in key order, those with a value sorted best first (a stable sort)
        const scored = list.filter((i) => value(i) !== null);
        scored.sort(ind.direction === "higher" ? (a, b) => value(b)! - value(a)! : (a, b) => value(a)! - value(b)!);
        const cohort: Cohort | null = scored.length ? { n: scored.length, best: value(scored[0]!)!, worst: value(scored[scored.length - 1]!)! } : null;
        const shapes = scored.map((i) => methodShape(ind, params, value(i)!, cohort!, rows[i]!.indicators[ind.key]!.rank!));
        prepared.parts.push({ scored: Int32Array.from(scored), shapes, nulls: Int32Array.from(list.filter((i) => value(i) === null)) });
      }
      indicators.push(prepared);
    }
  });
  return {
    period,
    rb,
    units,
    group,
    rankGroups: groups.map((g) => Int32Array.from(members.get(g.key)!)).filter((m) => m.length > 0),
    tieBreakAt: rb.tieBreak.map((key) => rb.sections.findIndex((s) => s.key === key)),
    indicators,
    bonus: Float64Array.from(rows, (u) => u.bonus),
    penalty: Float64Array.from(rows, (u) => u.penalty),
    sectionCents: new Float64Array(n * rb.sections.length),
    total: new Float64Array(n),
    rank: new Int32Array(n),
  };
}

/** An indicator's points under a factor vector: points × its factor, exactly as a perturbed rulebook holds them. */
function pointsOf(ind: PreparedIndicator, factors: ArrayLike<number>): number {
  return ind.factor < 0 ? ind.points : ind.points * factors[ind.factor]!;
}

/**
 * One trial of one period (into its scratch): each indicator score round2(clamp(shape at p)), the
 * `missing` score from them, section sums and totals in hundredths as §6 says, then the ranks
 * within each group by `rankByTotals`. Equal to `scoreWith` under the perturbed points.
 */
function trialPeriod(pp: PreparedPeriod, factors: ArrayLike<number>): void {
  const S = pp.rb.sections.length;
  const sc = pp.sectionCents;
  sc.fill(0);
  for (const ind of pp.indicators) {
    const p = pointsOf(ind, factors);
    const si = ind.section;
    for (const part of ind.parts) {
      const { scored, shapes, nulls } = part;
      let sum = 0;
      for (let k = 0; k < scored.length; k++) {
        const score = round2(clampScore(shapeRaw(shapes[k]!, p), p));
        sum += score;
        sc[scored[k]! * S + si]! += cents(score);
      }
      if (!nulls.length) continue;
      const missing = ind.missing === "full" ? p : ind.missing === "zero" ? 0 : scored.length ? round2(sum / scored.length) : p;
      const c = cents(missing);
      for (let k = 0; k < nulls.length; k++) sc[nulls[k]! * S + si]! += c;
    }
  }
  const n = pp.units.length;
  for (let i = 0; i < n; i++) {
    let totalCents = 0;
    for (let si = 0; si < S; si++) totalCents += sc[i * S + si]!;
    pp.total[i] = round2(totalCents / 100 + pp.bonus[i]! - pp.penalty[i]!);
  }
  const tieBreak = pp.rb.tieBreak;
  const sectionPos = pp.tieBreakAt;
  for (const members of pp.rankGroups) {
    const items = Array.from(members, (i) => {
      const sections: Record<string, number> = {};
      tieBreak.forEach((key, t) => (sections[key] = sectionPos[t]! < 0 ? 0 : sc[i * S + sectionPos[t]!]! / 100));
      return { unit: pp.units[i]!, i, total: pp.total[i]!, sections };
    });
    for (const { item, rank } of rankByTotals(items, tieBreak)) pp.rank[item.i] = rank;
  }
}

function prepareYear(versions: readonly Rulebook[], index: DataIndex, year: number): { y: PreparedYear; keys: string[] } {
  const months = countedMonths(versions, index, year);
  const dec = makePeriod(year, 12);
  const provisional = months[months.length - 1] !== dec;
  const asOf = provisional && months.length ? months[months.length - 1]! : dec;
  const rb = inForce(versions, asOf);
  const monthVersions = months.map((m) => inForce(versions, m));
  // the evaluation's version gives the order; keys only earlier versions of the year have follow
  const used = [rb, ...versions.filter((v) => v !== rb && monthVersions.includes(v))];
  const keys = perturbedKeys(used);
  const keyPos = new Map(keys.map((k, i) => [k, i]));
  // Several versions in force in one year: each version's indicator of the same key is perturbed
  // by the same factor (one factor per key), as if the court had changed that indicator's points
  // in every version alike.
  const monthly = months.map((m, mi) => preparePeriod(monthVersions[mi]!, index, m, monthVersions[mi]!.window, keyPos));
  const basis = rb.annual.basis;
  const ytd = basis === "ytd" ? preparePeriod(rb, index, asOf, "year", keyPos) : null;
  const units = ytd ? ytd.units : [...new Set(monthly.flatMap((m) => m.units))].sort();
  const at = monthly.map((m) => {
    const pos = new Map(m.units.map((u, i) => [u, i]));
    return Int32Array.from(units, (u) => pos.get(u) ?? -1);
  });
  const sectionAt = monthly.map((m) => Int32Array.from(rb.sections, (s) => m.rb.sections.findIndex((x) => x.key === s.key)));
  const vetoes = vetoesOfYear(versions, index, year);
  const complete = ytd ? units.map(() => true) : units.map((_, ui) => at.filter((a) => a[ui]! >= 0).length === months.length);
  return {
    y: { year, rb, basis, monthly, ytd, units, group: units.map((u) => groupOf(rb, u)), veto: units.map((u) => vetoes.has(u)), complete, at, sectionAt },
    keys,
  };
}

/** One unit's annual standing in a trial. */
interface YearTrial {
  total: Float64Array;
  /** section scores of rb's sections (unit-major) */
  sections: Float64Array;
  rank: Array<number | null>;
  grade: Array<string | null>;
}

/**
 * One trial of the annual evaluation: the months (meanOfMonths) or the ytd period under the
 * perturbed points, each unit's total and sections on the year's basis, ranks within rb's groups
 * and the grades by `gradeRanked`, exactly as `evaluateYear` does. `months`: also score every
 * month (for the talk rule) under the ytd basis.
 */
function trialYear(py: PreparedYear, factors: ArrayLike<number>, months: boolean): YearTrial {
  const { rb, units } = py;
  const n = units.length;
  const S = rb.sections.length;
  const total = new Float64Array(n);
  const sections = new Float64Array(n * S);
  if (py.ytd) {
    trialPeriod(py.ytd, factors);
    total.set(py.ytd.total);
    for (let k = 0; k < n * S; k++) sections[k] = py.ytd.sectionCents[k]! / 100;
    if (months) for (const m of py.monthly) trialPeriod(m, factors);
  } else {
    for (const m of py.monthly) trialPeriod(m, factors);
    const mean = (xs: number[]) => round2(xs.reduce((s, x) => s + x, 0) / xs.length);
    for (let ui = 0; ui < n; ui++) {
      const totals: number[] = [];
      const bySection: number[][] = Array.from({ length: S }, () => []);
      py.monthly.forEach((m, mi) => {
        const i = py.at[mi]![ui]!;
        if (i < 0) return;
        totals.push(m.total[i]!);
        const ms = m.rb.sections.length;
        const sa = py.sectionAt[mi]!;
        for (let s = 0; s < S; s++) if (sa[s]! >= 0) bySection[s]!.push(m.sectionCents[i * ms + sa[s]!]! / 100);
      });
      total[ui] = mean(totals);
      for (let s = 0; s < S; s++) sections[ui * S + s] = bySection[s]!.length ? mean(bySection[s]!) : 0;
    }
  }
  const rank: Array<number | null> = new Array(n).fill(null);
  const grade: Array<string | null> = new Array(n).fill(null);
  for (const g of groupList(rb)) {
    const items: Array<{ unit: string; ui: number; total: number; sections: Record<string, number>; veto: boolean }> = [];
    for (let ui = 0; ui < n; ui++) {
      if (py.group[ui] !== g.key || !py.complete[ui]) continue;
      const secs: Record<string, number> = {};
      rb.sections.forEach((s, si) => (secs[s.key] = sections[ui * S + si]!));
      items.push({ unit: units[ui]!, ui, total: total[ui]!, sections: secs, veto: py.veto[ui]! });
    }
    if (!items.length) continue;
    const ranked = rankByTotals(items, rb.tieBreak).map(({ item, rank }) => ({ ...item, rank }));
    for (const r of ranked) rank[r.ui] = r.rank;
    const grading = gradeRanked(ranked, rb.annual.grades, rb.annual.vetoCap);
    for (const r of ranked) grade[r.ui] = grading.units.get(r.unit)?.grade ?? null;
  }
  return { total, sections, rank, grade };
}

// ─── the public pieces ──────────────────────────────────────────────────────────────────────────

function problem(field: string, zh: string, en: string): Problem {
  return { field, zh, en };
}

/**
 * Prepares a month or a year for perturbing its indicators' points: everything that does not
 * depend on the points, done once. Refuses (InputError, in Chinese) both or neither of period
 * and year.
 */
export function prepareSensitivity(opts: Pick<SensitivityOptions, "rulebooks" | "data" | "period" | "year" | "window">): PreparedSensitivity {
  if ((opts.period === undefined) === (opts.year === undefined))
    throw new InputError([problem("period", "请给出一个月份或一个年度(二者选一)", "give exactly one of period and year")]);
  const versions = orderVersions(opts.rulebooks);
  const index = indexData(opts.data);
  if (opts.period !== undefined) {
    const rb = inForce(versions, opts.period);
    const keys = perturbedKeys([rb]);
    const p = preparePeriod(rb, index, opts.period, opts.window ?? rb.window, new Map(keys.map((k, i) => [k, i])));
    return { keys, period: opts.period, prepared: { kind: "period", p } };
  }
  const { y, keys } = prepareYear(versions, index, opts.year!);
  return { keys, year: opts.year!, prepared: { kind: "year", y } };
}

/** A unit's standing under one factor vector. */
export interface PerturbedUnit {
  unit: string;
  group: string;
  /** period: rank within the group; year: the annual rank (null for an incomplete unit) */
  rank: number | null;
  total: number;
  sections: Record<string, number>;
  /** year only */
  grade?: string | null;
  /** year only */
  rewards?: string[];
  /** year only */
  talk?: boolean;
}

export interface PerturbedStandings {
  /** the units in key order: the period's cohort, or the year's evaluated units */
  units: PerturbedUnit[];
  /** year only: each counted month's ranking, units in key order */
  months?: Array<{ period: Period; units: PerturbedUnit[] }>;
}

function periodUnits(pp: PreparedPeriod): PerturbedUnit[] {
  const S = pp.rb.sections.length;
  return pp.units.map((unit, i) => ({
    unit,
    group: pp.group[i]!,
    rank: pp.rank[i]!,
    total: pp.total[i]!,
    sections: Object.fromEntries(pp.rb.sections.map((s, si) => [s.key, pp.sectionCents[i * S + si]! / 100])),
  }));
}

/**
 * Scores one factor vector (one factor per `prepared.keys`, in that order) by recombining the
 * prepared work: what `scorePeriod` / `evaluateYear` give with a rulebook in which every
 * perturbed indicator's `points` is multiplied by its factor (manual indicators keep theirs).
 * The year's standings carry grades, rewards and talks too.
 */
export function perturbedStandings(prepared: PreparedSensitivity, factors: ArrayLike<number>): PerturbedStandings {
  const pr = prepared.prepared;
  if (pr.kind === "period") {
    trialPeriod(pr.p, factors);
    return { units: periodUnits(pr.p) };
  }
  const py = pr.y;
  const t = trialYear(py, factors, true);
  const { rb } = py;
  const S = rb.sections.length;
  const monthsLast = new Map<string, number>();
  const months = py.monthly.map((m) => {
    const list = periodUnits(m);
    const maxRank = new Map<string, number>();
    const size = new Map<string, number>();
    for (const u of list) {
      maxRank.set(u.group, Math.max(maxRank.get(u.group) ?? 0, u.rank!));
      size.set(u.group, (size.get(u.group) ?? 0) + 1);
    }
    for (const u of list) if (size.get(u.group)! > 1 && u.rank === maxRank.get(u.group)) monthsLast.set(u.unit, (monthsLast.get(u.unit) ?? 0) + 1);
    return { period: m.period, units: list };
  });
  // the last place of each group's annual ranking: the largest rank, when the group ranks more than one unit
  const lastRank = new Map<string, number | null>();
  for (const g of groupList(rb)) {
    const ranks = py.units.flatMap((_, ui) => (py.group[ui] === g.key && t.rank[ui] !== null ? [t.rank[ui]!] : []));
    lastRank.set(g.key, ranks.length > 1 ? Math.max(...ranks) : null);
  }
  const talk = rb.annual.talk;
  const units = py.units.map((unit, ui): PerturbedUnit => {
    const rank = t.rank[ui]!;
    const group = py.group[ui]!;
    const veto = py.veto[ui]!;
    return {
      unit,
      group,
      rank,
      total: t.total[ui]!,
      sections: Object.fromEntries(rb.sections.map((s, si) => [s.key, t.sections[ui * S + si]!])),
      grade: t.grade[ui]!,
      rewards: rank === null || veto ? [] : rb.annual.rewards.filter((r) => rank <= r.topRanks).map((r) => r.key),
      talk: !!talk && ((rank !== null && rank === lastRank.get(group)) || (monthsLast.get(unit) ?? 0) >= talk.monthsLast),
    };
  });
  return { units, months };
}

/** The order the engine lists units in: by group (the rulebook's order, `other` last), then rank (none last), then key. */
function listed<T extends { unit: string; group: string; rank: number | null }>(rb: Rulebook, units: T[]): T[] {
  const gi = new Map(groupList(rb).map((g, i) => [g.key, i]));
  return [...units].sort((a, b) => {
    const g = gi.get(a.group)! - gi.get(b.group)!;
    if (g !== 0) return g;
    if (a.rank !== b.rank) return a.rank === null ? 1 : b.rank === null ? -1 : a.rank - b.rank;
    return a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0;
  });
}

/**
 * How stable each unit's rank (a year: its annual grade and rank) is when indicator points move
 * (interfaces.md `sensitivity`): every perturbed indicator's points one at a time ×(1 − spread) and
 * ×(1 + spread) → `sensitiveTo`; then `trials` joint draws, each indicator's factor uniform in
 * [1 − spread, 1 + spread] from `seededRandom(seed)`, drawn trial by trial in the order of the keys
 * (rulebook order) → `unchanged`. Every trial is exactly what scoring with the perturbed points
 * gives; bands' deductions, manual scores, `missing` rules, vetoes and adjustment caps do not scale.
 */
export function sensitivity(opts: SensitivityOptions): SensitivityResult {
  const trials = opts.trials ?? 1000;
  const seed = opts.seed ?? 1;
  const spread = opts.spread ?? 0.1;
  const problems: Problem[] = [];
  if (!Number.isInteger(trials) || trials < 1 || trials > 1_000_000)
    problems.push(problem("trials", `试验次数必须是 1 至 1000000 之间的整数,收到 ${trials}`, "trials must be a whole number from 1 to 1000000"));
  if (!Number.isSafeInteger(seed)) problems.push(problem("seed", `随机种子必须是整数,收到 ${seed}`, "seed must be a whole number"));
  if (!(Number.isFinite(spread) && spread > 0 && spread < 1))
    problems.push(problem("spread", `变动幅度必须大于 0 且小于 1(如 0.1 表示分值上下浮动 10%),收到 ${spread}`, "spread must be greater than 0 and less than 1"));
  if (problems.length) throw new InputError(problems);

  const prepared = prepareSensitivity(opts);
  const K = prepared.keys.length;
  const factors = new Float64Array(K).fill(1);
  const pr = prepared.prepared;
  // one evaluation of a factor vector: each unit's rank, and in a year its grade
  const evaluate: () => { rank: ArrayLike<number | null>; grade: ArrayLike<string | null> | null } =
    pr.kind === "period"
      ? () => {
          trialPeriod(pr.p, factors);
          return { rank: pr.p.rank, grade: null };
        }
      : () => trialYear(pr.y, factors, false);
  const base = evaluate();
  const baseRank = Array.from(base.rank);
  const baseGrade = base.grade ? Array.from(base.grade) : null;
  const n = baseRank.length;
  const moved = (r: ReturnType<typeof evaluate>, i: number) => (baseGrade ? r.grade![i] !== baseGrade[i] : r.rank[i] !== baseRank[i]);

  // one at a time
  const sensitiveTo: string[][] = Array.from({ length: n }, () => []);
  for (let k = 0; k < K; k++) {
    const hit = new Uint8Array(n);
    for (const f of [1 - spread, 1 + spread]) {
      factors[k] = f;
      const r = evaluate();
      for (let i = 0; i < n; i++) if (moved(r, i)) hit[i] = 1;
    }
    factors[k] = 1;
    for (let i = 0; i < n; i++) if (hit[i]) sensitiveTo[i]!.push(prepared.keys[k]!);
  }

  // joint draws
  const random = seededRandom(seed);
  const same = new Float64Array(n);
  const sameRank = new Float64Array(n);
  for (let t = 0; t < trials; t++) {
    for (let k = 0; k < K; k++) factors[k] = 1 - spread + 2 * spread * random();
    const r = evaluate();
    for (let i = 0; i < n; i++) {
      if (r.rank[i] === baseRank[i]) sameRank[i]!++;
      if (!moved(r, i)) same[i]!++;
    }
  }

  let units: SensitivityUnit[];
  if (pr.kind === "period") {
    const p = pr.p;
    units = listed(
      p.rb,
      p.units.map((unit, i) => ({ unit, group: p.group[i]!, rank: baseRank[i]!, unchanged: same[i]! / trials, sensitiveTo: sensitiveTo[i]! })),
    );
    return { trials, seed, spread, period: opts.period!, units };
  }
  const y = pr.y;
  units = listed(
    y.rb,
    y.units.map((unit, i) => ({
      unit,
      group: y.group[i]!,
      rank: baseRank[i]!,
      grade: baseGrade![i]!,
      unchanged: same[i]! / trials,
      sensitiveTo: sensitiveTo[i]!,
      rankUnchanged: sameRank[i]! / trials,
    })),
  );
  return { trials, seed, spread, year: opts.year!, units };
}

