/**
 * An independent oracle for the scoring engine, checked against it with random rulebooks and data.
 *
 * The oracle below is a deliberately plain, slow transcription of rulebook.md §3–§7a and §9
 * (groups, manual indicators, weighted terms, minimum bases, caps on adjustments), written from
 * the spec alone (not from score.ts / annual.ts / methods.ts / numbers.ts / explain.ts). Where the
 * spec leaves something open, the reading taken is marked "AMBIGUITY" in a comment.
 */
import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { monthOf, parseRulebook, yearOf, type FieldRef, type Indicator, type Rulebook, type WindowKind } from "@scorecard/rules";
import { evaluateYear, scorePeriod, type AnnualResult, type PeriodResult } from "./index";
import {
  YEAR,
  RUNS,
  UNIT_KEYS,
  constructScenarioArb,
  monthArb,
  periodOf,
  realisticArb,
  realisticConstructsArb,
  scenarioArb,
  two,
  windowArb,
  type Data,
  type Scenario,
} from "./test/generators";

// ─────────────────────────────────────────────────────────────────────────────────────────────
// The oracle
// ─────────────────────────────────────────────────────────────────────────────────────────────

interface OIndicator {
  value: number | null;
  score: number;
  rank: number | null;
}
interface OUnit {
  unit: string;
  group: string;
  rank: number;
  total: number;
  sections: Record<string, number>;
  bonus: number;
  penalty: number;
  bonusUncapped: number;
  penaltyUncapped: number;
  veto: boolean;
  indicators: Record<string, OIndicator>;
}
interface OPeriod {
  version: string;
  window: { kind: WindowKind; from: string; to: string };
  units: OUnit[];
}
interface OAnnualUnit {
  unit: string;
  group: string;
  rank: number | null;
  total: number;
  sections: Record<string, number>;
  grade: string | null;
  rewards: string[];
  talk: boolean;
  veto: boolean;
  complete: boolean;
}
interface OQuota {
  group: string;
  grade: string;
  maxShare: number | null;
  n: number;
  quota: number | null;
  given: number;
}
interface OAnnual {
  version: string;
  basis: string;
  provisional: boolean;
  months: string[];
  quotas: OQuota[];
  units: OAnnualUnit[];
}


/** §6.1: round2(x) = sign(x)·⌊|x|·100 + 0.5 + 10⁻⁹⌋ / 100 */
function round2(x: number): number {
  return (Math.sign(x) * Math.floor(Math.abs(x) * 100 + 0.5 + 1e-9)) / 100;
}
/** §6.5: totals and section scores are compared in whole hundredths. */
function hundredths(x: number): number {
  return Math.round(x * 100);
}
function byKey(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** §7a: the version in force at a period, i.e. the latest `effectiveFrom` ≤ the period. */
function oracleVersionAt(rulebooks: Rulebook[], period: string): Rulebook | undefined {
  let found: Rulebook | undefined = undefined;
  for (const rb of rulebooks) {
    if (rb.effectiveFrom <= period) {
      if (found === undefined || rb.effectiveFrom > found.effectiveFrom) found = rb;
    }
  }
  return found;
}

/** §3: the months of a window. */
function oracleWindow(period: string, kind: WindowKind): string[] {
  const year = yearOf(period);
  const month = monthOf(period);
  let from = month;
  let to = month;
  if (kind === "ytd") from = 1;
  if (kind === "quarter") {
    if (month <= 3) from = 1;
    else if (month <= 6) from = 4;
    else if (month <= 9) from = 7;
    else from = 10;
  }
  if (kind === "year") {
    from = 1;
    to = 12;
  }
  const months: string[] = [];
  for (let m = from; m <= to; m++) months.push(periodOf(year, m));
  return months;
}

function factsOf(data: Data, unit: string, period: string): Record<string, number> | undefined {
  for (const row of data.facts) if (row.unit === unit && row.period === period) return row.values;
  return undefined;
}

/**
 * An indicator value: the double the spec computes with, plus the same value as an exact
 * fraction of the decimal inputs. AMBIGUITY: §5/§6.6 say "equal values share a rank" and
 * "best = worst", and also "compute in double precision". Two rates that are mathematically
 * equal (3/11 ÷ 4 and 6/11 ÷ 8) can differ in the last binary digit, so a literal double
 * comparison splits them. The oracle decides equality and order on the exact fractions (the
 * obviously correct meaning of "equal values"), and does the arithmetic in doubles.
 */
interface Val {
  f: number;
  n: bigint;
  d: bigint; // > 0
}
function exact(x: number): Val {
  // the decimal the double prints as (facts are typed in as decimals)
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(x));
  if (!m) throw new Error(`oracle: cannot read ${x} as a decimal`);
  const frac = m[3] ?? "";
  let n = BigInt((m[2] as string) + frac);
  let d = 10n ** BigInt(frac.length);
  const e = Number(m[4] ?? 0);
  if (e > 0) n *= 10n ** BigInt(e);
  if (e < 0) d *= 10n ** BigInt(-e);
  return { f: x, n: m[1] === "-" ? -n : n, d };
}
function cmpVal(a: Val, b: Val): number {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
}

/** §3: a field aggregated over the window months in which the unit has facts. */
function aggregate(data: Data, unit: string, months: string[], field: string, how: "sum" | "mean" | "last"): Val {
  const values: number[] = [];
  for (const m of months) {
    const f = factsOf(data, unit, m);
    if (f !== undefined) values.push(f[field] as number);
  }
  if (values.length === 0) throw new Error("oracle: aggregate over no months");
  if (how === "last") return exact(values[values.length - 1] as number);
  let sum = 0;
  let exactSum: Val = { f: 0, n: 0n, d: 1n };
  for (const v of values) {
    sum += v;
    const e = exact(v);
    exactSum = { f: sum, n: exactSum.n * e.d + e.n * exactSum.d, d: exactSum.d * e.d };
  }
  if (how === "sum") return exactSum;
  return { f: sum / values.length, n: exactSum.n, d: exactSum.d * BigInt(values.length) };
}

function addVal(a: Val, b: Val): Val {
  return { f: a.f + b.f, n: a.n * b.d + b.n * a.d, d: a.d * b.d };
}
function mulVal(a: Val, b: Val): Val {
  return { f: a.f * b.f, n: a.n * b.n, d: a.d * b.d };
}

/** §9 weighted terms: an operand is a field's aggregate, or Σ weight × the field's aggregate. */
function operandValue(ref: FieldRef, fields: Record<string, Val>): Val {
  if (typeof ref === "string") return fields[ref] as Val;
  let acc: Val | null = null;
  for (const t of ref) {
    const agg = fields[t.field] as Val;
    const term = mulVal(exact(t.weight), agg);
    acc = acc === null ? term : addVal(acc, term);
  }
  return acc as Val;
}

