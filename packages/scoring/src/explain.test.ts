/**
 * The explanations' arithmetic, redone by a reader (rulebook.md §8, §9): each text is parsed back
 * into the numbers it shows (weighted terms and their sums, committee scores and their mean,
 * 样本不足's base), the method's rule is applied to those numbers, and the result must round to
 * the stated score. Nothing here reads the engine's doubles except to check that the shown
 * numbers are the engine's, rounded, and the group's values (its best, worst and ranks, taken
 * within the unit's group by the reader itself).
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
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
  type WindowKind,
} from "@scorecard/rules";
// the demo court's figures (not declared as a dependency: the demo's own tests depend on scoring)
import { demoCourt } from "@scorecard/demo";
import { explanationText, formatValue, num, scorePeriod, type Explanation, type IndicatorResult, type PeriodResult, type UnitResult } from "./index";
import { YEAR, RUNS, constructScenarioArb, manualRowsArb, monthArb, periodOf, realisticArb, realisticConstructsArb, scenarioArb, windowArb, type Scenario } from "./test/generators";
import { facts, rulebook } from "./test/fixtures";

// ─── the reader ──────────────────────────────────────────────────────────────────────────────

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
function auditAll(rbs: Rulebook | readonly Rulebook[], result: PeriodResult, manual: readonly ManualRow[] = []): { n: number; problems: string[] } {
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

describe("the demo court's explanations add up (rulebook.md §8, §9)", () => {
  const periods: Period[] = [];
  for (let y = 2022; y <= 2023; y++) for (let mo = 1; mo <= 12; mo++) if (periodOf(y, mo) <= "2023-03") periods.push(periodOf(y, mo));
  // kailu: the shipped rulebook; grouped: groups, a committee-scored indicator, a weighted 改发率 with a
  // minimum base, an indicator for one group only; internal: the same, ranks kept internal
  for (const variant of ["kailu", "grouped", "internal"] as const) {
    const d = demoCourt(variant);
    /** the explanations one period must have: each tribunal, each indicator that applies to its group */
    const perPeriod = d.units.reduce((a, u) => a + indicatorsOf(d.rulebook).filter((i) => appliesTo(i, groupOf(d.rulebook, u.key))).length, 0);
    for (const window of ["ytd", "month", "quarter", "year"] as WindowKind[]) {
      it(`${variant}: every indicator of every tribunal, 2022年1月 to 2023年3月, ${window} window`, () => {
        let n = 0;
        const problems: string[] = [];
        for (const period of periods) {
          const a = auditAll(d.rulebook, scorePeriod({ rulebooks: d.rulebook, data: d, period, window }), d.manual);
          n += a.n;
          problems.push(...a.problems);
        }
        expect(n).toBe(periods.length * perPeriod);
        expect(problems.slice(0, 5)).toEqual([]);
      });
    }
  }

  it("rates carry four decimals of their percentage and days two in the arithmetic", () => {
    const d = demoCourt();
    const r = scorePeriod({ rulebooks: d.rulebook, data: d, period: "2023-03" });
    const dongfeng = r.units.find((u) => u.unit === "dongfeng")!;
    const e1 = dongfeng.indicators.E1!.explanation!;
    expect(e1.text).toContain(`最优值 ${((e1.cohort.best ?? 0) * 100).toFixed(4)}%`);
    const e3 = dongfeng.indicators.E3!.explanation!;
    expect(e3.text).toContain(`最优值 ${num(e3.cohort.best!, 2)}天`);
  });
});

// ─── random rulebooks and figures ────────────────────────────────────────────────────────────

const UNITS = ["%", "天", undefined] as const;
/** Gives the computed indicators units (rates, days, none) in turn from `offset`, so that every method meets each; a committee score stays in 分. */
function withUnits(rb: Rulebook, offset: number): Rulebook {
  let k = offset;
  return {
    ...rb,
    sections: rb.sections.map((s) => ({
      ...s,
      indicators: s.indicators.map((ind) => {
        if (ind.formula.type === "manual") return ind;
        const { unit: _u, ...rest } = ind;
        const unit = UNITS[k++ % UNITS.length];
        return unit === undefined ? rest : { ...rest, unit };
      }),
    })),
  };
}

