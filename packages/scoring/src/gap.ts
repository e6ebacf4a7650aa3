/**
 * 差距测算 (interfaces.md `gap`, product.md "What it would take"): for one unit in one scored
 * period, the smallest single change of one of its figures of that month that, all else equal,
 * gives it the next rank up, or first place, within its group.
 *
 * Exact: every option, applied to the facts and scored by `scorePeriod`, gives the unit that rank
 * or better, and the same change one step smaller (toward the present figure) does not; a field
 * without an option has no value in the searched range that reaches the rank.
 *
 * How it is fast. Changing field f of unit u in month M changes only the indicators that read f
 * (`indicatorFields`: formula terms and minimum base); every other indicator's score of every unit,
 * and every bonus and penalty, stay as they are. So each candidate value is scored by the engine
 * itself on a rulebook reduced to those indicators (and their fields), over the window's facts of
 * u's group only — which scores them exactly as the full rulebook does — and the totals are
 * recombined with the other indicators' scores of the full scoring (rulebook.md §6: total =
 * Σ section scores + bonus − penalty, ranked by `rankByTotals`).
 *
 * Which values are tried. The values of f run over a grid x0 + k·step (step 1 for an `integer`
 * field, else 0.01) within [0, 10 × the court's largest value of f that month] and within what the
 * data checks (rulebook.md §7c, `checkFacts` of the rules package, errors only) allow. Of an
 * increase and a decrease of the same size, the increase is given; a check the stored figures
 * already break (not involving f) does not rule anything out. The checks
 * are per-value rules and `le` rules, each of which holds on an interval of one field's values, so
 * the allowed values form an interval around x0, found by bisection with `checkFacts` itself.
 *
 * What the search relies on (rulebook.md §3–§6, §9), on each "segment" of that interval:
 * 1. Each indicator's value of u is monotone in f: an aggregate (sum, mean or last of a window
 *    ending in M) is increasing in M's figure, so a ratio (a + w₁x)/(b + w₂x), a complement or a
 *    field is monotone wherever its denominator is not 0 — and a denominator of non-negative
 *    figures is 0 only at x = 0, which is a segment of its own.
 * 2. u's value is null throughout a segment or nowhere in it: it turns null only at x = 0 (a zero
 *    denominator) or below a minimum base's threshold on f (an aggregate below `min`); the
 *    thresholds are found by bisection and cut the segments.
 * 3. With u's value changing in a segment, for every other unit v of the group the difference
 *    (v's score − u's score) of each indicator is monotone in u's value, decreasing as u's value
 *    gets better: efficacy, rank, target, ratioToBest give u more and v less (or the same) as u
 *    improves; a v without a value is scored the mean of the rounded scores, which rises by at
 *    most what u's rises; `full` and `zero` do not move. The one exception is the band method
 *    (合理区间), where u's own score rises to its points inside the band and falls outside it,
 *    while v's does not move: there u's highest score over an interval is its points where the
 *    interval's values reach the band, else the better of its two ends.
 * Hence, over an interval [a, b] of a segment, taking each indicator's scores at the end where u's
 * value is better (band: u's highest score) gives for every v a lower bound of (v − u) in the total
 * and in every tieBreak section, and so a lower bound of u's rank over the whole interval. The
 * search is a depth-first branch and bound from the end nearest x0: an interval whose bound cannot
 * reach the rank is dropped, an interval's ends are scored exactly, and the rest is halved. Where
 * every indicator of f moves u the same way (the common case), this is a bisection; where they pull
 * apart (a field that is the numerator of one rate and the denominator of another) it narrows in
 * on the values that may reach. It never drops a value that reaches, so the first value found is the
 * smallest. gap.test.ts checks it against a scan of every value with `scorePeriod`.
 */
import {
  appliesTo,
  checkFacts,
  formatValue,
  indicatorFields,
  indicatorsOf,
  InputError,
  num,
  periodLabel,
  rankText,
  windowMonths,
  type FactRow,
  type FactValues,
  type Indicator,
  type Period,
  type Rulebook,
  type WindowKind,
} from "@scorecard/rules";
import { indexData, type DataIndex, type DataSet } from "./dataset";
import { cents, round2 } from "./numbers";
import { rankByTotals, scorePeriod, type UnitResult } from "./score";
import { inForce } from "./in-force";
import { orderVersions } from "./versions";