/** §4 (with §9 weighted terms); not for manual indicators. */
function indicatorValue(ind: Indicator, fields: Record<string, Val>): Val | null {
  const f = ind.formula;
  if (f.type === "manual") throw new Error("oracle: a manual indicator has no formula value");
  if (f.type === "field") return operandValue(f.field, fields);
  const num = operandValue(f.num, fields);
  const den = operandValue(f.den, fields);
  // "a denominator of 0 gives null as in §4" (facts ≥ 0 and weights > 0, so den ≥ 0)
  if (den.n === 0n) return null;
  const q = { n: num.n * den.d, d: num.d * den.n };
  if (f.type === "ratio") return { f: num.f / den.f, ...q };
  return { f: 1 - num.f / den.f, n: q.d - q.n, d: q.d };
}

/**
 * §9 manual indicators: the unit's latest manual score in the window (`last`) or the mean of its
 * manual scores there (`mean`); null when it has none.
 * AMBIGUITY: a manual score counts in any month of the window, whether or not the unit has facts
 * that month (the spec's "using only the months in which the unit has facts" is about fields);
 * the unit must still be in the cohort (facts in some month of the window) to be scored at all.
 */
function manualValue(data: Data, unit: string, months: string[], key: string, how: "last" | "mean"): Val | null {
  const scores: number[] = [];
  for (const m of months) {
    for (const row of data.manual ?? []) if (row.period === m && row.unit === unit && row.indicator === key) scores.push(row.score);
  }
  if (scores.length === 0) return null;
  if (how === "last") return exact(scores[scores.length - 1] as number);
  let sum = 0;
  let acc: Val = { f: 0, n: 0n, d: 1n };
  for (const x of scores) {
    sum += x;
    acc = addVal(acc, exact(x));
  }
  return { f: sum / scores.length, n: acc.n, d: acc.d * BigInt(scores.length) };
}

function isBetter(ind: Indicator, a: Val, b: Val): boolean {
  return ind.direction === "higher" ? cmpVal(a, b) > 0 : cmpVal(a, b) < 0;
}

/** §5: the (clamped, unrounded) score of value x among the group's non-null values V. */
function methodScore(ind: Indicator, xv: Val, V: Val[], period: string): number {
  const p = ind.points;
  let bestV = V[0] as Val;
  let worstV = V[0] as Val;
  for (const v of V) {
    if (isBetter(ind, v, bestV)) bestV = v;
    if (isBetter(ind, worstV, v)) worstV = v;
  }
  const x = xv.f;
  const best = bestV.f;
  const worst = worstV.f;
  const m = ind.method;
  let s: number;
  if (m.type === "efficacy") {
    if (cmpVal(bestV, worstV) === 0) s = p;
    else s = p * (m.floor + ((1 - m.floor) * (x - worst)) / (best - worst));
  } else if (m.type === "rank") {
    let r = 1;
    for (const v of V) if (isBetter(ind, v, xv)) r++;
    s = p * Math.max(0, 1 - m.step * (r - 1));
  } else if (m.type === "target") {
    let t = m.target;
    let z = m.zeroAt;
    // "the entry for the scored period's month": the month of the scored period (not the window's
    // months), so a `year` window scored for 2022-03 uses byMonth "03".
    const entry = m.byMonth?.[two(monthOf(period))];
    if (entry !== undefined) {
      t = entry.target;
      z = entry.zeroAt;
    }
    if (ind.direction === "higher") {
      if (x >= t) s = p;
      else if (x <= z) s = 0;
      else s = (p * (x - z)) / (t - z);
    } else {
      if (x <= t) s = p;
      else if (x >= z) s = 0;
      else s = (p * (z - x)) / (z - t);
    }
  } else if (m.type === "ratioToBest") {
    if (ind.direction === "higher") s = best <= 0 ? p : (p * x) / best;
    else s = x <= 0 ? p : (p * Math.max(best, 0)) / x;
  } else if (m.type === "band") {
    if (m.low !== undefined && x < m.low) s = Math.max(0, p - (m.deduct * (m.low - x)) / m.step);
    else if (m.high !== undefined && x > m.high) s = Math.max(0, p - (m.deduct * (x - m.high)) / m.step);
    else s = p;
  } else throw new Error("oracle: the manual method belongs to manual indicators only");
  if (s < 0) s = 0;
  if (s > p) s = p;
  return s;
}

/** §6.5: competition ranks by total, then the tieBreak sections, all in whole hundredths. */
function rankUnits<T extends { unit: string; total: number; sections: Record<string, number> }>(
  units: T[],
  tieBreak: string[],
): Map<string, number> {
  function keyOf(u: T): number[] {
    const k = [hundredths(u.total)];
    for (const s of tieBreak) k.push(hundredths(u.sections[s] ?? 0));
    return k;
  }
  function beats(a: T, b: T): boolean {
    const ka = keyOf(a);
    const kb = keyOf(b);
    for (let i = 0; i < ka.length; i++) {
      if ((ka[i] as number) > (kb[i] as number)) return true;
      if ((ka[i] as number) < (kb[i] as number)) return false;
    }
    return false;
  }
  const ranks = new Map<string, number>();
  for (const u of units) {
    let r = 1;
    for (const other of units) if (beats(other, u)) r++;
    ranks.set(u.unit, r);
  }
  return ranks;
}

/** §9 groups: the implicit group of the units no group lists. */
const OTHER = "other";
/** §9: "Each unit of the cohort belongs to the group that lists it, else to the implicit group `other`". */
function oracleGroupOf(rb: Rulebook, unit: string): string {
  for (const g of rb.groups) for (const u of g.units) if (u === unit) return g.key;
  return OTHER;
}
/** §9: "in the rulebook's order, `other` last" */
function oracleGroupOrder(rb: Rulebook): string[] {
  const order = rb.groups.map((g) => g.key);
  order.push(OTHER);
  return order;
}
/** §9: an indicator with `groups` applies only to units of those groups (`other` may be named). */
function oracleApplies(ind: Indicator, group: string): boolean {
  if (ind.groups === undefined) return true;
  return ind.groups.includes(group);
}