/** a few seconds on a quiet machine; time enough for a busy one and for ORACLE_RUNS */
const LONG = 60_000 * RUNS;

/** How often each §9 construct was read, so that a property over them cannot pass by not meeting them. */
type Seen = Record<"weighted" | "manualLast" | "manualMean" | "smallBase" | "groupRank" | "groupMean" | "internal", number>;
const seenNone = (): Seen => ({ weighted: 0, manualLast: 0, manualMean: 0, smallBase: 0, groupRank: 0, groupMean: 0, internal: 0 });
function count(seen: Seen, result: PeriodResult): void {
  for (const u of result.units)
    for (const r of Object.values(u.indicators)) {
      const e = r.explanation!;
      const f = e.formula;
      if (f.type === "manual") {
        if (f.aggregate === "mean" && f.entries.length > 1) seen.manualMean++;
        else if (f.entries.length) seen.manualLast++;
      } else if ((f.type === "field" ? [f.field] : [f.num, f.den]).some((o) => o.terms)) seen.weighted++;
      if (e.nullReason === "smallBase") seen.smallBase++;
      if (e.group && e.rank !== null && !e.internalRanking) seen.groupRank++;
      if (e.group && e.meanOf && e.meanOf.n > 0) seen.groupMean++;
      if (e.internalRanking) seen.internal++;
    }
}

/** Scores one random scenario's month and audits it; throws the first problems. */
function auditScenario(s: Scenario, month: number, window: WindowKind | undefined, rbs: readonly Rulebook[] = s.rulebooks, seen?: Seen): void {
  const opts = { data: s.data, period: periodOf(YEAR, month), ...(window ? { window } : {}) };
  const result = scorePeriod({ rulebooks: s.single ? rbs[0]! : rbs, ...opts });
  if (seen) count(seen, result);
  const { problems } = auditAll(rbs, result, s.data.manual ?? []);
  if (problems.length) throw new Error(problems.slice(0, 3).join("\n"));
}

const FINE = [1 / 3, 0.125, 2 / 3, 0.015] as const;
/** Weights that are not two decimals (a third, an eighth): each weighted term's weight scaled by one of them in turn from `offset`. */
function withFineWeights(rb: Rulebook, offset: number): Rulebook {
  let k = offset;
  const fine = (ref: FieldRef): FieldRef => (typeof ref === "string" ? ref : ref.map((t) => ({ ...t, weight: t.weight * FINE[k++ % FINE.length]! })));
  return {
    ...rb,
    sections: rb.sections.map((s) => ({
      ...s,
      indicators: s.indicators.map((ind) => {
        const f = ind.formula;
        if (f.type === "manual") return ind;
        return { ...ind, formula: f.type === "field" ? { ...f, field: fine(f.field) } : { ...f, num: fine(f.num), den: fine(f.den) } };
      }),
    })),
  };
}

/** The scenario with committee scores for most tribunals in most months (the generators' are sparse), one per tribunal, indicator and month. */
function withDenseManual(arb: fc.Arbitrary<Scenario>): fc.Arbitrary<Scenario> {
  return arb.chain((s) =>
    fc.array(manualRowsArb(s.rulebooks), { minLength: 6, maxLength: 6 }).map((lists) => {
      const ids = new Set<string>();
      const manual = [...(s.data.manual ?? []), ...lists.flat()].filter((r) => {
        const id = `${r.period}|${r.unit}|${r.indicator}`;
        if (ids.has(id)) return false;
        ids.add(id);
        return true;
      });
      return { ...s, data: { ...s.data, manual } };
    }),
  );
}