/** One single change that reaches a target: field `field` of the unit in the scored month from `from` to `to`. */
export interface GapOption {
  /** the first indicator (rulebook order) of those applying to the unit that uses the field */
  indicator: string;
  /** every indicator applying to the unit that uses the field, rulebook order */
  indicators: string[];
  field: string;
  from: number;
  to: number;
  /** to − from, a whole number of steps (1 for an `integer` field, else 0.01) */
  delta: number;
  /** the unit's indicators (of `indicators`, rulebook order) whose score the change lowers; empty for most */
  lowers: GapLowered[];
}

/** An indicator of the unit that an option lowers: its value and score before and after the change. */
export interface GapLowered {
  indicator: string;
  /** the unit's value before and after (null: none, e.g. a zero denominator) */
  fromValue: number | null;
  toValue: number | null;
  fromScore: number;
  toScore: number;
}

export interface GapTarget {
  /** the rank within the group to reach (or better) */
  rank: number;
  /**
   * at most one per field: first those that lower none of the unit's indicators, then those that
   * lower one; each in the rulebook order of the first indicator using its field
   */
  options: GapOption[];
  /** indicators (rulebook order) none of whose fields has an option: "单项无法达到" */
  unreachable: string[];
}

export interface GapResult {
  period: Period;
  unit: string;
  group: string;
  /** the unit's present rank within its group */
  rank: number;
  /** the next rank up, then first place (one target when they are the same; none when the unit is first) */
  targets: GapTarget[];
}

export interface GapOptions {
  rulebooks: Rulebook | readonly Rulebook[];
  data: DataSet | DataIndex;
  period: Period;
  unit: string;
  /** defaults to the rulebook's own window */
  window?: WindowKind;
}

/**
 * The change in words, the field by its label and unit, and what it lowers in the same line:
 * `执行结案数 +6 件(影响 E1 执结率、E7 人均执结数)`, `审判结案数 +169 件(影响 T1 结收比、T3 法定审限内结案率),
 * 同时法定审限内结案率由 93.94% 降至 15.35%,该项得分 4.95 → 0`.
 */
export function gapOptionText(rb: Rulebook, o: Omit<GapOption, "lowers"> & Partial<Pick<GapOption, "lowers">>): string {
  const field = rb.fields.find((f) => f.key === o.field);
  const inds = new Map(indicatorsOf(rb).map((i) => [i.key, i]));
  const change = `${o.delta > 0 ? "+" : "−"}${num(Math.abs(o.delta))}${field?.unit ? ` ${field.unit}` : ""}`;
  const text = `${field?.label ?? o.field} ${change}(影响 ${o.indicators.map((k) => `${k} ${inds.get(k)?.name ?? ""}`.trim()).join("、")})`;
  const lowers = (o.lowers ?? []).map((l) => {
    const ind = inds.get(l.indicator);
    const unit = ind?.unit;
    const value =
      l.fromValue === null || l.toValue === null
        ? `由${l.fromValue === null ? "无数值" : ` ${formatValue(l.fromValue, unit)}`}变为${l.toValue === null ? "无数值" : ` ${formatValue(l.toValue, unit)}`}`
        : `由 ${formatValue(l.fromValue, unit)} ${l.toValue < l.fromValue ? "降至" : "升至"} ${formatValue(l.toValue, unit)}`;
    return `${ind?.name ?? l.indicator}${value},该项得分 ${num(l.fromScore)} → ${num(l.toScore)}`;
  });
  return lowers.length ? `${text},同时${lowers.join(";")}` : text;
}

/** What a target asks: `要前进一名(第6名)`, or `要成为第一名`. */
export function gapTargetTitle(t: Pick<GapTarget, "rank">): string {
  return t.rank === 1 ? "要成为第一名" : `要前进一名(${rankText(t.rank)})`;
}

