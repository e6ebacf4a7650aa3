import { fixedDigits, formatValue, METHOD_NAMES, MINUS, num, periodLabel, signed, valueShown, type ShownNumber, type Field, type Indicator, type MethodType, type MissingPolicy } from "@scorecard/rules";
import type { AppliedParams, MethodOutcome } from "./methods";
import { clamp, round2, sameValue } from "./numbers";

/** One operand of a formula: the field and its value aggregated over the window. */
export interface Operand {
  key: string;
  label: string;
  unit?: string;
  /** aggregated over the window (Σ weight × term for a weighted operand); null when the unit has no figure for it */
  value: number | null;
  /** a weighted operand (rulebook.md §9): each term's field, weight and aggregated figure */
  terms?: Array<Omit<Operand, "terms"> & { weight: number }>;
}

/** One month's committee score of a manual indicator (评议打分). */
export interface ManualEntry {
  period: string;
  score: number;
  reason: string;
}

/** Why a value is null. */
export type NullReason = "zeroDenominator" | "noData" | "smallBase";

/**
 * Everything behind one indicator score (rulebook.md §8), as data; `text` says it in Chinese
 * with the numbers filled in. Nothing here is recomputed by readers.
 */
export interface Explanation {
  formula:
    | { type: "ratio" | "complement"; num: Operand; den: Operand }
    | { type: "field"; field: Operand }
    | { type: "manual"; aggregate: "last" | "mean"; entries: ManualEntry[] };
  /** the rulebook keeps ranking internal (不通报排名): the text names no rank */
  internalRanking?: true;
  /** the group within which the unit was compared, when the rulebook has groups */
  group?: string;
  /** 样本不足: the base figure that fell below the indicator's `minBase` */
  minBase?: { base: Operand; min: number };
  value: number | null;
  nullReason?: NullReason;
  method: MethodType;
  params: AppliedParams;
  /** the cohort's values: how many units have one, the best and worst (null when none) */
  cohort: { n: number; best: number | null; worst: number | null };
  /** competition rank of the value among the cohort, null for a null value */
  rank: number | null;
  /** the method's arithmetic before clamping to [0, points]; null when scored by `missing` */
  raw: number | null;
  branch: MethodOutcome["branch"] | "missing";
  /** set when the value was null and the `missing` policy gave the score */
  missing?: MissingPolicy;
  /** `missing: "mean"`: the sum of the rounded scores of the n units with values, which the mean divides by n */
  meanOf?: { sum: number; n: number };
  points: number;
  score: number;
  text: string;
}

/** A method's name (功效系数法, …): the rules package's one table, which the compare view uses too. */
export function methodName(m: MethodType): string {
  return METHOD_NAMES[m];
}

/** @deprecated import `num` and `formatValue` from `@scorecard/rules` (the portal's format.ts still imports them from here). */
export { formatValue, num };

/** Decimals that show a rulebook's own numbers (points, targets, steps) exactly. */
const EXACT = 10;

/** A rulebook number without a unit, exactly. */
function plain(x: number): ShownNumber {
  return valueShown(x, undefined, EXACT);
}

/** A difference in the indicator's unit (percentage points for rates), exactly. */
function delta(d: number, unit?: string): ShownNumber {
  if (unit === "%") {
    const s = fixedDigits(d * 100, EXACT);
    return { t: `${signed(s)} 个百分点`, v: Number(s) };
  }
  return valueShown(d, unit, EXACT);
}

/** A shown number as an operand after an operator: a negative one in parentheses. */
function o(s: ShownNumber): string {
  return s.t.startsWith(MINUS) ? `(${s.t})` : s.t;
}

/** Decimals of a value shown in the arithmetic at least (rulebook.md §8): four of a percentage, two of anything else. */
function minDigits(unit?: string): number {
  return unit === "%" ? 4 : 2;
}
/** More decimals than a double holds say nothing more. */
const MORE_DIGITS = 11;
/** Operand decimals that mean "every digit the double holds" (its shortest exact form). */
const ALL_DIGITS = Infinity;

function figureText(op: Omit<Operand, "terms">, digits: number): string {
  if (op.value === null) return `${op.label} 无数据`;
  return `${op.label} ${digits === ALL_DIGITS ? signed(String(op.value)) : num(op.value, digits)}${op.unit ?? ""}`;
}