describe("explanations add up for random rulebooks and figures", () => {
  it("every method, both directions, byMonth targets, null values, clamps", () => {
    fc.assert(
      fc.property(scenarioArb, monthArb, windowArb, fc.nat(), (s, month, window, offset) =>
        auditScenario(s, month, window, s.rulebooks.map((rb) => withUnits(rb, offset))),
      ),
      { numRuns: 300 * RUNS },
    );
  }, LONG);
  it("the shipped rulebook over realistic figures", () => {
    fc.assert(
      fc.property(realisticArb, monthArb, windowArb, (s, month, window) => auditScenario(s, month, window)),
      { numRuns: 100 * RUNS },
    );
  }, LONG);
  it("the §9 constructs: weighted terms, committee scores (last and mean), 样本不足, groups and group-only indicators, internal ranking", () => {
    const seen = seenNone();
    fc.assert(
      fc.property(constructScenarioArb, monthArb, windowArb, fc.nat(), (s, month, window, offset) =>
        auditScenario(s, month, window, s.rulebooks.map((rb) => withUnits(rb, offset)), seen),
      ),
      { numRuns: 300 * RUNS },
    );
    // means of several committee scores are rare here (the next property has them)
    for (const [what, n] of Object.entries(seen)) if (what !== "manualMean") expect(n, what).toBeGreaterThan(0);
  }, LONG);
  it("the shipped rulebook made a §9 考核办法, over realistic figures and committee scores", () => {
    const seen = seenNone();
    fc.assert(
      fc.property(realisticConstructsArb, monthArb, windowArb, (s, month, window) => auditScenario(s, month, window, s.rulebooks, seen)),
      { numRuns: 100 * RUNS },
    );
    for (const what of ["weighted", "manualLast", "smallBase", "groupRank", "groupMean"] as const) expect(seen[what], what).toBeGreaterThan(0);
  }, LONG);
  it("weighted terms with weights of a third or an eighth", () => {
    const seen = seenNone();
    fc.assert(
      fc.property(constructScenarioArb, monthArb, windowArb, fc.nat(), (s, month, window, offset) =>
        auditScenario(s, month, window, s.rulebooks.map((rb) => withFineWeights(withUnits(rb, offset), offset)), seen),
      ),
      { numRuns: 150 * RUNS },
    );
    expect(seen.weighted).toBeGreaterThan(0);
  }, LONG);
  it("committee scores in most months: the latest of several, and means of several", () => {
    const seen = seenNone();
    fc.assert(
      fc.property(fc.oneof(withDenseManual(constructScenarioArb), withDenseManual(realisticConstructsArb)), monthArb, windowArb, (s, month, window) =>
        auditScenario(s, month, window, s.rulebooks, seen),
      ),
      { numRuns: 150 * RUNS },
    );
    for (const what of ["manualLast", "manualMean"] as const) expect(seen[what], what).toBeGreaterThan(0);
  }, LONG);
});

// ─── words, signs and clamps, one case each ──────────────────────────────────────────────────

function textOf(rb: Rulebook, values: Record<string, number | Record<string, number>>, unit: string, key = "X"): string {
  const r = scorePeriod({ rulebooks: rb, data: { facts: facts("2022-01", values) }, period: "2022-01" });
  return r.units.find((u) => u.unit === unit)!.indicators[key]!.explanation!.text;
}
const rate = (method: Parameters<typeof rulebook>[0][number]["method"], direction: "higher" | "lower" = "higher", points = 7) =>
  rulebook([{ key: "X", name: "改判率", unit: "%", direction, points, formula: { type: "ratio", num: "a", den: "b" }, method }]);

describe("the words follow the direction", () => {
  const lower = rate({ type: "target", target: 0.02, zeroAt: 0.1 }, "lower");
  const higher = rate({ type: "target", target: 0.98, zeroAt: 0.9 }, "higher");
  it("a lower rate above its zero line is 高于零分线, at it 达到零分线", () => {
    const t = textOf(lower, { u: { a: 1, b: 9 }, v: { a: 1, b: 10 }, w: { a: 0, b: 5 } }, "u");
    expect(t).toContain("11.1111% 高于零分线,得 0 分");
    expect(t).not.toContain("未超过");
    expect(textOf(lower, { u: { a: 1, b: 9 }, v: { a: 1, b: 10 } }, "v")).toContain("10.00% 达到零分线,得 0 分");
  });
  it("a lower rate below its target is 低于达标线, a higher one above it 高于达标线; at it 达到达标线", () => {
    expect(textOf(lower, { u: { a: 1, b: 100 } }, "u")).toContain("1.00% 低于达标线,已达标,得满分 7 分");
    expect(textOf(lower, { u: { a: 1, b: 50 } }, "u")).toContain("2.00% 达到达标线,已达标");
    expect(textOf(higher, { u: { a: 99, b: 100 } }, "u")).toContain("99.00% 高于达标线,已达标");
    expect(textOf(higher, { u: { a: 49, b: 50 } }, "u")).toContain("98.00% 达到达标线,已达标");
  });
  it("a month's own target line is named as that month's", () => {
    const rising = rate({ type: "target", target: 0.5, zeroAt: 0.2, byMonth: { "01": { target: 0.1, zeroAt: 0.02 } } });
    expect(textOf(rising, { u: { a: 1, b: 20 } }, "u")).toContain("达标线法:1月的达标线 10.00%,零分线 2.00%;7 × (5.00% − 2.00%) ÷ (10.00% − 2.00%) = 2.63 分。");
  });
  it("a higher rate below its zero line is 低于零分线", () => {
    expect(textOf(higher, { u: { a: 8, b: 10 } }, "u")).toContain("80.00% 低于零分线,得 0 分");
  });
});