/** The indicators no single change reaches, in words (`单项无法达到:T7 超12个月未结案件数、…`); empty when there are none. */
export function gapUnreachableText(rb: Rulebook, t: Pick<GapTarget, "unreachable">): string {
  if (!t.unreachable.length) return "";
  const names = new Map(indicatorsOf(rb).map((i) => [i.key, i.name]));
  return `单项无法达到:${t.unreachable.map((k) => `${k} ${names.get(k) ?? ""}`.trim()).join("、")}`;
}

/** Where the search stands for one run: the full scoring and the unit's group. */
interface Context {
  rb: Rulebook;
  period: Period;
  kind: WindowKind;
  unit: string;
  /** the group's units in the full scoring */
  members: UnitResult[];
  /** position of the unit in `members` */
  me: number;
  /** the window's facts of the group's units; `row` is the unit's row of the scored month */
  rows: FactRow[];
  rowAt: number;
}

/**
 * What it would take (interfaces.md `gap`): for the next rank up and for first place within the
 * unit's group, the smallest single change of each field the unit's indicators use that reaches it.
 */
export function gapToRank(opts: GapOptions): GapResult {
  const rb = inForce(orderVersions(opts.rulebooks), opts.period);
  const index = indexData(opts.data);
  const kind = opts.window ?? rb.window;
  const base = scorePeriod({ rulebooks: rb, data: index, period: opts.period, window: kind, explain: false });
  const mine = base.units.find((u) => u.unit === opts.unit);
  const row = index.facts.get(opts.period)?.get(opts.unit);
  if (!mine || !row)
    throw new InputError([
      {
        field: "unit",
        zh: `${periodLabel(opts.period)}没有法庭“${opts.unit}”当月的数据,无法测算差距。请选择该法庭有数据的月份。`,
        en: `no facts of unit ${opts.unit} in ${opts.period}; gap needs the unit's figures of that month`,
      },
    ]);
  const result: GapResult = { period: opts.period, unit: opts.unit, group: mine.group, rank: mine.rank, targets: [] };
  if (mine.rank <= 1) return result;
  const ranks = mine.rank - 1 === 1 ? [1] : [mine.rank - 1, 1];

  const members = base.units.filter((u) => u.group === mine.group);
  const keys = new Set(members.map((u) => u.unit));
  const rows: FactRow[] = [];
  for (const m of windowMonths(opts.period, kind))
    for (const [unit, values] of index.facts.get(m) ?? []) if (keys.has(unit)) rows.push({ period: m, unit, values });
  const ctx: Context = {
    rb,
    period: opts.period,
    kind,
    unit: opts.unit,
    members,
    me: members.indexOf(mine),
    rows,
    rowAt: rows.findIndex((r) => r.period === opts.period && r.unit === opts.unit),
  };

  // the indicators applying to the unit, and the fields they read in the order of their first use
  const applying = indicatorsOf(rb).filter((ind) => appliesTo(ind, mine.group));
  const fields: string[] = [];
  for (const ind of applying) for (const f of indicatorFields(ind)) if (!fields.includes(f)) fields.push(f);
  const courtMonth = index.facts.get(opts.period)!;
  const found = new Map<string, Array<GapOption | null>>();
  for (const field of fields) {
    const uses = applying.filter((ind) => indicatorFields(ind).includes(field));
    let max = 0;
    for (const values of courtMonth.values()) max = Math.max(max, values[field] ?? 0);
    const search = new FieldSearch(ctx, field, uses, row, 10 * max);
    found.set(field, ranks.map((r) => search.smallest(r)));
  }
  result.targets = ranks.map((rank, t) => {
    // those that lower nothing first (a stable sort keeps the rulebook order within each)
    const options = fields.flatMap((f) => found.get(f)![t] ?? []).sort((a, b) => Number(a.lowers.length > 0) - Number(b.lowers.length > 0));
    const reached = new Set(options.map((o) => o.field));
    const unreachable = applying
      .filter((ind) => ind.formula.type !== "manual" && !indicatorFields(ind).some((f) => reached.has(f)))
      .map((ind) => ind.key);
    return { rank, options, unreachable };
  });
  return result;
}