/** §3–§6, §7a and §9: one period's ranking. `undefined` when no version is in force. */
function oracleScore(rulebooks: Rulebook[], data: Data, period: string, window?: WindowKind): OPeriod | undefined {
  const rb = oracleVersionAt(rulebooks, period);
  if (rb === undefined) return undefined;
  const kind: WindowKind = window ?? rb.window;
  const months = oracleWindow(period, kind);

  // cohort: every unit with facts in at least one month of the window
  const cohort: string[] = [];
  for (const row of data.facts) {
    if (months.includes(row.period) && !cohort.includes(row.unit)) cohort.push(row.unit);
  }
  cohort.sort(byKey);

  const aggregated: Record<string, Record<string, Val>> = {};
  for (const unit of cohort) {
    aggregated[unit] = {};
    for (const f of rb.fields) (aggregated[unit] as Record<string, Val>)[f.key] = aggregate(data, unit, months, f.key, f.aggregate);
  }

  const results: OUnit[] = cohort.map((unit) => ({
    unit,
    group: oracleGroupOf(rb, unit),
    rank: 0,
    total: 0,
    sections: {},
    bonus: 0,
    penalty: 0,
    bonusUncapped: 0,
    penaltyUncapped: 0,
    veto: false,
    indicators: {},
  }));

  // "Everything §5–§7 takes over the cohort is taken within the unit's group: V, best, worst,
  // indicator ranks, missing: mean, the ranking of totals"
  for (const group of oracleGroupOrder(rb)) {
    const members = results.filter((r) => r.group === group);
    if (members.length === 0) continue;
    for (const section of rb.sections) {
      for (const ind of section.indicators) {
        if (!oracleApplies(ind, group)) continue; // absent: not scored, not in the sections, not in `indicators`
        const values: Record<string, Val | null> = {};
        const V: Val[] = [];
        for (const { unit } of members) {
          const fields = aggregated[unit] as Record<string, Val>;
          let v: Val | null;
          if (ind.formula.type === "manual") v = manualValue(data, unit, months, ind.key, ind.formula.aggregate);
          else v = indicatorValue(ind, fields);
          // §9 minimum base: the aggregate of F over the window below m makes the value null.
          // AMBIGUITY: "below m" is read exactly (the 10⁻¹² equality of §4 is stated for best,
          // worst, ranks and methods, not for minBase); the generated values make no near-ties.
          if (ind.minBase !== undefined && cmpVal(fields[ind.minBase.field] as Val, exact(ind.minBase.min)) < 0) v = null;
          values[unit] = v;
          if (v !== null) V.push(v);
        }
        const scores: Record<string, number> = {};
        const roundedWithValue: number[] = [];
        for (const { unit } of members) {
          const v = values[unit] as Val | null;
          if (v === null) continue;
          // §9: "The indicator's score is round2 of the value" (no method, no clamp: the scores
          // are within [0, points] by validation of the manual data)
          scores[unit] = ind.formula.type === "manual" ? round2(v.f) : round2(methodScore(ind, v, V, period));
          roundedWithValue.push(scores[unit]);
        }
        for (const { unit } of members) {
          if (values[unit] !== null) continue;
          if (ind.missing === "full") scores[unit] = ind.points;
          else if (ind.missing === "zero") scores[unit] = 0;
          else if (roundedWithValue.length === 0) scores[unit] = ind.points;
          else {
            let sum = 0;
            for (const x of roundedWithValue) sum += x;
            scores[unit] = round2(sum / roundedWithValue.length);
          }
        }
        for (const r of members) {
          const v = values[r.unit] as Val | null;
          let rank: number | null = null;
          if (v !== null) {
            rank = 1;
            for (const w of V) if (isBetter(ind, w, v)) rank++;
          }
          r.indicators[ind.key] = { value: v === null ? null : v.f, score: scores[r.unit] as number, rank };
        }
      }
    }
  }

  for (const r of results) {
    // AMBIGUITY: a section none of whose indicators applies to the unit's group is listed with
    // score 0 (an empty sum), not left out of `sections`.
    for (const section of rb.sections) {
      let sum = 0;
      for (const ind of section.indicators) {
        const oi = r.indicators[ind.key];
        if (oi !== undefined) sum += oi.score;
      }
      r.sections[section.key] = sum;
    }
    // §6.3 with §9 caps: per item Σ count·points, capped by the item's `cap`; then the rulebook's
    // bonusCap / penaltyCap on the sum of the items
    const perItem = new Map<string, number>();
    let veto = false;
    for (const a of data.adjustments) {
      if (a.unit !== r.unit || !months.includes(a.period)) continue;
      const item = rb.adjustments.find((x) => x.key === a.item);
      if (item === undefined) continue;
      if (item.kind === "veto") veto = true;
      else perItem.set(item.key, (perItem.get(item.key) ?? 0) + a.count * (item.points as number));
    }
    let bonusUncapped = 0;
    let penaltyUncapped = 0;
    let bonusItems = 0;
    let penaltyItems = 0;
    for (const item of rb.adjustments) {
      if (item.kind === "veto") continue;
      const sum = perItem.get(item.key) ?? 0;
      const capped = item.cap === undefined ? sum : Math.min(item.cap, sum);
      if (item.kind === "bonus") {
        bonusUncapped += sum;
        bonusItems += capped;
      } else {
        penaltyUncapped += sum;
        penaltyItems += capped;
      }
    }
    r.bonusUncapped = bonusUncapped;
    r.penaltyUncapped = penaltyUncapped;
    r.bonus = Math.min(rb.bonusCap, bonusItems);
    r.penalty = rb.penaltyCap === undefined ? penaltyItems : Math.min(rb.penaltyCap, penaltyItems);
    r.veto = veto;
    let total = 0;
    for (const section of rb.sections) total += r.sections[section.key] as number;
    r.total = round2(total + r.bonus - r.penalty);
  }

  // ranks within each group; listed by group (rulebook order, other last), then rank, then key
  const order = oracleGroupOrder(rb);
  for (const group of order) {
    const members = results.filter((r) => r.group === group);
    const ranks = rankUnits(members, rb.tieBreak);
    for (const r of members) r.rank = ranks.get(r.unit) as number;
  }
  results.sort((a, b) => order.indexOf(a.group) - order.indexOf(b.group) || a.rank - b.rank || byKey(a.unit, b.unit));
  return { version: rb.version, window: { kind, from: months[0] as string, to: months[months.length - 1] as string }, units: results };
}

