/**
 * The explanations' arithmetic, redone by a reader
 * (rulebook.md §8, §9). Each text is parsed back into the numbers it shows (weighted terms and
 * their sums, committee scores and their mean, 样本不足's base), the method's rule is applied to
 * those numbers, and the result must round to the stated score. Nothing here reads the engine's
 * doubles except to check that the shown numbers are the engine's, rounded, and the group's
 * values (its best, worst and ranks, taken within the unit's group by the reader itself).
 */
import {
  appliesTo,
  groupList,
  groupOf,
  indicatorsOf,
  monthKey,
  monthOf,
  type FieldRef,
  type Indicator,
  type ManualRow,
  type Period,
  type Rulebook,
} from "@scorecard/rules";
import type { Explanation } from "../explain";
import type { IndicatorResult, PeriodResult, UnitResult } from "../score-types";

const NUM = String.raw`−?\d+(?:\.\d+)?`;
const UNIT = String.raw`(?:%|天|件/人|件|人|万元| 个百分点)?`;
/** a shown number with its unit, in parentheses when negative */
const V = String.raw`\(?(${NUM})${UNIT}\)?`;
const N = `(${NUM})`;
/** `= score 分`, or `= raw,限定在 0 至 p 分之间,得 score 分` */
const TAIL = String.raw`= (${NUM})(?:,限定在 0 至 (${NUM}) 分之间,得 (${NUM}))? 分`;

const read = (s: string): number => Number(s.replace("−", "-"));
const decimals = (s: string): number => (s.includes(".") ? s.length - s.indexOf(".") - 1 : 0);
/** shown string `s` is `actual` (in the shown unit) rounded to the digits it shows */
const isRounded = (s: string, actual: number): boolean => Math.abs(read(s) - actual) <= 0.5 * 10 ** -decimals(s) + 1e-9 * Math.max(1, Math.abs(actual));
const near = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
function round2(x: number): number {
  const r = (Math.sign(x) * Math.floor(Math.abs(x) * 100 + 0.5 + 1e-9)) / 100;
  return r === 0 ? 0 : r;
}

/** The target and zero line of the scored month, read from the rulebook (byMonth replaces them). */
function targetOf(ind: Indicator, period: Period): { target: number; zeroAt: number } {
  const m = ind.method;
  if (m.type !== "target") throw new Error("not a target");
  return m.byMonth?.[monthKey(period)] ?? { target: m.target, zeroAt: m.zeroAt };
}

interface Redone {
  /** the arithmetic redone with the shown numbers, before clamping; undefined when the text shows none */
  redone?: number;
  /** the score the text states */
  stated: number;
  /** the text says the arithmetic was clamped */
  clampNote: boolean;
}

/** What the reader knows besides the text: the rulebook, the whole period's result, the unit, the manual scores entered. */
interface Reader {
  rb: Rulebook;
  result: PeriodResult;
  unit: UnitResult;
  /** the data set's committee scores (rulebook.md §9) */
  manual: readonly ManualRow[];
}

/** A figure's unit as printed after it (none, 件, 天, 万元, 件/人, %). */
const FIG_UNIT = String.raw`[^\s\d()+=×÷−,;:.]*`;
/** One committee score as shown: `score 分(2023年2月),理由:reason`. */
const ENTRY = new RegExp(String.raw`^(${NUM}) 分\((\d{4})年(\d{1,2})月(,计分期间内最近一次)?\),理由:“(.*)”$`);

/**
 * Reads one explanation as a reader would and lists what does not add up. The reader knows the
 * rulebook (names, labels, weights, minimum bases, groups), the other units' scores and values
 * (the group's best and worst, ranks, the `mean` policy), the month (byMonth targets) and the
 * committee scores entered; everything else it takes from the text.
 */