/** One candidate value scored: each indicator of the field's scores of every member (cents), u's values, u's rank. */
interface Scored {
  /** [indicator][member] rounded score in cents */
  scores: number[][];
  /** [indicator] u's value, null where it has none */
  values: Array<number | null>;
  rank: number;
}

/** The search over one field of the unit: the values allowed, the segments, and each candidate scored once. */
class FieldSearch {
  private readonly step: number;
  private readonly x0: number;
  /** x0·100 when it is on the hundredths grid, so that x0 + k/100 is written without binary noise */
  private readonly hundredths: number | null;
  private readonly reduced: Rulebook;
  private readonly section: number[];
  private readonly baseScores: number[][];
  private readonly baseSections: number[][];
  private readonly tie: number[];
  private readonly wholeAdjustments: boolean;
  private readonly cache = new Map<number, Scored>();
  private range: { lo: number; hi: number; segments: Array<[number, number]> } | null = null;

  constructor(
    private readonly ctx: Context,
    private readonly field: string,
    private readonly uses: ReadonlyArray<Indicator & { section: string }>,
    private readonly row: FactValues,
    private readonly limit: number,
  ) {
    const def = ctx.rb.fields.find((f) => f.key === field)!;
    this.step = def.integer ? 1 : 0.01;
    this.x0 = row[field] ?? NaN;
    const h = this.x0 * 100;
    this.hundredths = !def.integer && Math.abs(h - Math.round(h)) < 1e-6 ? Math.round(h) : null;
    // the rulebook reduced to the indicators reading the field, and the fields those read
    const keep = new Set(uses.map((i) => i.key));
    const read = new Set(uses.flatMap((i) => indicatorFields(i)));
    this.reduced = {
      ...ctx.rb,
      fields: ctx.rb.fields.filter((f) => read.has(f.key)),
      checks: [],
      sections: ctx.rb.sections.map((s) => ({ ...s, indicators: s.indicators.filter((i) => keep.has(i.key)) })).filter((s) => s.indicators.length > 0),
      adjustments: [],
      tieBreak: [],
    };
    const sectionIndex = new Map(ctx.rb.sections.map((s, i) => [s.key, i]));
    this.section = uses.map((i) => sectionIndex.get(i.section)!);
    this.baseScores = uses.map((i) => ctx.members.map((u) => cents(u.indicators[i.key]!.score)));
    this.baseSections = ctx.members.map((u) => ctx.rb.sections.map((s) => cents(u.sections[s.key] ?? 0)));
    this.tie = ctx.rb.tieBreak.map((s) => sectionIndex.get(s)!);
    this.wholeAdjustments = ctx.members.every((u) => {
      const c = (u.bonus - u.penalty) * 100;
      return Math.abs(c - Math.round(c)) < 1e-7;
    });
  }

  /** The field's value k steps from x0. */
  private valueAt(k: number): number {
    if (k === 0) return this.x0;
    if (this.step === 1) return this.x0 + k;
    return this.hundredths !== null ? (this.hundredths + k) / 100 : this.x0 + k / 100;
  }

  private deltaOf(k: number): number {
    return this.step === 1 ? k : k / 100;
  }

  /** The smallest change reaching `target` or better (an increase when both directions are as small), or null. */
  smallest(target: number): GapOption | null {
    if (!Number.isFinite(this.x0)) return null;
    const { segments } = this.prepare();
    let up: number | null = null;
    for (const [a, b] of segments) {
      if (b < 1) continue;
      up = this.search(Math.max(a, 1), b, target, true);
      if (up !== null) break;
    }
    let down: number | null = null;
    const floor = up === null ? -Infinity : -(up - 1);
    for (let i = segments.length - 1; i >= 0 && down === null; i--) {
      const [a, b] = segments[i]!;
      if (a > -1 || b < floor) continue;
      down = this.search(Math.max(a, floor), Math.min(b, -1), target, false);
    }
    const k = down ?? up;
    if (k === null) return null;
    const to = this.valueAt(k);
    return { indicator: this.uses[0]!.key, indicators: this.uses.map((i) => i.key), field: this.field, from: this.x0, to, delta: this.deltaOf(k), lowers: this.lowered(k) };
  }