describe("the clamp is said only when it clamps", () => {
  it("an arithmetic that equals the points up to binary noise reads as the points", () => {
    // 7 × (0.6 + 0.4 × (x − w) ÷ (b − w)) with x = b gives 7.000000000000001 in doubles
    const rb = rate({ type: "efficacy", floor: 0.6 });
    const r = scorePeriod({ rulebooks: rb, data: { facts: facts("2022-01", { u: { a: 1, b: 3 }, v: { a: 1, b: 10 } }) }, period: "2022-01" });
    const e = r.units.find((u) => u.unit === "u")!.indicators.X!.explanation!;
    expect(e.text).not.toContain("限定");
    expect(e.text).toMatch(/ = 7 分。$/);
  });
  it("a negative rate scored against a positive best is clamped to 0, and says so", () => {
    const rb = rulebook([{ key: "X", name: "服判息诉率", unit: "%", direction: "higher", points: 4, formula: { type: "complement", num: "a", den: "b" }, method: { type: "ratioToBest" } }]);
    const t = textOf(rb, { u: { a: 3, b: 1 }, v: { a: 1, b: 2 } }, "u");
    expect(t).toContain("服判息诉率 = 1 − 甲 3 ÷ 乙 1 = −200.00%");
    expect(t).toContain("4 × (−200.00%) ÷ 50.00% = −16,限定在 0 至 4 分之间,得 0 分。");
  });
});

describe("signs", () => {
  it("subtracting a negative value shows it in parentheses with the minus sign", () => {
    const rb = rulebook([{ key: "X", name: "服判息诉率", unit: "%", direction: "higher", points: 5, formula: { type: "complement", num: "a", den: "b" }, method: { type: "efficacy", floor: 0.6 } }]);
    const t = textOf(rb, { u: { a: 3, b: 1 }, v: { a: 1, b: 2 }, w: { a: 0, b: 1 } }, "v");
    expect(t).toContain("最差值 −200.00%");
    expect(t).toContain("(50.00% − (−200.00%)) ÷ (100.00% − (−200.00%))");
    expect(t).not.toMatch(/− -|-\d/);
  });
  it("formatValue and num print negatives with the minus sign, and keep two decimals of a rate by default", () => {
    expect(formatValue(-2, "%")).toBe("−200.00%");
    expect(formatValue(0.98745, "%")).toBe("98.75%");
    expect(formatValue(0.987432, "%", 4)).toBe("98.7432%");
    expect(formatValue(45.2, "天")).toBe("45.2天");
    expect(num(-0.5)).toBe("−0.5");
    expect(num(-0.001)).toBe("0");
  });
});