function audit(ind: Indicator, e: Explanation, ctx: Reader): string[] {
  const { rb, result, unit } = ctx;
  const period = result.period;
  const problems: string[] = [];
  const text = e.text;
  const fail = (why: string) => problems.push(`${why}: ${text}`);
  if (!text.endsWith("。")) fail("the text does not end its sentence");
  // the method's sentence is the last one (a committee's reason may itself hold a 。)
  const cut = text.lastIndexOf("。", text.length - 2);
  const formula = text.slice(0, cut);
  const method = text.slice(cut + 1);
  const pct = ind.unit === "%";
  const scale = pct ? 100 : 1;
  const p = ind.points;
  const higher = ind.direction === "higher";
  const internal = rb.ranking === "internal";
  const fields = new Map(rb.fields.map((f) => [f.key, f]));

  // signs and words that must never appear
  if (/-/.test(text)) fail("an ASCII hyphen where the minus sign − belongs");
  if (/[−+×÷] [−+]/.test(text)) fail("two signs in a row");
  if (text.includes("未超过")) fail("未超过");
  if (internal && /第\s*\d+\s*名/.test(text)) fail("a rank named under internal ranking");

  const exactly = (shown: string, actual: number, what: string) => {
    if (!near(read(shown), actual)) fail(`${what} not shown exactly`);
  };

  // the unit's group: everything taken over "the cohort" is taken within it (rulebook.md §9)
  const grouped = rb.groups.length > 0;
  const groupName = groupList(rb).find((x) => x.key === unit.group)?.name;
  if (unit.group !== groupOf(rb, unit.unit)) fail("the unit's group");
  if (grouped ? e.group !== groupName : e.group !== undefined) fail("the explanation's group");
  if (e.internalRanking !== (internal ? true : undefined)) fail("internalRanking");
  const peers = result.units.filter((u) => u.group === unit.group).map((u) => u.indicators[ind.key]).filter((x): x is IndicatorResult => x !== undefined);
  const valued = peers.map((x) => x.value).filter((v): v is number => v !== null);
  const same = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
  const better = (a: number, b: number) => !same(a, b) && (higher ? a > b : a < b);
  /** the competition rank of x among the group's values */
  const rankOf = (x: number) => 1 + valued.filter((v) => better(v, x)).length;
  const groupBest = valued.length ? valued.reduce((a, v) => (better(v, a) ? v : a)) : null;
  const groupWorst = valued.length ? valued.reduce((a, v) => (better(a, v) ? v : a)) : null;
  if (e.cohort.n !== valued.length) fail("the cohort is not the unit's group");

  // the formula: the indicator's name, what it shows, and the rank within the group
  let X: string | undefined; // the value as the formula shows it
  let manualValue: number | undefined; // a manual indicator's value, redone from the shown committee scores
  if (!formula.startsWith(ind.name)) fail("the formula does not start with the indicator's name");
  let body = formula.slice(ind.name.length);
  const rk = /\((?:([^()]+?)中)?第 (\d+) 名\)$/.exec(body);
  if (rk) {
    body = body.slice(0, rk.index);
    if (e.value === null) fail("a rank for a null value");
    else {
      if (Number(rk[2]) !== e.rank) fail("the rank shown is not the rank");
      if (Number(rk[2]) !== rankOf(e.value)) fail("the rank is not the competition rank within the group");
      if ((rk[1] ?? null) !== (grouped ? groupName : null)) fail("the rank names the wrong group");
    }
  } else if (e.value !== null && !internal) fail("no rank");

  /** a plain operand `label figure` (or `label 无数据`): the shown figure, null when none; undefined when unreadable */
  const plainOperand = (s: string, field: string): number | null | undefined => {
    const g = new RegExp(String.raw`^(\S+) (?:(${NUM})(${FIG_UNIT})|无数据)$`).exec(s);
    if (!g) {
      fail(`unreadable operand "${s}"`);
      return undefined;
    }
    if (g[1] !== (fields.get(field)?.label ?? field)) fail(`operand "${s}" is not ${field}`);
    if (g[2] !== undefined && (g[3] ?? "") !== (fields.get(field)?.unit ?? "")) fail(`operand "${s}" in the wrong unit`);
    return g[2] === undefined ? null : read(g[2]);
  };
  /** an operand as shown: a field's figure, or weighted terms `(w × label figure + … = sum)` whose shown sum is redone */
  const operand = (s: string, ref: FieldRef): number | null | undefined => {
    if (typeof ref === "string") return plainOperand(s, ref);
    const g = new RegExp(String.raw`^\((.*) = (?:(${NUM})|无数据)\)$`).exec(s);
    if (!g) {
      fail(`unreadable weighted operand "${s}"`);
      return undefined;
    }
    const parts = g[1]!.split(" + ");
    if (parts.length !== ref.length) fail("the weighted terms shown are not the rulebook's");
    let sum = 0;
    let none = false;
    ref.forEach((t, i) => {
      const part = parts[i] ?? "";
      const w = new RegExp(String.raw`^(${NUM}) × (.*)$`).exec(part);
      if (t.weight === 1 ? w : !w) fail(`the weight of ${t.field} shown wrong`);
      if (w) exactly(w[1]!, t.weight, `the weight of ${t.field}`);
      const v = plainOperand(w ? w[2]! : part, t.field);
      if (v === null) none = true;
      else if (v !== undefined) sum += (w ? read(w[1]!) : 1) * v;
    });
    if (none !== (g[2] === undefined)) fail("a weighted sum with a term without figures");
    if (g[2] === undefined) return null;
    if (!none && !isRounded(g[2], sum)) fail(`the shown terms and weights give ${sum}, not the shown sum`);
    return read(g[2]);
  };
  /** the value as the formula's end shows it, given what the shown operands give (`q`, in the indicator's unit) */
  const valueShown = (s: string, q: number | null | undefined) => {
    if (e.value === null) {
      if (e.nullReason === "zeroDenominator" ? s !== "无法计算(分母为 0)" : s !== "无数据") fail("a null value not said");
      return;
    }
    const g = new RegExp(String.raw`^${V}$`).exec(s);
    if (!g) return fail("unreadable value");
    if (q !== undefined && q !== null && !isRounded(g[1]!, q * scale)) fail("the shown operands do not give the shown value");
    if (q === null) fail("a value where the shown operands have no figures");
    if (!isRounded(g[1]!, e.value * scale)) fail("the shown value is not the value");
    X = g[1];
  };

  const f = ind.formula;
  let g: RegExpExecArray | null;
  if (e.nullReason === "smallBase" || body.includes("样本不足")) {
    // 样本不足: the base shown below the minimum, the minimum exactly the rulebook's
    const mb = ind.minBase;
    g = new RegExp(String.raw`^:样本不足\((\S+) (${NUM})(${FIG_UNIT}),少于 (${NUM})(${FIG_UNIT})\),不参与比较$`).exec(body);
    if (!mb || e.value !== null || e.nullReason !== "smallBase") fail("样本不足 said where the base is not small");
    else if (!g) fail("unreadable 样本不足");
    else {
      const [, label, base, u1, min, u2] = g as unknown as string[];
      if (label !== (fields.get(mb.field)?.label ?? mb.field)) fail("the base's field");
      if (u1 !== u2 || u1 !== (fields.get(mb.field)?.unit ?? "")) fail("the base's unit");
      exactly(min!, mb.min, "the minimum base");
      if (!(read(base!) < read(min!))) fail("the shown base is not below the shown minimum");
      if (!isRounded(base!, e.minBase?.base.value ?? NaN)) fail("the shown base is not the engine's");
    }
  } else if (f.type === "manual") {
    // the committee scores entered for the unit in the window, in month order
    const rows = ctx.manual
      .filter((r) => r.unit === unit.unit && r.indicator === ind.key && r.period >= result.window.from && r.period <= result.window.to)
      .sort((a, b) => (a.period < b.period ? -1 : 1));
    let latestSaid = false;
    const entry = (s: string, row: ManualRow | undefined) => {
      const m = ENTRY.exec(s);
      if (!m) return void fail(`unreadable committee score "${s}"`);
      if (!row) return void fail("a committee score shown that was not entered");
      exactly(m[1]!, row.score, "the committee score");
      if (`${m[2]}-${m[3]!.padStart(2, "0")}` !== row.period) fail("the committee score's month");
      if (m[5] !== row.reason) fail("the committee's reason");
      latestSaid ||= m[4] !== undefined;
      return read(m[1]!);
    };
    if (body === ":本期无考评委员会评议打分") {
      if (rows.length) fail("said no committee score where there are some");
    } else if ((g = /^:考评委员会评议 (.*)$/.exec(body))) {
      if (!rows.length) fail("a committee score where none was entered");
      else if (f.aggregate === "last" || rows.length === 1) {
        manualValue = entry(g[1]!, rows[rows.length - 1]);
        if (latestSaid !== rows.length > 1) fail("the latest of several not said, or said of one");
      } else {
        const mm = new RegExp(String.raw`^(.*);平均 (${NUM}) ÷ (\d+) = (${NUM}) 分$`).exec(g[1]!);
        if (!mm) fail("unreadable mean of committee scores");
        else {
          const list = mm[1]!.split(";");
          if (list.length !== rows.length || Number(mm[3]) !== rows.length) fail("the mean is not over the window's committee scores");
          const shownScores = list.map((s, i) => entry(s, rows[i]));
          if (latestSaid) fail("the latest said of a mean");
          const sum = shownScores.reduce<number>((a, x) => a + (x ?? NaN), 0);
          if (!isRounded(mm[2]!, sum)) fail(`the shown committee scores add up to ${sum}, not the shown sum`);
          manualValue = read(mm[2]!) / Number(mm[3]);
          if (!isRounded(mm[4]!, manualValue)) fail("the shown sum ÷ n is not the shown mean");
          if (e.value === null || !isRounded(mm[4]!, e.value)) fail("the shown mean is not the value");
          X = mm[4];
        }
      }
    } else fail("unreadable manual formula");
  } else if (f.type === "field") {
    if (typeof f.field !== "string") {
      g = /^ = (\([^()]*\)) = (.+)$/.exec(body);
      if (!g) fail("unreadable weighted field");
      else valueShown(g[2]!, operand(g[1]!, f.field));
    } else if ((g = new RegExp(String.raw`^(?:为| = (\S+)) (.+)$`).exec(body))) {
      if (g[1] !== undefined && g[1] !== (fields.get(f.field)?.label ?? f.field)) fail("the field's label");
      valueShown(g[2]!, undefined);
    } else fail("unreadable formula");
  } else {
    const OPND = String.raw`\([^()]*\)|[^\s()]+ [^\s()]+`;
    g = new RegExp(String.raw`^ = (1 − )?(${OPND}) ÷ (${OPND}) = (.+)$`).exec(body);
    if (!g) fail("unreadable formula");
    else {
      if (!!g[1] !== (f.type === "complement")) fail("complement");
      const a = operand(g[2]!, f.num);
      const b = operand(g[3]!, f.den);
      if (b === 0 && e.nullReason !== "zeroDenominator") fail("a zero denominator not said");
      const q = a === undefined || b === undefined ? undefined : a === null || b === null || b === 0 ? null : f.type === "ratio" ? a / b : 1 - a / b;
      valueShown(g[4]!, q);
    }
  }

  const m = (re: string) => new RegExp(`^${re}$`).exec(method);
  const tail = (g: RegExpExecArray, at: number): Redone & { raw: number } => {
    const raw = read(g[at]!);
    const stated = g[at + 2] === undefined ? raw : read(g[at + 2]!);
    if (g[at + 1] !== undefined && read(g[at + 1]!) !== p) fail("clamp bounds");
    return { raw, stated, clampNote: g[at + 2] !== undefined };
  };
  const sameX = (shown: string) => {
    if (X !== undefined && read(shown) !== read(X)) fail("the arithmetic's value differs from the formula's");
  };
  /** a shown best or worst is the engine's, and the group's own */
  const isValue = (shown: string, actual: number | null | undefined, ofGroup: number | null, what: string) => {
    if (actual === null || actual === undefined || !isRounded(shown, actual * scale)) fail(`${what} is not the engine's`);
    if (ofGroup === null || !isRounded(shown, ofGroup * scale)) fail(`${what} is not the group's`);
  };
  const full = (g: RegExpExecArray | null, at: number): Redone | undefined => (g ? { stated: read(g[at]!), clampNote: false } : undefined);

  let r: (Redone & { raw?: number }) | undefined;
  const meth = ind.method;
  switch (meth.type) {
    case "manual": {
      if ((g = m(String.raw`按评议分计,得 ${N} 分\(满分 ${N} 分\)。`))) {
        exactly(g[2]!, p, "points");
        r = { stated: read(g[1]!), clampNote: false, redone: manualValue ?? NaN };
      }
      break;
    }
    case "efficacy": {
      if ((g = m(String.raw`功效系数法:(?:参评的 \d+ 个法庭数值相同|只有 1 个法庭有数值)\(${V}\),得满分 ${N} 分。`))) {
        if (e.cohort.best === null || !near(e.cohort.best, e.cohort.worst!)) fail("said all equal");
        r = { ...full(g, 2)!, redone: p };
      } else if ((g = m(String.raw`功效系数法:最优值 ${V},最差值 ${V};${N} × \(${N} \+ ${N} × \(${V} − ${V}\) ÷ \(${V} − ${V}\)\) ${TAIL}。`))) {
        const [, b, w, ps, f, f1, x, w1, b1, w2] = g as unknown as string[];
        if (b1 !== b || w1 !== w || w2 !== w) fail("best or worst shown twice differently");
        isValue(b!, e.cohort.best, groupBest, "best");
        isValue(w!, e.cohort.worst, groupWorst, "worst");
        sameX(x!);
        exactly(ps!, p, "points");
        exactly(f!, meth.floor, "floor");
        exactly(f1!, 1 - meth.floor, "1 − floor");
        const t = tail(g, 10);
        r = { ...t, redone: read(ps!) * (read(f!) + (read(f1!) * (read(x!) - read(w!))) / (read(b!) - read(w!))) };
      }
      break;
    }
    case "rank": {
      if (internal) {
        // 不通报排名: the sentence names the rule, not the rank; the score is the rank's all the same
        if ((g = m(String.raw`排名赋分法:按在 (\d+) 个有数值的法庭中的名次赋分\(名次不通报\),得 ${N} 分\(满分 ${N} 分\)。`))) {
          if (Number(g[1]) !== valued.length) fail("the group's count");
          exactly(g[3]!, p, "points");
          r = { stated: read(g[2]!), clampNote: false, redone: e.value === null ? NaN : p * Math.max(0, 1 - meth.step * (rankOf(e.value) - 1)) };
        }
      } else if ((g = m(String.raw`排名赋分法:在 (\d+) 个有数值的法庭中列第 (\d+) 名,每降一名扣满分的 ${N}%;${N} × max\(0, 1 − ${N} × (\d+)\) ${TAIL}。`))) {
        const [, n, rank, perc, ps, d, k] = g as unknown as string[];
        if (Number(n) !== e.cohort.n || Number(rank) !== e.rank || Number(k) !== Number(rank) - 1) fail("rank numbers");
        if (Number(n) !== valued.length || e.value === null || Number(rank) !== rankOf(e.value)) fail("the rank is not the one within the group");
        exactly(ps!, p, "points");
        exactly(d!, meth.step, "step");
        exactly(perc!, meth.step * 100, "step in %");
        r = { ...tail(g, 7), redone: read(ps!) * Math.max(0, 1 - read(d!) * Number(k)) };
      }
      break;
    }
    case "target": {
      const { target, zeroAt } = targetOf(ind, period);
      const month = meth.byMonth?.[monthKey(period)] ? `${monthOf(period)}月的` : "";
      const head = String.raw`达标线法:${month}达标线 ${V},零分线 ${V};`;
      const lines = (g: RegExpExecArray) => {
        exactly(g[1]!, target * scale, "target");
        exactly(g[2]!, zeroAt * scale, "zero line");
        return { t: read(g[1]!), z: read(g[2]!) };
      };
      /** the words comparing the shown value with a shown line, in the indicator's direction */
      const says = (word: string, x: number, line: number, allowed: string[]) => {
        if (!allowed.includes(word)) fail(`"${word}" in the wrong direction`);
        if ((word === "高于" && !(x > line)) || (word === "低于" && !(x < line)) || (word === "达到" && x !== line)) fail(`"${word}" does not match the shown numbers`);
      };
      if ((g = m(String.raw`${head}${V} (高于|低于|达到)达标线,已达标,得满分 ${N} 分。`))) {
        const { t } = lines(g);
        sameX(g[3]!);
        says(g[4]!, read(g[3]!), t, higher ? ["高于", "达到"] : ["低于", "达到"]);
        r = { ...full(g, 5)!, redone: p };
      } else if ((g = m(String.raw`${head}${V} (高于|低于|达到)零分线,得 0 分。`))) {
        const { z } = lines(g);
        sameX(g[3]!);
        says(g[4]!, read(g[3]!), z, higher ? ["低于", "达到"] : ["高于", "达到"]);
        r = { stated: 0, clampNote: false, redone: 0 };
      } else if (higher && (g = m(String.raw`${head}${N} × \(${V} − ${V}\) ÷ \(${V} − ${V}\) ${TAIL}。`))) {
        const { t, z } = lines(g);
        const [, , , ps, x, z1, t1, z2] = g as unknown as string[];
        if (read(z1!) !== z || read(z2!) !== z || read(t1!) !== t) fail("lines shown twice differently");
        sameX(x!);
        exactly(ps!, p, "points");
        r = { ...tail(g, 8), redone: (read(ps!) * (read(x!) - z)) / (t - z) };
      } else if (!higher && (g = m(String.raw`${head}${N} × \(${V} − ${V}\) ÷ \(${V} − ${V}\) ${TAIL}。`))) {
        const { t, z } = lines(g);
        const [, , , ps, z1, x, z2, t1] = g as unknown as string[];
        if (read(z1!) !== z || read(z2!) !== z || read(t1!) !== t) fail("lines shown twice differently");
        sameX(x!);
        exactly(ps!, p, "points");
        r = { ...tail(g, 8), redone: (read(ps!) * (z - read(x!))) / (z - t) };
      }
      break;
    }
    case "ratioToBest": {
      const head = String.raw`与最优值比例法:最优值 ${V}`;
      if (higher && (g = m(String.raw`${head},不大于 0,得满分 ${N} 分。`))) {
        if (read(g[1]!) > 0) fail("best said not above 0");
        r = { ...full(g, 2)!, redone: p };
      } else if (higher && (g = m(String.raw`${head};${N} × ${V} ÷ ${V} ${TAIL}。`))) {
        const [, b, ps, x, b1] = g as unknown as string[];
        if (b1 !== b) fail("best shown twice differently");
        isValue(b!, e.cohort.best, groupBest, "best");
        sameX(x!);
        exactly(ps!, p, "points");
        r = { ...tail(g, 5), redone: (read(ps!) * read(x!)) / read(b!) };
      } else if (!higher && (g = m(String.raw`${head};${V} 不大于 0,得满分 ${N} 分。`))) {
        sameX(g[2]!);
        if (read(g[2]!) > 0) fail("value said not above 0");
        r = { ...full(g, 3)!, redone: p };
      } else if (!higher && (g = m(String.raw`${head},不大于 0,按 0 计;${N} × 0 ÷ ${V} ${TAIL}。`))) {
        if (read(g[1]!) > 0) fail("best said not above 0");
        sameX(g[3]!);
        r = { ...tail(g, 4), redone: 0 };
      } else if (!higher && (g = m(String.raw`${head};${N} × ${V} ÷ ${V} ${TAIL}。`))) {
        const [, b, ps, b1, x] = g as unknown as string[];
        if (b1 !== b) fail("best shown twice differently");
        isValue(b!, e.cohort.best, groupBest, "best");
        sameX(x!);
        exactly(ps!, p, "points");
        r = { ...tail(g, 5), redone: (read(ps!) * read(b!)) / read(x!) };
      }
      break;
    }
    case "band": {
      const head = String.raw`合理区间法:(?:下限 ${V}|不设下限),(?:上限 ${V}|不设上限),每偏离 ${V}扣 ${N} 分;`;
      const params = (g: RegExpExecArray) => {
        const [, lo, hi, step, k] = g as unknown as string[];
        if ((lo === undefined) !== (meth.low === undefined) || (hi === undefined) !== (meth.high === undefined)) fail("bounds");
        if (lo !== undefined) exactly(lo, meth.low! * scale, "low");
        if (hi !== undefined) exactly(hi, meth.high! * scale, "high");
        exactly(step!, meth.step * scale, "step");
        exactly(k!, meth.deduct, "deduct");
        return { lo: lo === undefined ? -Infinity : read(lo), hi: hi === undefined ? Infinity : read(hi), step: read(step!), k: read(k!) };
      };
      if ((g = m(String.raw`${head}${V} 在区间内,得满分 ${N} 分。`))) {
        const b = params(g);
        sameX(g[5]!);
        if (!(read(g[5]!) >= b.lo && read(g[5]!) <= b.hi)) fail("said inside the band");
        r = { ...full(g, 6)!, redone: p };
      } else if ((g = m(String.raw`${head}${V} 低于下限,${N} − ${N} × \(${V} − ${V}\) ÷ ${V} ${TAIL}。`))) {
        const b = params(g);
        const [, , , , , x, ps, k, lo, x1, step] = g as unknown as string[];
        sameX(x!);
        if (x1 !== x || read(lo!) !== b.lo || read(step!) !== b.step || read(k!) !== b.k) fail("band numbers shown twice differently");
        if (!(read(x!) < b.lo)) fail("said below the band");
        exactly(ps!, p, "points");
        r = { ...tail(g, 11), redone: read(ps!) - (b.k * (b.lo - read(x!))) / b.step };
      } else if ((g = m(String.raw`${head}${V} 高于上限,${N} − ${N} × \(${V} − ${V}\) ÷ ${V} ${TAIL}。`))) {
        const b = params(g);
        const [, , , , , x, ps, k, x1, hi, step] = g as unknown as string[];
        sameX(x!);
        if (x1 !== x || read(hi!) !== b.hi || read(step!) !== b.step || read(k!) !== b.k) fail("band numbers shown twice differently");
        if (!(read(x!) > b.hi)) fail("said above the band");
        exactly(ps!, p, "points");
        r = { ...tail(g, 11), redone: read(ps!) - (b.k * (read(x!) - b.hi)) / b.step };
      }
      break;
    }
  }
  if (e.value === null) {
    // the missing policy: its arithmetic, with the stated scores of the other units of the group
    r = undefined;
    const others = peers.filter((x) => x.value !== null);
    const inGroup = (said: string | undefined) => {
      if ((said ?? null) !== (grouped ? groupName : null)) fail("the mean is said of the wrong group");
    };
    if ((g = m(String.raw`该项无有效数值,按(?:(.+?)中)?其他有数值法庭得分的平均数计分:(\d+) 个法庭得分之和 ${N} ÷ (\d+) = ${N} 分\(满分 ${N} 分\)。`))) {
      const [, group, n, sum, n1, s] = g as unknown as string[];
      inGroup(group);
      if (ind.missing !== "mean" || Number(n) !== others.length || n1 !== n) fail("mean over the wrong units");
      const cents = others.reduce((a, x) => a + Math.round(x.score * 100), 0);
      if (Math.round(read(sum!) * 100) !== cents) fail("the sum is not the sum of the group's other units' scores");
      r = { stated: read(s!), clampNote: false, redone: read(sum!) / Number(n) };
    } else if ((g = m(String.raw`该项无有效数值,(?:(.+?)中)?各法庭均无数值,计满分 ${N} 分。`))) {
      inGroup(g[1]);
      if (ind.missing !== "mean" || others.length > 0) fail("said none has a value");
      r = { stated: read(g[2]!), clampNote: false, redone: p };
    } else if ((g = m(String.raw`该项无有效数值,按规定计满分,得 ${N} 分\(满分 ${N} 分\)。`))) {
      if (ind.missing !== "full") fail("said full");
      r = { stated: read(g[1]!), clampNote: false, redone: p };
    } else if ((g = m(String.raw`该项无有效数值,按规定计 0 分,得 ${N} 分\(满分 ${N} 分\)。`))) {
      if (ind.missing !== "zero") fail("said zero");
      r = { stated: read(g[1]!), clampNote: false, redone: 0 };
    }
  }

  if (!r) {
    fail("unreadable method");
    return problems;
  }
  if (r.stated !== e.score) fail(`states ${r.stated}, the score is ${e.score}`);
  const redone = r.redone!;
  if (r.clampNote) {
    if (!(redone < -1e-9 || redone > p + 1e-9)) fail("a clamp note where nothing was clamped");
    if (r.raw !== undefined && Math.abs(r.raw - redone) > 0.00005 + 1e-9) fail("the clamp note's value");
    if (round2(Math.min(p, Math.max(0, redone))) !== r.stated) fail(`redone ${redone}, clamped, does not round to ${r.stated}`);
  } else if (round2(redone) !== r.stated) fail(`redone ${redone} does not round to ${r.stated}`);
  return problems;
}

/**
 * Every explanation of a result, audited; with how many there were. An indicator must be present
 * exactly for the units of the groups it applies to (rulebook.md §9).
 */
export function auditAll(rbs: Rulebook | readonly Rulebook[], result: PeriodResult, manual: readonly ManualRow[] = []): { n: number; problems: string[] } {
  const list = Array.isArray(rbs) ? (rbs as readonly Rulebook[]) : [rbs as Rulebook];
  const rb = list.find((x) => x.version === result.rulebook.version)!;
  let n = 0;
  const problems: string[] = [];
  for (const ind of indicatorsOf(rb))
    for (const u of result.units) {
      const where = `${result.period} ${result.window.kind} ${u.unit} ${ind.key}`;
      const r = u.indicators[ind.key];
      if (!r) {
        if (appliesTo(ind, u.group)) problems.push(`${where}: absent from a unit it applies to`);
        continue;
      }
      if (!appliesTo(ind, u.group)) problems.push(`${where}: present for a group it does not apply to`);
      n++;
      problems.push(...audit(ind, r.explanation!, { rb, result, unit: u, manual }).map((p) => `${where}: ${p}`));
    }
  return { n, problems };
}

// ─── the demo court ──────────────────────────────────────────────────────────────────────────