  /** The unit's indicators of the field whose score the change by k steps lowers, with the values and scores. */
  private lowered(k: number): GapLowered[] {
    const at = this.scored(k);
    const { me, members } = this.ctx;
    return this.uses.flatMap((ind, j): GapLowered[] => {
      const before = this.baseScores[j]![me]!;
      const after = at.scores[j]![me]!;
      if (after >= before) return [];
      return [{ indicator: ind.key, fromValue: members[me]!.indicators[ind.key]!.value, toValue: at.values[j] ?? null, fromScore: before / 100, toScore: after / 100 }];
    });
  }

  /** The allowed steps [lo, hi] and the segments they split into (see the file's comment). */
  private prepare(): { lo: number; hi: number; segments: Array<[number, number]> } {
    if (this.range) return this.range;
    const { x0, step } = this;
    let hi = Math.max(0, Math.floor((this.limit - x0) / step + 1e-9));
    while (hi > 0 && this.valueAt(hi) > this.limit) hi--;
    let lo = -Math.max(0, Math.floor(x0 / step + 1e-9));
    while (lo < 0 && this.valueAt(lo) < 0) lo++;
    // the data checks: the allowed values are an interval around x0
    const before = new Set(this.errors(x0));
    const allowed = (k: number) => this.errors(this.valueAt(k)).every((e) => before.has(e));
    hi = lastTrue(0, hi, allowed);
    lo = -lastTrue(0, -lo, (k) => allowed(-k));
    // segments: x = 0 alone, then cuts where u's value of an indicator turns null or back
    const cuts = new Set<number>();
    let first = lo;
    if (this.valueAt(lo) === 0 && lo < hi) {
      cuts.add(lo + 1);
      first = lo + 1;
    }
    if (first < hi) {
      const a = this.scored(first);
      const b = this.scored(hi);
      this.uses.forEach((_, j) => {
        const nullAtHi = b.values[j] === null;
        if ((a.values[j] === null) === nullAtHi) return;
        // the first step from which u's null-ness is that of the high end
        cuts.add(first + 1 + lastTrue(0, hi - first - 1, (d) => (this.scored(first + d).values[j] === null) !== nullAtHi));
      });
    }
    const segments: Array<[number, number]> = [];
    let start = lo;
    for (const c of [...cuts].sort((p, q) => p - q)) {
      if (c <= start || c > hi) continue;
      segments.push([start, c - 1]);
      start = c;
    }
    segments.push([start, hi]);
    return (this.range = { lo, hi, segments });
  }

  /** The data-check errors of the unit's month with the field at value x, as comparable keys. */
  private errors(x: number): string[] {
    const { errors } = checkFacts(this.ctx.rb, this.ctx.unit, { ...this.row, [this.field]: x }, { complete: false });
    return errors.map((e) => `${e.check}\u0000${e.field}`);
  }

  /** The first value in [a, b] (nearest x0 first: the low end when `fromLow`) whose rank reaches `target`, or null. */
  private search(a: number, b: number, target: number, fromLow: boolean): number | null {
    if (a > b) return null;
    const near = fromLow ? a : b;
    const far = fromLow ? b : a;
    if (this.scored(near).rank <= target) return near;
    if (a === b) return null;
    if (b - a === 1) return this.scored(far).rank <= target ? far : null;
    if (this.bestRank(a, b) > target) return null;
    const mid = Math.floor((a + b) / 2);
    return fromLow ? this.search(a, mid, target, true) ?? this.search(mid, b, target, true) : this.search(mid, b, target, false) ?? this.search(a, mid, target, false);
  }