describe("digits grow where four are not enough", () => {
  const rb = rate({ type: "target", target: 0.02, zeroAt: 0.1 }, "lower");
  const ind = indicatorsOf(rb)[0]!;
  it("a value whose four decimals would round the score the other way is shown with more", () => {
    // 7 × (10% − x) ÷ (10% − 2%): x = 18/269 gives 2.894981…, with 6.6914% it would give 2.895025 → 2.90
    const t = textOf(rb, { u: { a: 18, b: 269 } }, "u");
    expect(t).toContain("7 × (10.00% − 6.69145%) ÷ (10.00% − 2.00%) = 2.89 分。");
    // x = 3/140 gives exactly 6.875 → 6.88; 2.1429% gives 6.87496 and 2.14286% 6.8749975, both 6.87
    expect(textOf(rb, { u: { a: 3, b: 140 } }, "u")).toContain("7 × (10.00% − 2.142857%) ÷ (10.00% − 2.00%) = 6.88 分。");
  });
  it("every unit of an indicator shows the same decimals, so the cohort's best and worst read the same", () => {
    const eff = rate({ type: "efficacy", floor: 0.6 });
    const r = scorePeriod({ rulebooks: eff, data: { facts: facts("2022-01", { u: { a: 3, b: 140 }, v: { a: 1, b: 3 }, w: { a: 1, b: 7 } }) }, period: "2022-01" });
    const heads = r.units.map((u) => /最优值 [^,]+,最差值 [^;]+/.exec(u.indicators.X!.explanation!.text)![0]);
    expect(new Set(heads).size).toBe(1);
  });
  it("explanationText chooses the digits for one explanation, or takes them", () => {
    const r = scorePeriod({ rulebooks: rb, data: { facts: facts("2022-01", { u: { a: 18, b: 269 } }) }, period: "2022-01" });
    const e = r.units[0]!.indicators.X!.explanation!;
    expect(explanationText(ind, e)).toBe(e.text);
    expect(explanationText(ind, e, 2)).toContain("6.69%");
  });
});

