import type { Field, Indicator, MethodType, MissingPolicy } from "@scorecard/rules";
import type { AppliedParams, MethodOutcome } from "./methods";

/** One operand of a formula: the field and its value aggregated over the window. */
export interface Operand {
  key: string;
  label: string;
  unit?: string;
  /** aggregated over the window; null when the unit has no figure for it */
  value: number | null;
}

/** Why a value is null. */
export type NullReason = "zeroDenominator" | "noData";

/**
 * Everything behind one indicator score (rulebook.md §8), as data; `text` says it in Chinese
 * with the numbers filled in. Nothing here is recomputed by readers.
 */
export interface Explanation {
  formula:
    | { type: "ratio" | "complement"; num: Operand; den: Operand }
    | { type: "field"; field: Operand };
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
  points: number;
  score: number;
  text: string;
}

const METHOD_NAMES: Record<MethodType, string> = {
  efficacy: "功效系数法",
  rank: "排名赋分法",
  target: "达标线法",
  ratioToBest: "与最优值比例法",
  band: "合理区间法",
};
export function methodName(m: MethodType): string {
  return METHOD_NAMES[m];
}

/** A plain number for people: at most `digits` decimals, no trailing zeros. */
export function num(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return String(x);
  const r = Number(x.toFixed(digits));
  return String(r === 0 ? 0 : r);
}

/** A value in its unit: rates as percentages with two decimals, others with their unit. */
export function formatValue(x: number | null, unit?: string): string {
  if (x === null) return "无";
  if (unit === "%") return `${(x * 100).toFixed(2)}%`;
  return `${num(x)}${unit ?? ""}`;
}

/** A difference of two values in the indicator's unit (percentage points for rates). */
function formatDelta(d: number, unit?: string): string {
  if (unit === "%") return `${num(d * 100)} 个百分点`;
  return `${num(d)}${unit ?? ""}`;
}

function operandText(o: Operand): string {
  return `${o.label} ${o.value === null ? "无数据" : num(o.value)}`;
}

function formulaText(ind: Indicator, e: Pick<Explanation, "formula" | "value" | "nullReason">): string {
  const v = e.nullReason === "zeroDenominator" ? "无法计算(分母为 0)" : e.nullReason === "noData" ? "无数据" : formatValue(e.value, ind.unit);
  const f = e.formula;
  if (f.type === "field") return `${ind.name} = ${operandText(f.field)}${f.field.value === null ? "" : ""},即 ${v}`;
  const frac = `${operandText(f.num)} ÷ ${operandText(f.den)}`;
  return `${ind.name} = ${f.type === "complement" ? `1 − ${frac}` : frac} = ${v}`;
}

const MISSING_TEXT: Record<MissingPolicy, string> = {
  mean: "按其他有数值法庭得分的平均数计分",
  full: "按规定计满分",
  zero: "按规定计 0 分",
};

function methodText(ind: Indicator, e: Explanation): string {
  const p = num(e.points);
  const u = ind.unit;
  const fv = (x: number | null | undefined) => formatValue(x ?? null, u);
  const s = num(e.score);
  const clampNote = e.raw !== null && e.raw !== e.score && (e.raw < 0 || e.raw > e.points) ? `(计算值 ${num(e.raw, 4)},限定在 0 至 ${p} 分之间)` : "";
  if (e.branch === "missing") {
    const policy = e.missing ?? "mean";
    const detail = policy === "mean" ? (e.cohort.n === 0 ? ",各法庭均无数值,计满分" : `(${e.cohort.n} 个法庭)`) : "";
    return `该项无有效数值,${MISSING_TEXT[policy]}${detail},得 ${s} 分(满分 ${p} 分)。`;
  }
  const { best, worst, n } = e.cohort;
  const prm = e.params;
  switch (e.method) {
    case "efficacy":
      if (e.branch === "allEqual") return `${methodName("efficacy")}:参评的 ${n} 个法庭数值相同(${fv(best)}),得满分 ${p} 分。`;
      return (
        `${methodName("efficacy")}:最优值 ${fv(best)},最差值 ${fv(worst)};` +
        `${p} ×(${num(prm.floor ?? 0.6)} + ${num(1 - (prm.floor ?? 0.6))} ×(${fv(e.value)} − ${fv(worst)})÷(${fv(best)} − ${fv(worst)}))= ${s} 分${clampNote}。`
      );
    case "rank":
      return `${methodName("rank")}:在 ${n} 个有数值的法庭中列第 ${e.rank} 名,每降一名扣 ${num((prm.step ?? 0) * 100)}%;${p} × max(0, 1 − ${num(prm.step ?? 0)} × ${(e.rank ?? 1) - 1}) = ${s} 分。`;
    case "target": {
      const head = `${methodName("target")}:达标线 ${fv(prm.target)},零分线 ${fv(prm.zeroAt)};`;
      if (e.branch === "reached") return `${head}${fv(e.value)} 已达标,得满分 ${p} 分。`;
      if (e.branch === "zero") return `${head}${fv(e.value)} 未超过零分线,得 0 分。`;
      const higher = ind.direction === "higher";
      const expr = higher
        ? `${p} ×(${fv(e.value)} − ${fv(prm.zeroAt)})÷(${fv(prm.target)} − ${fv(prm.zeroAt)})`
        : `${p} ×(${fv(prm.zeroAt)} − ${fv(e.value)})÷(${fv(prm.zeroAt)} − ${fv(prm.target)})`;
      return `${head}${expr} = ${s} 分。`;
    }
    case "ratioToBest": {
      const head = `${methodName("ratioToBest")}:最优值 ${fv(best)};`;
      if (e.branch === "reached")
        return ind.direction === "higher" ? `${head}最优值不大于 0,得满分 ${p} 分。` : `${head}数值不大于 0,得满分 ${p} 分。`;
      const expr = ind.direction === "higher" ? `${p} × ${fv(e.value)} ÷ ${fv(best)}` : `${p} × ${fv(Math.max(best ?? 0, 0))} ÷ ${fv(e.value)}`;
      return `${head}${expr} = ${s} 分${clampNote}。`;
    }
    case "band": {
      const lo = prm.low === undefined ? "不设下限" : `下限 ${fv(prm.low)}`;
      const hi = prm.high === undefined ? "不设上限" : `上限 ${fv(prm.high)}`;
      const head = `${methodName("band")}:${lo},${hi},每偏离 ${formatDelta(prm.step ?? 0, u)} 扣 ${num(prm.deduct ?? 0)} 分;`;
      if (e.branch === "reached") return `${head}${fv(e.value)} 在区间内,得满分 ${p} 分。`;
      const off = e.branch === "below" ? (prm.low ?? 0) - (e.value ?? 0) : (e.value ?? 0) - (prm.high ?? 0);
      const lost = e.points - e.score;
      return `${head}${e.branch === "below" ? "低于下限" : "高于上限"} ${formatDelta(off, u)},扣 ${num(lost)} 分,得 ${s} 分。`;
    }
  }
}

/** The Chinese sentence of an explanation: the formula with its numbers, then the method's arithmetic. */
export function explanationText(ind: Indicator, e: Explanation): string {
  const rank = e.rank === null ? "" : `(第 ${e.rank} 名)`;
  return `${formulaText(ind, e)}${rank}。${methodText(ind, e)}`;
}

/** Builds an operand from a field declaration and its aggregated value. */
export function operand(field: Field | undefined, key: string, value: number | undefined): Operand {
  const o: Operand = { key, label: field?.label ?? key, value: value ?? null };
  if (field?.unit) o.unit = field.unit;
  return o;
}