/** An operand as shown: `label figure`, or a weighted operand's terms in parentheses with their sum. */
function operandText(op: Operand, digits: number): string {
  if (!op.terms) return figureText(op, digits);
  const terms = op.terms.map((t) => (t.weight === 1 ? "" : `${plain(t.weight).t} × `) + figureText(t, digits)).join(" + ");
  const sum = op.value === null ? "无数据" : digits === ALL_DIGITS ? signed(String(op.value)) : num(shownOperand(op, digits), sumDigits(digits));
  return `(${terms} = ${sum})`;
}

/** Decimals of a weighted operand's shown sum: two more than its figures' (exact for weights of two decimals). */
function sumDigits(d: number): number {
  return Math.min(d + 2, 12);
}

/**
 * The operand's value as a reader redoes it from the shown figures: a weighted one is its shown
 * sum (Σ shown weight × shown figure, with the sum's decimals), which the reader divides.
 */
function shownOperand(op: Operand, d: number): number {
  if (!op.terms) return Number(fixedDigits(op.value!, d));
  const sum = op.terms.reduce((a, t) => a + plain(t.weight).v * Number(fixedDigits(t.value!, d)), 0);
  return Number(fixedDigits(sum, sumDigits(d)));
}

function hasFigures(op: Operand): boolean {
  return op.value !== null && (op.terms ?? []).every((t) => t.value !== null);
}

/**
 * The decimals of a formula's operands: two, or as many as it takes (a `mean` of headcounts)
 * for the shown operands to give the shown value, else all of them.
 */
function operandDigits(e: Explanation, unit: string | undefined, digits: number): number {
  const f = e.formula;
  if (f.type === "manual" || e.value === null) return 2;
  const want = valueShown(e.value, unit, digits).t;
  if (f.type === "field") {
    if (!f.field.terms || !hasFigures(f.field)) return 2;
    for (let d = 2; d <= 12; d++) if (valueShown(shownOperand(f.field, d), unit, digits).t === want) return d;
    return ALL_DIGITS;
  }
  if (!hasFigures(f.num) || !hasFigures(f.den)) return 2;
  for (let d = 2; d <= 12; d++) {
    const a = shownOperand(f.num, d);
    const b = shownOperand(f.den, d);
    if (valueShown(f.type === "ratio" ? a / b : 1 - a / b, unit, digits).t === want) return d;
  }
  return ALL_DIGITS;
}

/** The words of a manual indicator's committee scores over the window. */
function manualText(ind: Indicator, f: Extract<Explanation["formula"], { type: "manual" }>, e: Explanation): string {
  if (!f.entries.length) return `${ind.name}:本期无考评委员会评议打分`;
  // a committee's score is its own number, shown exactly (it may carry more than two decimals)
  // the reason in quotation marks, so that nothing after it (the rank) reads as part of it
  const one = (m: ManualEntry, latestOf = false) => `${num(m.score, EXACT)} 分(${periodLabel(m.period)}${latestOf ? ",计分期间内最近一次" : ""}),理由:“${m.reason}”`;
  if (f.aggregate === "last" || f.entries.length === 1) {
    const latest = f.entries[f.entries.length - 1]!;
    return `${ind.name}:考评委员会评议 ${one(latest, f.entries.length > 1)}`;
  }
  const sum = f.entries.reduce((a, m) => a + m.score, 0);
  const n = f.entries.length;
  // the mean with four decimals, or as many more as make it round to the score
  let d = 4;
  while (d < 12 && round2(Number(fixedDigits(sum / n, d))) !== e.score) d++;
  return `${ind.name}:考评委员会评议 ${f.entries.map((m) => one(m)).join(";")};平均 ${num(sum, EXACT)} ÷ ${n} = ${num(sum / n, d)} 分`;
}