  /** A lower bound of u's rank over the steps [a, b] of one segment (see the file's comment, point 3). */
  private bestRank(a: number, b: number): number {
    const ea = this.scored(a);
    const eb = this.scored(b);
    const { members, me } = this.ctx;
    const n = members.length;
    // each indicator's scores at the end where u's value is better; u's band score at its highest
    const composite = this.uses.map((ind, j) => {
      const va = ea.values[j] ?? null;
      const vb = eb.values[j] ?? null;
      if (va === null || vb === null || va === vb) return ea.scores[j]!;
      if (ind.method.type === "band") {
        const m = ind.method;
        const reaches = Math.max(va, vb) >= (m.low ?? -Infinity) && Math.min(va, vb) <= (m.high ?? Infinity);
        const out = [...ea.scores[j]!];
        out[me] = reaches ? cents(round2(ind.points)) : Math.max(ea.scores[j]![me]!, eb.scores[j]![me]!);
        return out;
      }
      const better = ind.direction === "higher" ? vb > va : vb < va;
      return (better ? eb : ea).scores[j]!;
    });
    const sections = this.sectionsWith(composite);
    const totals = sections.map((s) => s.reduce((x, y) => x + y, 0));
    const adj = members.map((u) => u.bonus - u.penalty);
    let ahead = 0;
    for (let v = 0; v < n; v++) {
      if (v === me) continue;
      if (this.wholeAdjustments) {
        const d = totals[v]! + Math.round(adj[v]! * 100) - (totals[me]! + Math.round(adj[me]! * 100));
        if (d > 0) ahead++;
        else if (d === 0) {
          for (const s of this.tie) {
            const ds = sections[v]![s]! - sections[me]![s]!;
            if (ds > 0) ahead++;
            if (ds !== 0) break;
          }
        }
      } else if (totals[v]! - totals[me]! + 100 * (adj[v]! - adj[me]!) > 1 + 1e-7) ahead++; // past any rounding of the totals
    }
    return ahead + 1;
  }

  /** Every member's section scores (cents) with the field's indicators' scores replaced. */
  private sectionsWith(scores: number[][]): number[][] {
    return this.baseSections.map((base, i) => {
      const s = [...base];
      this.uses.forEach((_, j) => (s[this.section[j]!]! += scores[j]![i]! - this.baseScores[j]![i]!));
      return s;
    });
  }

  /** The field at step k, scored by the engine on the reduced rulebook, with u's exact rank. */
  private scored(k: number): Scored {
    const hit = this.cache.get(k);
    if (hit) return hit;
    const { ctx } = this;
    const rows = [...ctx.rows];
    const own = rows[ctx.rowAt]!;
    rows[ctx.rowAt] = { ...own, values: { ...own.values, [this.field]: this.valueAt(k) } };
    const r = scorePeriod({ rulebooks: this.reduced, data: { facts: rows }, period: ctx.period, window: ctx.kind, explain: false });
    const at = new Map(r.units.map((u) => [u.unit, u]));
    const scores = this.uses.map((ind) => ctx.members.map((m) => cents(at.get(m.unit)!.indicators[ind.key]!.score)));
    const values = this.uses.map((ind) => at.get(ctx.unit)!.indicators[ind.key]!.value);
    // u's rank: the totals recombined exactly as scorePeriod makes them (rulebook.md §6.4–§6.5)
    const sections = this.sectionsWith(scores);
    const units = ctx.members.map((m, i) => {
      const c = sections[i]!;
      const sec: Record<string, number> = {};
      ctx.rb.sections.forEach((s, si) => (sec[s.key] = c[si]! / 100));
      return { unit: m.unit, total: round2(c.reduce((x, y) => x + y, 0) / 100 + m.bonus - m.penalty), sections: sec };
    });
    const rank = rankByTotals(units, ctx.rb.tieBreak).find((x) => x.item.unit === ctx.unit)!.rank;
    const out = { scores, values, rank };
    this.cache.set(k, out);
    return out;
  }
}

/** The largest k in [lo, hi] with ok(k), given ok(lo) and ok monotone (true, then false). */
function lastTrue(lo: number, hi: number, ok: (k: number) => boolean): number {
  if (hi <= lo || ok(hi)) return Math.max(lo, hi);
  let good = lo;
  let bad = hi;
  while (bad - good > 1) {
    const mid = Math.floor((good + bad) / 2);
    if (ok(mid)) good = mid;
    else bad = mid;
  }
  return good;
}