/** §7 (with §9 groups): the annual evaluation. */
function oracleEvaluate(rulebooks: Rulebook[], data: Data, year: number): OAnnual {
  // "Which months count": a month of the year is a monthly ranking of the year only when at least
  // one unit has facts for that month itself (and, to be scored at all, a version is in force).
  const counted: string[] = [];
  for (let m = 1; m <= 12; m++) {
    const p = periodOf(year, m);
    if (oracleVersionAt(rulebooks, p) === undefined) continue;
    if (data.facts.some((row) => row.period === p)) counted.push(p);
  }
  // a year whose December has no facts is provisional; its rules (and the ytd totals' scoring
  // period) come from the latest counted month instead of December
  const december = periodOf(year, 12);
  const provisional = !counted.includes(december);
  const asOf = provisional && counted.length > 0 ? (counted[counted.length - 1] as string) : december;
  const dec = oracleVersionAt(rulebooks, asOf);
  if (dec === undefined) throw new Error("oracle: no version in force at " + asOf);
  const annual = dec.annual;
  // §9: "The annual evaluation uses the groups of the version it takes its rules from"
  const order = oracleGroupOrder(dec);

  // the year's monthly rankings: the counted months, each with its own version and that version's window
  const monthly: OPeriod[] = [];
  for (const p of counted) monthly.push(oracleScore(rulebooks, data, p) as OPeriod);

  // veto in the year: an adjustment in any month of the year that the version in force that month
  // counts as a veto (a later version dropping or renaming the item does not erase it)
  function vetoInYear(unit: string): boolean {
    for (const a of data.adjustments) {
      if (a.unit !== unit || yearOf(a.period) !== year) continue;
      const then = oracleVersionAt(rulebooks, a.period);
      if (then === undefined) continue;
      const item = then.adjustments.find((x) => x.key === a.item);
      if (item !== undefined && item.kind === "veto") return true;
    }
    return false;
  }

  let rows: Array<{ unit: string; group: string; total: number; sections: Record<string, number>; complete: boolean }> = [];
  if (annual.basis === "ytd") {
    // "the year's totals are those of scoring period YYYY-12 (or the latest counted month) with window year"
    const r = oracleScore(rulebooks, data, asOf, "year") as OPeriod;
    rows = r.units.map((u) => ({ unit: u.unit, group: oracleGroupOf(dec, u.unit), total: u.total, sections: { ...u.sections }, complete: true }));
  } else {
    const units: string[] = [];
    for (const r of monthly) for (const u of r.units) if (!units.includes(u.unit)) units.push(u.unit);
    for (const unit of units) {
      const totals: number[] = [];
      const sectionValues: Record<string, number[]> = {};
      for (const r of monthly) {
        const u = r.units.find((x) => x.unit === unit);
        if (u === undefined) continue;
        totals.push(u.total);
        for (const [k, v] of Object.entries(u.sections)) (sectionValues[k] ??= []).push(v);
      }
      let sum = 0;
      for (const t of totals) sum += t;
      const sections: Record<string, number> = {};
      // AMBIGUITY: "section scores likewise" does not say which months a section averages over
      // when versions differ in their sections; the generator keeps the section keys equal
      // across versions, so every section averages over the unit's scored months. A month whose
      // group left the section without an applicable indicator counts with its 0.
      for (const [k, vs] of Object.entries(sectionValues)) {
        let x = 0;
        for (const v of vs) x += v;
        sections[k] = round2(x / vs.length);
      }
      // complete: as many scored months as the year's counted months.
      // AMBIGUITY: the monthly totals are averaged whatever group the unit was in that month (a
      // unit that changed groups in the year keeps its months); it is ranked in its group under
      // the rules' version.
      rows.push({ unit, group: oracleGroupOf(dec, unit), total: round2(sum / totals.length), sections, complete: totals.length === counted.length });
    }
  }

  const ranked = rows.filter((r) => r.complete);
  // ranks, n, quotas, grades and rewards within each group
  const ranks = new Map<string, number>();
  const gradeOf = new Map<string, string | null>();
  const grades = annual.grades;
  const capIndex = annual.vetoCap === undefined ? 0 : grades.findIndex((g) => g.key === annual.vetoCap);
  const nOf = new Map<string, number>();
  for (const group of order) {
    const inGroup = ranked.filter((r) => r.group === group);
    nOf.set(group, inGroup.length);
    const groupRanks = rankUnits(inGroup, dec.tieBreak);
    for (const [u, r] of groupRanks) ranks.set(u, r);
    const n = inGroup.length;
    const remaining: Array<number> = grades.map((g) => (g.maxShare === undefined ? Infinity : Math.floor(g.maxShare * n)));
    const distinctRanks = [...new Set(inGroup.map((r) => groupRanks.get(r.unit) as number))].sort((a, b) => a - b);
    for (const rank of distinctRanks) {
      const tied = inGroup.filter((r) => groupRanks.get(r.unit) === rank);
      const parts = [tied.filter((r) => !vetoInYear(r.unit)), tied.filter((r) => vetoInYear(r.unit))];
      for (let pi = 0; pi < 2; pi++) {
        const part = parts[pi] as typeof tied;
        if (part.length === 0) continue;
        const withVeto = pi === 1;
        const total = (part[0] as (typeof tied)[number]).total; // tied units have equal totals
        let chosen: string | null = null;
        for (let i = 0; i < grades.length; i++) {
          const g = grades[i] as (typeof grades)[number];
          // "whose minScore its total reaches": total ≥ minScore, the total being a 2-decimal number
          // (hundredths(total)) and minScore taken as written (it may be finer than hundredths);
          // §9: "minScore applies to totals as they are, whatever a group's full score"
          if (g.minScore !== undefined && hundredths(total) < g.minScore * 100 - 1e-6) continue;
          if ((remaining[i] as number) < part.length) continue;
          if (withVeto && i < capIndex) continue;
          remaining[i] = (remaining[i] as number) - part.length;
          chosen = g.key;
          break;
        }
        // AMBIGUITY: when even the last grade's quota is used up (a `maxShare` on the last grade),
        // the spec names no grade; the oracle gives none (null).
        for (const r of part) gradeOf.set(r.unit, chosen);
      }
    }
  }

  // talk: last in the annual ranking of the unit's group, or last in its group in ≥ monthsLast of
  // the monthly rankings. "Last" is the largest rank number; all who share it are last; a ranking
  // of a single unit has no last (a group of one unit has no last place).
  const maxRankOf = new Map<string, number>();
  for (const r of ranked) maxRankOf.set(r.group, Math.max(maxRankOf.get(r.group) ?? 0, ranks.get(r.unit) as number));
  const lastCount = new Map<string, number>();
  for (const r of monthly) {
    // each month's groups are those of that month's ranking (the version in force that month)
    const groups = [...new Set(r.units.map((u) => u.group))];
    for (const group of groups) {
      const inGroup = r.units.filter((u) => u.group === group);
      if (inGroup.length < 2) continue;
      let max = 0;
      for (const u of inGroup) max = Math.max(max, u.rank);
      for (const u of inGroup) if (u.rank === max) lastCount.set(u.unit, (lastCount.get(u.unit) ?? 0) + 1);
    }
  }

  const out: OAnnualUnit[] = rows.map((r) => {
    const veto = vetoInYear(r.unit);
    const rank = r.complete ? (ranks.get(r.unit) as number) : null;
    const rewards: string[] = [];
    if (rank !== null && !veto) for (const w of annual.rewards) if (rank <= w.topRanks) rewards.push(w.key);
    // "No `talk` block: nobody is marked for a talk."
    const lastInYear = annual.talk !== undefined && rank !== null && (nOf.get(r.group) as number) > 1 && rank === maxRankOf.get(r.group);
    const lastInMonths = annual.talk !== undefined && (lastCount.get(r.unit) ?? 0) >= annual.talk.monthsLast;
    return {
      unit: r.unit,
      group: r.group,
      rank,
      total: r.total,
      sections: r.sections,
      grade: rank === null ? null : (gradeOf.get(r.unit) ?? null),
      rewards,
      talk: lastInYear || lastInMonths,
      veto,
      complete: r.complete,
    };
  });
  // by group, then rank, then key; incomplete units last within their group (by key)
  out.sort((a, b) => {
    const g = order.indexOf(a.group) - order.indexOf(b.group);
    if (g !== 0) return g;
    if (a.rank === null && b.rank === null) return byKey(a.unit, b.unit);
    if (a.rank === null) return 1;
    if (b.rank === null) return -1;
    return a.rank - b.rank || byKey(a.unit, b.unit);
  });
  // the quota arithmetic per group that has ranked units: floor(maxShare · n) per grade (none
  // without maxShare) and how many of the group got it.
  // AMBIGUITY: quotas are not in the spec. The lead's contract said "one entry per grade per
  // group that has ranked units"; the engine lists every group that has units in the evaluation
  // (complete or not, so n may be 0), which the oracle follows: a group whose units are all
  // incomplete still shows its (empty) quota arithmetic.
  const quotas: OQuota[] = [];
  for (const group of order) {
    const n = nOf.get(group) as number;
    if (!rows.some((r) => r.group === group)) continue;
    for (const g of grades) {
      let given = 0;
      for (const u of out) if (u.group === group && u.grade === g.key) given++;
      quotas.push({ group, grade: g.key, maxShare: g.maxShare ?? null, n, quota: g.maxShare === undefined ? null : Math.floor(g.maxShare * n), given });
    }
  }
  return { version: dec.version, basis: annual.basis, provisional, months: counted, quotas, units: out };
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// Comparison of engine and oracle
// ─────────────────────────────────────────────────────────────────────────────────────────────

const TOL = Number(process.env.ORACLE_TOL ?? 0.01) + 1e-9;
function near(a: number, b: number): boolean {
  return Math.abs(a - b) <= TOL;
}
/** JSON with the keys of every object sorted (the order of an object's keys is not compared) */
function canonical(x: unknown): string {
  return JSON.stringify(x, (_k, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => byKey(a, b))) : v,
  );
}