function formulaText(ind: Indicator, e: Explanation, digits: number): string {
  const f = e.formula;
  if (e.nullReason === "smallBase" && e.minBase) {
    const { base, min } = e.minBase;
    // the base with two decimals, or as many more as show it below the minimum (a mean of 14.996 is not 15)
    let d = 2;
    while (d < 12 && base.value !== null && !(Number(fixedDigits(base.value, d)) < min)) d++;
    return `${ind.name}:样本不足(${figureText(base, d)},少于 ${num(min, EXACT)}${base.unit ?? ""}),不参与比较`;
  }
  if (f.type === "manual") return manualText(ind, f, e);
  if (f.type === "field") {
    const v = e.value === null ? "无数据" : valueShown(e.value, ind.unit, digits).t;
    if (f.field.terms) return `${ind.name} = ${operandText(f.field, operandDigits(e, ind.unit, digits))} = ${v}`;
    return f.field.label === ind.name ? `${ind.name}为 ${v}` : `${ind.name} = ${f.field.label} ${v}`;
  }
  const od = operandDigits(e, ind.unit, digits);
  const frac = `${operandText(f.num, od)} ÷ ${operandText(f.den, od)}`;
  const v =
    e.nullReason === "zeroDenominator" ? "无法计算(分母为 0)" : e.value === null ? "无数据" : valueShown(e.value, ind.unit, digits).t;
  return `${ind.name} = ${f.type === "complement" ? `1 − ${frac}` : frac} = ${v}`;
}

const MISSING_TEXT: Record<MissingPolicy, string> = {
  mean: "按其他有数值法庭得分的平均数计分",
  full: "按规定计满分",
  zero: "按规定计 0 分",
};

/** A method's sentence, and whether redoing its arithmetic with the shown numbers gives the score. */
interface Told {
  text: string;
  ok: boolean;
}

/** The raw score lies outside [0, points] by more than binary noise (the engine's own tolerance). */
function clamped(raw: number | null, points: number): boolean {
  if (raw === null) return false;
  return (raw < 0 && !sameValue(raw + points, points)) || (raw > points && !sameValue(raw, points));
}

/**
 * `expr = score 分`, or with the clamp said when the arithmetic leaves [0, points]; `v` is `expr`
 * computed from the shown numbers, which must round to the score (clamped where the text says so).
 */
function equals(e: Explanation, P: ShownNumber, expr: string, v: number): Told {
  const s = num(e.score);
  const clamps = clamped(e.raw, e.points);
  // the shown numbers must give the score, and leave [0, points] exactly when the engine's did
  const ok = Number.isFinite(v) && round2(clamp(v, 0, e.points)) === e.score && clamped(v, e.points) === clamps;
  if (clamps) return { text: `${expr} = ${num(v, 4)},限定在 0 至 ${P.t} 分之间,得 ${s} 分`, ok };
  return { text: `${expr} = ${s} 分`, ok };
}

/** Words comparing a value with a line: at it, or beyond it on the named side (and visibly so in the shown numbers). */
function against(x: number, X: ShownNumber, line: number, L: ShownNumber, what: string): Told {
  if (sameValue(x, line)) return { text: `达到${what}`, ok: true };
  return x > line ? { text: `高于${what}`, ok: X.v > L.v } : { text: `低于${what}`, ok: X.v < L.v };
}