describe("the §9 constructs in words", () => {
  const at = (rb: Rulebook, data: { facts: ReturnType<typeof facts>; manual?: ManualRow[] }, period: Period, unit: string, key = "X") =>
    scorePeriod({ rulebooks: rb, data, period }).units.find((u) => u.unit === unit)!.indicators[key]!.explanation!.text;
  /** 改发率 with a 发回 counted as 0.6 of a 改判 */
  const weighted = (extra: Partial<Parameters<typeof rulebook>[0][number]> = {}, rbExtra: Parameters<typeof rulebook>[1] = {}) =>
    rulebook(
      [
        {
          key: "X",
          name: "改发率",
          unit: "%",
          direction: "lower",
          points: 7,
          formula: { type: "ratio", num: [{ field: "a" }, { field: "b", weight: 0.6 }], den: "c" },
          method: { type: "target", target: 0.02, zeroAt: 0.1 },
          ...extra,
        },
      ],
      rbExtra,
    );

  it("a weighted operand shows each figure, its weight and their sum, and the sum gives the value", () => {
    expect(textOf(weighted(), { u: { a: 2, b: 0, c: 32 } }, "u")).toBe(
      "改发率 = (甲 2 + 0.6 × 乙 0 = 2) ÷ 丙 32 = 6.25%(第 1 名)。达标线法:达标线 2.00%,零分线 10.00%;7 × (10.00% − 6.25%) ÷ (10.00% − 2.00%) = 3.28 分。",
    );
    expect(textOf(weighted(), { u: { a: 1, b: 1, c: 8 } }, "u")).toContain("改发率 = (甲 1 + 0.6 × 乙 1 = 1.6) ÷ 丙 8 = 20.00%(第 1 名)。");
  });
  it("a weight of a third: the sum carries the decimals that make the shown sum ÷ the denominator the shown value", () => {
    // with 0.6667 ÷ 3 a reader would get 22.2233%, not 22.2222%
    const third = weighted({ formula: { type: "ratio", num: [{ field: "a", weight: 1 / 3 }, { field: "b" }], den: "c" } });
    expect(textOf(third, { u: { a: 2, b: 0, c: 3 } }, "u")).toContain("改发率 = (0.3333333333 × 甲 2 + 乙 0 = 0.666667) ÷ 丙 3 = 22.2222%(第 1 名)。");
  });

  it("a base below the minimum is 样本不足, shown below it, and scored by the missing policy", () => {
    const rb = weighted({ minBase: { field: "c", min: 15 } });
    const data = { u: { a: 1, b: 0, c: 13 }, v: { a: 0, b: 0, c: 20 }, w: { a: 1, b: 0, c: 20 } };
    expect(textOf(rb, data, "u")).toBe(
      "改发率:样本不足(丙 13,少于 15),不参与比较。该项无有效数值,按其他有数值法庭得分的平均数计分:2 个法庭得分之和 11.38 ÷ 2 = 5.69 分(满分 7 分)。",
    );
    // a base that two decimals would show as the minimum itself is shown with more
    expect(textOf(rb, { ...data, u: { a: 1, b: 0, c: 14.996 } }, "u")).toContain("改发率:样本不足(丙 14.996,少于 15),不参与比较。");
    const zero = weighted({ minBase: { field: "c", min: 15 }, missing: "zero" });
    expect(textOf(zero, data, "u")).toBe("改发率:样本不足(丙 13,少于 15),不参与比较。该项无有效数值,按规定计 0 分,得 0 分(满分 7 分)。");
  });

  /** a committee-scored indicator over the year so far */
  const committee = (aggregate: "last" | "mean") =>
    rulebook([{ key: "X", name: "庭务管理评议", direction: "higher", points: 5, formula: { type: "manual", aggregate } }], { window: "ytd" });
  const months = [...facts("2022-01", { u: 1, v: 1 }), ...facts("2022-02", { u: 1, v: 1 }), ...facts("2022-03", { u: 1, v: 1 })];
  const score = (period: Period, unit: string, s: number, reason: string): ManualRow => ({ period, unit, indicator: "X", score: s, reason });

  it("a committee score is read back with its month and reason; of several, the latest is said to be the latest", () => {
    const one = [score("2022-02", "u", 4, "作风良好"), score("2022-02", "v", 4.5, "庭务规范")];
    expect(at(committee("last"), { facts: months, manual: one }, "2022-02", "u")).toBe(
      "庭务管理评议:考评委员会评议 4 分(2022年2月),理由:“作风良好”(第 2 名)。按评议分计,得 4 分(满分 5 分)。",
    );
    const two = [score("2022-01", "u", 3, "卷宗归档滞后"), ...one];
    expect(at(committee("last"), { facts: months, manual: two }, "2022-02", "u")).toBe(
      "庭务管理评议:考评委员会评议 4 分(2022年2月,计分期间内最近一次),理由:“作风良好”(第 2 名)。按评议分计,得 4 分(满分 5 分)。",
    );
  });

  it("a mean of committee scores lists them and divides their sum; scores finer than hundredths are shown as entered", () => {
    const two = [score("2022-01", "u", 4, "卷宗规范"), score("2022-02", "u", 3.5, "接待不及时"), score("2022-02", "v", 4, "作风良好")];
    expect(at(committee("mean"), { facts: months, manual: two }, "2022-02", "u")).toBe(
      "庭务管理评议:考评委员会评议 4 分(2022年1月),理由:“卷宗规范”;3.5 分(2022年2月),理由:“接待不及时”;平均 7.5 ÷ 2 = 3.75 分(第 2 名)。按评议分计,得 3.75 分(满分 5 分)。",
    );
    // 4.125 and 4.125: shown as 4.13 and 4.13 they would add up to 8.26, not 8.25
    const fine = [score("2022-01", "u", 4.125, "甲"), score("2022-02", "u", 4.125, "乙")];
    expect(at(committee("mean"), { facts: months, manual: fine }, "2022-02", "u")).toBe(
      "庭务管理评议:考评委员会评议 4.125 分(2022年1月),理由:“甲”;4.125 分(2022年2月),理由:“乙”;平均 8.25 ÷ 2 = 4.125 分(第 1 名)。按评议分计,得 4.13 分(满分 5 分)。",
    );
    const three = [score("2022-01", "u", 4, "甲"), score("2022-02", "u", 4, "乙"), score("2022-03", "u", 3, "丙")];
    expect(at(committee("mean"), { facts: months, manual: three }, "2022-03", "u")).toContain("平均 11 ÷ 3 = 3.6667 分(第 1 名)。按评议分计,得 3.67 分(满分 5 分)。");
  });

  it("a tribunal without a committee score is scored by the missing policy", () => {
    const one = [score("2022-02", "v", 4.5, "庭务规范")];
    expect(at(committee("last"), { facts: months, manual: one }, "2022-02", "u")).toBe(
      "庭务管理评议:本期无考评委员会评议打分。该项无有效数值,按其他有数值法庭得分的平均数计分:1 个法庭得分之和 4.5 ÷ 1 = 4.5 分(满分 5 分)。",
    );
  });

  // 农村法庭 u, v; 其他法庭 w, x
  const grouped = (extra: Parameters<typeof rulebook>[1] = {}, method: Parameters<typeof rulebook>[0][number]["method"] = { type: "efficacy", floor: 0.6 }) =>
    rulebook([{ key: "X", name: "结案率", unit: "%", direction: "higher", points: 7, formula: { type: "ratio", num: "a", den: "b" }, method }], {
      groups: [{ key: "rural", name: "农村法庭", units: ["u", "v"] }],
      ...extra,
    });
  const four = { u: { a: 1, b: 0 }, v: { a: 1, b: 2 }, w: { a: 1, b: 4 }, x: { a: 3, b: 4 } };

  it("ranks are within the group and named with it; the mean of a missing value is the group's", () => {
    expect(textOf(grouped(), four, "v")).toBe("结案率 = 甲 1 ÷ 乙 2 = 50.00%(农村法庭中第 1 名)。功效系数法:只有 1 个法庭有数值(50.00%),得满分 7 分。");
    expect(textOf(grouped(), four, "w")).toContain("结案率 = 甲 1 ÷ 乙 4 = 25.00%(其他法庭中第 2 名)。功效系数法:最优值 75.00%,最差值 25.00%;");
    // u's mean is v's 7 alone, not the mean over v, w and x
    expect(textOf(grouped(), four, "u")).toBe(
      "结案率 = 甲 1 ÷ 乙 0 = 无法计算(分母为 0)。该项无有效数值,按农村法庭中其他有数值法庭得分的平均数计分:1 个法庭得分之和 7 ÷ 1 = 7 分(满分 7 分)。",
    );
    expect(textOf(grouped(), { u: { a: 1, b: 0 }, v: { a: 1, b: 0 }, w: { a: 1, b: 4 } }, "u")).toBe(
      "结案率 = 甲 1 ÷ 乙 0 = 无法计算(分母为 0)。该项无有效数值,农村法庭中各法庭均无数值,计满分 7 分。",
    );
  });

  it("under ranking kept internal the formula names no rank and the rank method says its rule without the arithmetic", () => {
    const internal = grouped({ ranking: "internal" }, { type: "rank", step: 0.05 });
    expect(textOf(internal, four, "w")).toBe("结案率 = 甲 1 ÷ 乙 4 = 25.00%。排名赋分法:按在 2 个有数值的法庭中的名次赋分(名次不通报),得 6.65 分(满分 7 分)。");
    expect(textOf(grouped({}, { type: "rank", step: 0.05 }), four, "w")).toBe(
      "结案率 = 甲 1 ÷ 乙 4 = 25.00%(其他法庭中第 2 名)。排名赋分法:在 2 个有数值的法庭中列第 2 名,每降一名扣满分的 5%;7 × max(0, 1 − 0.05 × 1) = 6.65 分。",
    );
  });

  it("under ranking kept internal no explanation of any indicator of any tribunal names a rank (the demo court, 2023年3月)", () => {
    const texts = (variant: "grouped" | "internal") => {
      const d = demoCourt(variant);
      const r = scorePeriod({ rulebooks: d.rulebook, data: d, period: "2023-03" });
      expect(r.units.map((u) => u.unit).sort()).toEqual(d.units.map((u) => u.key).sort());
      return r.units.flatMap((u) => Object.values(u.indicators).map((x) => x.explanation!.text));
    };
    const rank = /第\s*\d+\s*名/;
    const internal = texts("internal");
    expect(internal.filter((t) => rank.test(t))).toEqual([]);
    expect(internal.filter((t) => t.includes("(名次不通报)")).length).toBeGreaterThan(0);
    // the same court under a published ranking names them, in the same texts
    const published = texts("grouped");
    expect(published.length).toBe(internal.length);
    expect(published.filter((t) => rank.test(t)).length).toBeGreaterThan(internal.length / 2);
  });
});