function comparePeriod(engine: PeriodResult, oracle: OPeriod): string[] {
  const d: string[] = [];
  if (engine.rulebook.version !== oracle.version) d.push(`version ${engine.rulebook.version} ≠ ${oracle.version}`);
  if (engine.window.kind !== oracle.window.kind || engine.window.from !== oracle.window.from || engine.window.to !== oracle.window.to)
    d.push(`window ${JSON.stringify(engine.window)} ≠ ${JSON.stringify(oracle.window)}`);
  const eu = engine.units.map((u) => u.unit).join(",");
  const ou = oracle.units.map((u) => u.unit).join(",");
  if (eu !== ou) d.push(`unit order [${eu}] ≠ [${ou}]`);
  for (const o of oracle.units) {
    const e = engine.units.find((u) => u.unit === o.unit);
    if (e === undefined) continue;
    const at = o.unit;
    if (e.group !== o.group) d.push(`${at} group ${e.group} ≠ ${o.group}`);
    if (e.rank !== o.rank) d.push(`${at} rank ${e.rank} ≠ ${o.rank}`);
    if (!near(e.total, o.total)) d.push(`${at} total ${e.total} ≠ ${o.total}`);
    if (!near(e.bonus, o.bonus)) d.push(`${at} bonus ${e.bonus} ≠ ${o.bonus}`);
    if (!near(e.penalty, o.penalty)) d.push(`${at} penalty ${e.penalty} ≠ ${o.penalty}`);
    if (!near(e.bonusUncapped, o.bonusUncapped)) d.push(`${at} bonusUncapped ${e.bonusUncapped} ≠ ${o.bonusUncapped}`);
    if (!near(e.penaltyUncapped, o.penaltyUncapped)) d.push(`${at} penaltyUncapped ${e.penaltyUncapped} ≠ ${o.penaltyUncapped}`);
    if (e.veto !== o.veto) d.push(`${at} veto ${e.veto} ≠ ${o.veto}`);
    for (const [k, v] of Object.entries(o.sections)) {
      const ev = e.sections[k];
      if (ev === undefined || !near(ev, v)) d.push(`${at} section ${k} ${ev} ≠ ${v}`);
    }
    if (Object.keys(e.sections).length !== Object.keys(o.sections).length) d.push(`${at} section keys [${Object.keys(e.sections)}] ≠ [${Object.keys(o.sections)}]`);
    for (const [k, v] of Object.entries(o.indicators)) {
      const ei = e.indicators[k];
      if (ei === undefined) {
        d.push(`${at} indicator ${k} missing`);
        continue;
      }
      if ((ei.value === null) !== (v.value === null) || (v.value !== null && Math.abs((ei.value as number) - v.value) > 1e-9))
        d.push(`${at} ${k} value ${ei.value} ≠ ${v.value}`);
      if (!near(ei.score, v.score)) d.push(`${at} ${k} score ${ei.score} ≠ ${v.score}`);
      if (ei.rank !== v.rank) d.push(`${at} ${k} rank ${ei.rank} ≠ ${v.rank}`);
    }
    for (const k of Object.keys(e.indicators)) if (o.indicators[k] === undefined) d.push(`${at} indicator ${k} present, but it does not apply to group ${o.group}`);
  }
  return d;
}