function methodText(ind: Indicator, e: Explanation, digits: number): Told {
  const u = ind.unit;
  const P = plain(e.points);
  const p = P.t;
  const s = num(e.score);
  if (e.branch === "missing" || e.value === null) {
    const policy = e.missing ?? "mean";
    if (policy !== "mean") return { text: `该项无有效数值,${MISSING_TEXT[policy]},得 ${s} 分(满分 ${p} 分)。`, ok: true };
    if (!e.meanOf || e.meanOf.n === 0) return { text: `该项无有效数值,${e.group ? `${e.group}中` : ""}各法庭均无数值,计满分 ${p} 分。`, ok: e.score === e.points };
    const { sum, n } = e.meanOf;
    const S = valueShown(sum, undefined, 2);
    const meanWords = e.group ? `按${e.group}中其他有数值法庭得分的平均数计分` : MISSING_TEXT.mean;
    return {
      text: `该项无有效数值,${meanWords}:${n} 个法庭得分之和 ${S.t} ÷ ${n} = ${s} 分(满分 ${p} 分)。`,
      ok: round2(S.v / n) === e.score,
    };
  }
  const x = e.value;
  if (e.method === "manual") {
    const sc = round2(x);
    return { text: `按评议分计,得 ${s} 分(满分 ${p} 分)。`, ok: sc === e.score };
  }
  const X = valueShown(x, u, digits);
  const { n } = e.cohort;
  const best = e.cohort.best ?? x;
  const worst = e.cohort.worst ?? x;
  const B = valueShown(best, u, digits);
  const W = valueShown(worst, u, digits);
  const prm = e.params;
  const higher = ind.direction === "higher";
  const name = methodName(e.method);
  switch (e.method) {
    case "efficacy": {
      if (e.branch === "allEqual")
        return {
          text: n === 1 ? `${name}:只有 1 个法庭有数值(${X.t}),得满分 ${p} 分。` : `${name}:参评的 ${n} 个法庭数值相同(${B.t}),得满分 ${p} 分。`,
          ok: true,
        };
      const f = prm.floor ?? 0.6;
      const F = plain(f);
      const G = plain(1 - f);
      const expr = `${p} × (${F.t} + ${G.t} × (${X.t} − ${o(W)}) ÷ (${B.t} − ${o(W)}))`;
      const r = equals(e, P, expr, P.v * (F.v + (G.v * (X.v - W.v)) / (B.v - W.v)));
      return { text: `${name}:最优值 ${B.t},最差值 ${W.t};${r.text}。`, ok: r.ok };
    }
    case "rank": {
      if (e.internalRanking) return { text: `${name}:按在 ${n} 个有数值的法庭中的名次赋分(名次不通报),得 ${s} 分(满分 ${p} 分)。`, ok: true };
      const D = plain(prm.step ?? 0.05);
      const k = (e.rank ?? 1) - 1;
      const r = equals(e, P, `${p} × max(0, 1 − ${D.t} × ${k})`, P.v * Math.max(0, 1 - D.v * k));
      return { text: `${name}:在 ${n} 个有数值的法庭中列第 ${e.rank} 名,每降一名扣满分的 ${num((prm.step ?? 0.05) * 100, EXACT)}%;${r.text}。`, ok: r.ok };
    }
    case "target": {
      const t = prm.target ?? 0;
      const z = prm.zeroAt ?? 0;
      const T = valueShown(t, u, EXACT);
      const Z = valueShown(z, u, EXACT);
      const head = `${name}:${prm.byMonth ? `${prm.byMonth}月的` : ""}达标线 ${T.t},零分线 ${Z.t};`;
      if (e.branch === "reached") {
        const w = against(x, X, t, T, "达标线");
        return { text: `${head}${X.t} ${w.text},已达标,得满分 ${p} 分。`, ok: w.ok };
      }
      if (e.branch === "zero") {
        const w = against(x, X, z, Z, "零分线");
        return { text: `${head}${X.t} ${w.text},得 0 分。`, ok: w.ok };
      }
      const r = higher
        ? equals(e, P, `${p} × (${X.t} − ${o(Z)}) ÷ (${T.t} − ${o(Z)})`, (P.v * (X.v - Z.v)) / (T.v - Z.v))
        : equals(e, P, `${p} × (${Z.t} − ${o(X)}) ÷ (${Z.t} − ${o(T)})`, (P.v * (Z.v - X.v)) / (Z.v - T.v));
      return { text: `${head}${r.text}。`, ok: r.ok };
    }
    case "ratioToBest": {
      const head = `${name}:最优值 ${B.t}`;
      if (higher) {
        if (e.branch === "reached") return { text: `${head},不大于 0,得满分 ${p} 分。`, ok: true };
        const r = equals(e, P, `${p} × ${o(X)} ÷ ${o(B)}`, (P.v * X.v) / B.v);
        return { text: `${head};${r.text}。`, ok: r.ok };
      }
      if (e.branch === "reached") return { text: `${head};${X.t} 不大于 0,得满分 ${p} 分。`, ok: true };
      if (best <= 0) {
        const r = equals(e, P, `${p} × 0 ÷ ${X.t}`, 0);
        return { text: `${head},不大于 0,按 0 计;${r.text}。`, ok: r.ok };
      }
      const r = equals(e, P, `${p} × ${B.t} ÷ ${X.t}`, (P.v * B.v) / X.v);
      return { text: `${head};${r.text}。`, ok: r.ok };
    }
    case "band": {
      const L = prm.low === undefined ? null : valueShown(prm.low, u, EXACT);
      const H = prm.high === undefined ? null : valueShown(prm.high, u, EXACT);
      const S = delta(prm.step ?? 1, u);
      const K = plain(prm.deduct ?? 0);
      const head = `${name}:${L ? `下限 ${L.t}` : "不设下限"},${H ? `上限 ${H.t}` : "不设上限"},每偏离 ${S.t}扣 ${K.t} 分;`;
      // a value equal to its bound up to binary noise (0.7999999999999999 for 80%) is inside the band, as its score says
      if (e.branch === "below" && L && !sameValue(x, prm.low!)) {
        const r = equals(e, P, `${p} − ${K.t} × (${L.t} − ${o(X)}) ÷ ${S.t}`, P.v - (K.v * (L.v - X.v)) / S.v);
        return { text: `${head}${X.t} 低于下限,${r.text}。`, ok: r.ok };
      }
      if (e.branch === "above" && H && !sameValue(x, prm.high!)) {
        const r = equals(e, P, `${p} − ${K.t} × (${X.t} − ${o(H)}) ÷ ${S.t}`, P.v - (K.v * (X.v - H.v)) / S.v);
        return { text: `${head}${X.t} 高于上限,${r.text}。`, ok: r.ok };
      }
      return { text: `${head}${X.t} 在区间内,得满分 ${p} 分。`, ok: e.score === e.points };
    }
  }
}

function told(ind: Indicator, e: Explanation, digits: number): Told {
  const rank = e.rank === null || e.internalRanking ? "" : e.group ? `(${e.group}中第 ${e.rank} 名)` : `(第 ${e.rank} 名)`;
  const m = methodText(ind, e, digits);
  return { text: `${formulaText(ind, e, digits)}${rank}。${m.text}`, ok: m.ok };
}

/**
 * The Chinese sentence of an explanation: the formula with its numbers, then the method's
 * arithmetic. Values carry `digits` decimals (of the percentage for rates); without `digits`,
 * as few as make the shown arithmetic give the score (rulebook.md §8).
 */
export function explanationText(ind: Indicator, e: Explanation, digits?: number): string {
  if (digits !== undefined) return told(ind, e, digits).text;
  return explainColumn(ind, [e])[0]!;
}

/**
 * The texts of one indicator's explanations for every unit of a period, all with the same
 * decimals (so the cohort's best and worst read the same in each): the fewest from four of a
 * percentage or two of anything else at which every shown arithmetic, redone with the numbers
 * as shown, gives its score to the hundredth. Sets each `text` and returns them.
 */
export function explainColumn(ind: Indicator, es: readonly Explanation[]): string[] {
  const first = minDigits(ind.unit);
  const last = first + MORE_DIGITS;
  // The column's decimals are the fewest at which every explanation's arithmetic is ok. A try
  // stops at its first explanation that is not (the ones that failed before are tried first, as
  // they are the likeliest to fail again), so a column of many units is told in full only once.
  const failed: number[] = [];
  let texts: string[] | null = null;
  for (let d = first; d < last && !texts; d++) {
    let bad = failed.find((i) => !told(ind, es[i]!, d).ok);
    if (bad === undefined) {
      const all: string[] = [];
      for (let i = 0; i < es.length && bad === undefined; i++) {
        const t = told(ind, es[i]!, d);
        if (t.ok) all.push(t.text);
        else bad = i;
      }
      if (bad === undefined) texts = all;
    }
    if (bad !== undefined && !failed.includes(bad)) failed.push(bad);
  }
  texts ??= es.map((e) => told(ind, e, last).text);
  es.forEach((e, i) => (e.text = flat(texts[i]!)));
  return texts;
}

/**
 * The same string, made flat where the engine can: a sentence built from many pieces is kept by
 * V8 as a tree of them (about 16 bytes a character here), and reading one character makes it one
 * flat run of characters (2 bytes a character), so that an explained ranking of many units holds
 * its texts in an eighth of the memory.
 */
function flat(s: string): string {
  // kept in a variable, so that an optimizing compiler cannot drop the read as unused
  _lastCode = s.charCodeAt(0);
  return s;
}
let _lastCode = 0;

/** Builds an operand from a field declaration and its aggregated value. */
export function operand(field: Field | undefined, key: string, value: number | undefined): Operand {
  const op: Operand = { key, label: field?.label ?? key, value: value ?? null };
  if (field?.unit) op.unit = field.unit;
  return op;
}