function compareAnnual(engine: AnnualResult, oracle: OAnnual): string[] {
  const d: string[] = [];
  if (engine.rulebook.version !== oracle.version) d.push(`version ${engine.rulebook.version} ≠ ${oracle.version}`);
  if (engine.basis !== oracle.basis) d.push(`basis ${engine.basis} ≠ ${oracle.basis}`);
  if (engine.provisional !== oracle.provisional) d.push(`provisional ${engine.provisional} ≠ ${oracle.provisional}`);
  if (engine.months.join(",") !== oracle.months.join(",")) d.push(`months [${engine.months}] ≠ [${oracle.months}]`);
  if (canonical(engine.quotas) !== canonical(oracle.quotas)) d.push(`quotas ${canonical(engine.quotas)} ≠ ${canonical(oracle.quotas)}`);
  const eu = engine.units.map((u) => u.unit).join(",");
  const ou = oracle.units.map((u) => u.unit).join(",");
  if (eu !== ou) d.push(`unit order [${eu}] ≠ [${ou}]`);
  for (const o of oracle.units) {
    const e = engine.units.find((u) => u.unit === o.unit);
    if (e === undefined) continue;
    const at = o.unit;
    if (e.group !== o.group) d.push(`${at} group ${e.group} ≠ ${o.group}`);
    if (e.rank !== o.rank) d.push(`${at} rank ${e.rank} ≠ ${o.rank}`);
    if (!near(e.total, o.total)) d.push(`${at} total ${e.total} ≠ ${o.total}`);
    for (const [k, v] of Object.entries(o.sections)) {
      const ev = e.sections[k];
      if (ev === undefined || !near(ev, v)) d.push(`${at} section ${k} ${ev} ≠ ${v}`);
    }
    if (e.grade !== o.grade) d.push(`${at} grade ${e.grade} ≠ ${o.grade}`);
    if (e.rewards.join(",") !== o.rewards.join(",")) d.push(`${at} rewards [${e.rewards}] ≠ [${o.rewards}]`);
    if (e.talk !== o.talk) d.push(`${at} talk ${e.talk} ≠ ${o.talk}`);
    if (e.veto !== o.veto) d.push(`${at} veto ${e.veto} ≠ ${o.veto}`);
    if (e.complete !== o.complete) d.push(`${at} complete ${e.complete} ≠ ${o.complete}`);
  }
  return d;
}

function engineRulebooks(s: Scenario): Rulebook | Rulebook[] {
  return s.single ? (s.rulebooks[0] as Rulebook) : s.rulebooks;
}
function runScore(s: Scenario, period: string, window: WindowKind | undefined, data: Data = s.data): PeriodResult {
  return scorePeriod({ rulebooks: engineRulebooks(s), data, period, ...(window ? { window } : {}) });
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// Tests
// ─────────────────────────────────────────────────────────────────────────────────────────────

/** Which §9 constructs a scenario uses (for the generators' own check). */
function constructsOf(s: Scenario): Set<string> {
  const seen = new Set<string>();
  for (const rb of s.rulebooks) {
    if (rb.groups.length > 0) seen.add("groups");
    if (rb.penaltyCap !== undefined) seen.add("penaltyCap");
    for (const a of rb.adjustments) if (a.cap !== undefined) seen.add("cap");
    for (const sec of rb.sections)
      for (const ind of sec.indicators) {
        if (ind.groups !== undefined) seen.add(ind.groups.includes(OTHER) ? "indicator groups with other" : "indicator groups");
        if (ind.minBase !== undefined) seen.add("minBase");
        if (ind.formula.type === "manual") seen.add("manual " + ind.formula.aggregate);
        const f = ind.formula;
        const refs = f.type === "manual" ? [] : f.type === "field" ? [f.field] : [f.num, f.den];
        if (refs.some((r) => typeof r !== "string")) seen.add("weighted terms");
      }
  }
  if ((s.data.manual ?? []).length > 0) seen.add("manual scores");
  if (seen.size === 0) seen.add("plain");
  return seen;
}

describe("oracle sanity", () => {
  it("round2 rounds half away from zero and absorbs binary error", () => {
    expect(round2(3.005)).toBe(3.01);
    expect(round2(-3.005)).toBe(-3.01);
    expect(round2(1.004)).toBe(1);
    expect(round2(0.1 + 0.2)).toBe(0.3);
  });

  it("windows", () => {
    expect(oracleWindow("2022-05", "quarter")).toEqual(["2022-04", "2022-05"]);
    expect(oracleWindow("2022-05", "ytd")).toHaveLength(5);
    expect(oracleWindow("2022-05", "year")).toHaveLength(12);
    expect(oracleWindow("2022-05", "month")).toEqual(["2022-05"]);
  });

  it("the generators produce valid rulebooks", () => {
    fc.assert(fc.property(scenarioArb, (s) => s.rulebooks.length >= 1), { numRuns: 50 });
    fc.assert(fc.property(constructScenarioArb, (s) => s.rulebooks.length >= 1), { numRuns: 50 });
    fc.assert(fc.property(realisticConstructsArb, (s) => s.rulebooks.length === 1), { numRuns: 10 });
  });

  it("the construct generator uses every §9 construct, and still plain rulebooks", () => {
    const counts = new Map<string, number>();
    for (const s of fc.sample(constructScenarioArb, { numRuns: 300, seed: 10 })) for (const c of constructsOf(s)) counts.set(c, (counts.get(c) ?? 0) + 1);
    for (const c of ["plain", "groups", "indicator groups", "indicator groups with other", "minBase", "manual last", "manual mean", "manual scores", "weighted terms", "cap", "penaltyCap"])
      expect(counts.get(c) ?? 0, c).toBeGreaterThan(10);
    // the plain generator stays plain
    for (const s of fc.sample(scenarioArb, { numRuns: 100, seed: 10 })) expect([...constructsOf(s)]).toEqual(["plain"]);
  });
});

describe("worked examples", () => {
  // §7 "each gets the first grade in the list whose `minScore` (if any) its total reaches": a total
  // of 1.00 does not reach a minScore of 1.005 (1.005 × 100 is 100.49999999999999 in binary, so a
  // rounding of minScore to whole hundredths turns it into 1.00).
  it("a minScore finer than hundredths is not rounded before the comparison", () => {
    const rb = parseRulebook({
      format: "scorecard-rulebook/1",
      id: "fam",
      version: "v1",
      title: "t",
      effectiveFrom: "2022-01",
      window: "month",
      fields: [{ key: "a", label: "a", aggregate: "sum" }],
      sections: [{ key: "s", name: "s", indicators: [{ key: "I", name: "I", direction: "higher", points: 1, formula: { type: "field", field: "a" }, method: { type: "efficacy" } }] }],
      bonusCap: 0,
      annual: { basis: "ytd", grades: [{ key: "top", name: "top", minScore: 1.005 }, { key: "rest", name: "rest" }] },
    });
    const data: Data = { facts: ["ua", "ub"].map((unit) => ({ period: "2022-01", unit, values: { a: 1 } })), adjustments: [] };
    const oracle = oracleEvaluate([rb], data, YEAR);
    expect(oracle.units.map((u) => [u.unit, u.total, u.grade])).toEqual([["ua", 1, "rest"], ["ub", 1, "rest"]]);
    const engine = evaluateYear({ rulebooks: rb, data, year: YEAR });
    expect(engine.units.map((u) => [u.unit, u.total, u.grade])).toEqual([["ua", 1, "rest"], ["ub", 1, "rest"]]);
  });
});

function agreeOnce(s: Scenario, month: number, window: WindowKind | undefined): void {
  const period = periodOf(YEAR, month);
  const engine = runScore(s, period, window);
  const oracle = oracleScore(s.rulebooks, s.data, period, window) as OPeriod;
  const d1 = comparePeriod(engine, oracle);
  if (d1.length > 0 && process.env.ORACLE_DUMP) writeFileSync(process.env.ORACLE_DUMP, JSON.stringify({ ...s, period, window }));
  if (d1.length > 0) throw new Error(`scorePeriod ${period} ${window ?? "(default)"}:\n  ${d1.join("\n  ")}`);

  const annual = evaluateYear({ rulebooks: engineRulebooks(s), data: s.data, year: YEAR });
  const oAnnual = oracleEvaluate(s.rulebooks, s.data, YEAR);
  const d2 = compareAnnual(annual, oAnnual);
  if (d2.length > 0 && process.env.ORACLE_DUMP) writeFileSync(process.env.ORACLE_DUMP, JSON.stringify({ ...s, period, window }));
  if (d2.length > 0) throw new Error(`evaluateYear ${YEAR}:\n  ${d2.join("\n  ")}`);
}

describe("engine agrees with the independent oracle", () => {
  it("scorePeriod (random period and window) and evaluateYear, plain rulebooks", () => {
    fc.assert(fc.property(scenarioArb, monthArb, windowArb, agreeOnce), { numRuns: 150 * RUNS });
  });
  it("scorePeriod and evaluateYear with the §9 constructs (groups, manual, weighted terms, minBase, caps)", () => {
    fc.assert(fc.property(constructScenarioArb, monthArb, windowArb, agreeOnce), { numRuns: 300 * RUNS });
  });
});

describe("engine agrees with the oracle on the shipped rulebook", () => {
  it("scorePeriod and evaluateYear with realistic figures", () => {
    fc.assert(fc.property(realisticArb, monthArb, windowArb, agreeOnce), { numRuns: 50 * RUNS });
  });
  it("the shipped rulebook with groups, a weighted 改发率 with a minimum base, manual indicators and caps", () => {
    fc.assert(fc.property(realisticConstructsArb, monthArb, windowArb, agreeOnce), { numRuns: 50 * RUNS });
  });
});

/** The indicators of a unit's result that apply to its group (all of them without groups). */
function applicable(rb: Rulebook, group: string): Array<{ section: string; ind: Indicator }> {
  return rb.sections.flatMap((sec) => sec.indicators.filter((ind) => oracleApplies(ind, group)).map((ind) => ({ section: sec.key, ind })));
}

describe("engine properties", () => {
  it("every indicator score lies in [0, points], and only the indicators of the unit's group are scored", () => {
    fc.assert(
      fc.property(constructScenarioArb, monthArb, windowArb, (s, month, window) => {
        const period = periodOf(YEAR, month);
        const res = runScore(s, period, window);
        const rb = oracleVersionAt(s.rulebooks, period) as Rulebook;
        for (const u of res.units) {
          const inds = applicable(rb, u.group);
          expect(Object.keys(u.indicators).sort()).toEqual(inds.map((x) => x.ind.key).sort());
          for (const { ind } of inds) {
            const score = (u.indicators[ind.key] as { score: number }).score;
            if (!(score >= 0 && score <= ind.points)) throw new Error(`${u.unit} ${ind.key} score ${score} outside [0, ${ind.points}]`);
          }
        }
      }),
      { numRuns: 100 * RUNS },
    );
  });

  it("results do not depend on the order of facts rows, adjustment rows, manual scores, units or versions", () => {
    const project = (r: PeriodResult) =>
      r.units.map((u) => ({
        unit: u.unit,
        group: u.group,
        rank: u.rank,
        total: u.total,
        sections: u.sections,
        bonus: u.bonus,
        penalty: u.penalty,
        veto: u.veto,
        indicators: Object.fromEntries(Object.entries(u.indicators).map(([k, v]) => [k, [v.value, v.score, v.rank]])),
      }));
    const projectAnnual = (r: AnnualResult) => r.units.map((u) => [u.unit, u.group, u.rank, u.total, u.sections, u.grade, u.rewards, u.talk, u.veto, u.complete]);
    fc.assert(
      fc.property(
        constructScenarioArb.chain((s) =>
          fc.record({
            s: fc.constant(s),
            facts: fc.shuffledSubarray(s.data.facts, { minLength: s.data.facts.length, maxLength: s.data.facts.length }),
            adjustments: fc.shuffledSubarray(s.data.adjustments, { minLength: s.data.adjustments.length, maxLength: s.data.adjustments.length }),
            manual: fc.shuffledSubarray(s.data.manual ?? [], { minLength: (s.data.manual ?? []).length, maxLength: (s.data.manual ?? []).length }),
            versions: fc.shuffledSubarray(s.rulebooks, { minLength: s.rulebooks.length, maxLength: s.rulebooks.length }),
          }),
        ),
        monthArb,
        windowArb,
        ({ s, facts, adjustments, manual, versions }, month, window) => {
          const period = periodOf(YEAR, month);
          const shuffled: Data = { facts, adjustments, manual };
          const s2: Scenario = { ...s, rulebooks: versions };
          expect(project(runScore(s2, period, window, shuffled))).toEqual(project(runScore(s, period, window)));
          expect(projectAnnual(evaluateYear({ rulebooks: versions, data: shuffled, year: YEAR }))).toEqual(
            projectAnnual(evaluateYear({ rulebooks: s.rulebooks, data: s.data, year: YEAR })),
          );
        },
      ),
      { numRuns: 100 * RUNS },
    );
  });

  it("renaming units (in the data and the groups) only renames them; order follows group, rank, key", () => {
    fc.assert(
      fc.property(
        constructScenarioArb.chain((s) =>
          fc.record({ s: fc.constant(s), renames: fc.shuffledSubarray(UNIT_KEYS, { minLength: UNIT_KEYS.length, maxLength: UNIT_KEYS.length }) }),
        ),
        monthArb,
        windowArb,
        ({ s, renames }, month, window) => {
          const period = periodOf(YEAR, month);
          const rename = (u: string) => renames[UNIT_KEYS.indexOf(u)] as string;
          const data: Data = {
            facts: s.data.facts.map((f) => ({ ...f, unit: rename(f.unit) })),
            adjustments: s.data.adjustments.map((a) => ({ ...a, unit: rename(a.unit) })),
            manual: (s.data.manual ?? []).map((m) => ({ ...m, unit: rename(m.unit) })),
          };
          const renamed: Scenario = { ...s, rulebooks: s.rulebooks.map((rb) => ({ ...rb, groups: rb.groups.map((g) => ({ ...g, units: g.units.map(rename) })) })) };
          const a = runScore(s, period, window);
          const b = runScore(renamed, period, window, data);
          const byUnit = new Map(b.units.map((u) => [u.unit, u]));
          for (const u of a.units) {
            const v = byUnit.get(rename(u.unit));
            expect(v?.group).toBe(u.group);
            expect(v?.rank).toBe(u.rank);
            expect(v?.total).toBe(u.total);
          }
          const order = oracleGroupOrder(oracleVersionAt(s.rulebooks, period) as Rulebook);
          const listed = b.units.map((u) => `${u.group}:${u.rank}:${u.unit}`);
          const sorted = [...b.units]
            .sort((x, y) => order.indexOf(x.group) - order.indexOf(y.group) || x.rank - y.rank || byKey(x.unit, y.unit))
            .map((u) => `${u.group}:${u.rank}:${u.unit}`);
          expect(listed).toEqual(sorted);
        },
      ),
      { numRuns: 100 * RUNS },
    );
  });

  it("a group scores as if its units were scored alone with the indicators that apply to it", () => {
    fc.assert(
      fc.property(constructScenarioArb, monthArb, windowArb, (s, month, window) => {
        const period = periodOf(YEAR, month);
        const rb = oracleVersionAt(s.rulebooks, period) as Rulebook;
        const whole = runScore(s, period, window);
        for (const group of new Set(whole.units.map((u) => u.group))) {
          const inds = applicable(rb, group);
          const sections = rb.sections
            .map((sec) => ({ ...sec, indicators: sec.indicators.filter((ind) => oracleApplies(ind, group)).map((ind) => ({ ...ind, groups: undefined })) }))
            .filter((sec) => sec.indicators.length > 0);
          if (sections.length === 0) continue;
          const kept = new Set(sections.map((sec) => sec.key));
          // a section left without indicators scores 0 for every unit of the group: no tie-break
          const alone: Rulebook = { ...rb, groups: [], sections, tieBreak: rb.tieBreak.filter((k) => kept.has(k)) };
          const units = new Set(whole.units.filter((u) => u.group === group).map((u) => u.unit));
          const data: Data = {
            facts: s.data.facts.filter((f) => units.has(f.unit)),
            adjustments: s.data.adjustments.filter((a) => units.has(a.unit) && rb.adjustments.some((x) => x.key === a.item)),
            manual: (s.data.manual ?? []).filter((m) => units.has(m.unit)),
          };
          const part = scorePeriod({ rulebooks: alone, data, period, ...(window ? { window } : {}) });
          expect(part.units.map((u) => u.unit)).toEqual(whole.units.filter((u) => u.group === group).map((u) => u.unit));
          for (const u of part.units) {
            const w = whole.units.find((x) => x.unit === u.unit) as (typeof whole.units)[number];
            expect(u.group).toBe(OTHER);
            if (process.env.ORACLE_DUMP && (w.rank !== u.rank || w.total !== u.total))
              writeFileSync(process.env.ORACLE_DUMP, JSON.stringify({ s, period, window, group, whole, part }));
            expect([w.rank, w.total]).toEqual([u.rank, u.total]);
            const pick = (x: { value: number | null; score: number; rank: number | null } | undefined) => x && [x.value, x.score, x.rank];
            for (const { ind } of inds) expect(pick(w.indicators[ind.key])).toEqual(pick(u.indicators[ind.key]));
          }
        }
      }),
      { numRuns: 60 * RUNS },
    );
  });

  it("improving a unit's field never lowers its score on a `field` indicator", () => {
    fc.assert(
      fc.property(constructScenarioArb, monthArb, windowArb, fc.nat(), fc.nat(), fc.constantFrom(1, 2, 5), (s, month, window, pickInd, pickUnit, delta) => {
        const period = periodOf(YEAR, month);
        const rb = oracleVersionAt(s.rulebooks, period) as Rulebook;
        const before = runScore(s, period, window);
        if (before.units.length === 0) return;
        const target = before.units[pickUnit % before.units.length] as (typeof before.units)[number];
        // band is not monotone in the value when the bound on the "good" side is set; a minimum
        // base turns a value into a missing one (scored by the others' mean) when its field grows
        const candidates = applicable(rb, target.group)
          .map((x) => x.ind)
          .filter((i) => i.formula.type === "field" && i.minBase === undefined)
          .filter((i) => i.method.type !== "band" || (i.direction === "higher" ? i.method.high === undefined : i.method.low === undefined));
        if (candidates.length === 0) return;
        const ind = candidates[pickInd % candidates.length] as Indicator;
        const ref = (ind.formula as { field: FieldRef }).field;
        const field = typeof ref === "string" ? ref : (ref[0] as { field: string }).field; // weights are > 0: the sum grows with any term
        const months = oracleWindow(period, window ?? rb.window);
        const data: Data = {
          ...s.data,
          facts: s.data.facts.map((f) => {
            if (f.unit !== target.unit || !months.includes(f.period)) return f;
            const v = f.values[field] as number;
            return { ...f, values: { ...f.values, [field]: ind.direction === "higher" ? v + delta : Math.max(0, v - delta) } };
          }),
        };
        const after = runScore(s, period, window, data);
        const old = target.indicators[ind.key]?.score as number;
        const now = after.units.find((u) => u.unit === target.unit)?.indicators[ind.key]?.score as number;
        if (now < old - 1e-9) throw new Error(`${target.unit} ${ind.key}: ${old} → ${now}`);
      }),
      { numRuns: 100 * RUNS },
    );
  });

  it("total = Σ sections + bonus − penalty, each section = Σ of its unit's indicator scores, caps only lower", () => {
    fc.assert(
      fc.property(constructScenarioArb, monthArb, windowArb, (s, month, window) => {
        const period = periodOf(YEAR, month);
        const rb = oracleVersionAt(s.rulebooks, period) as Rulebook;
        for (const u of runScore(s, period, window).units) {
          let sum = 0;
          for (const sec of rb.sections) {
            let secSum = 0;
            for (const ind of sec.indicators) if (oracleApplies(ind, u.group)) secSum += (u.indicators[ind.key] as { score: number }).score;
            const reported = u.sections[sec.key] ?? 0;
            if (Math.abs(reported - secSum) > 0.005 + 1e-9) throw new Error(`${u.unit} section ${sec.key}: ${reported} ≠ Σ ${secSum}`);
            sum += reported;
          }
          if (Math.abs(u.total - (sum + u.bonus - u.penalty)) > 0.005 + 1e-9)
            throw new Error(`${u.unit} total ${u.total} ≠ ${sum} + ${u.bonus} − ${u.penalty}`);
          if (u.bonus > u.bonusUncapped + 1e-9 || u.penalty > u.penaltyUncapped + 1e-9 || u.bonus < 0 || u.penalty < 0)
            throw new Error(`${u.unit} capped ${u.bonus}/${u.penalty} above uncapped ${u.bonusUncapped}/${u.penaltyUncapped}`);
        }
      }),
      { numRuns: 100 * RUNS },
    );
  });
});
