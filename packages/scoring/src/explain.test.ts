/**
 * The explanations' arithmetic, redone by a reader (rulebook.md §8): each text is parsed back
 * into the numbers it shows, the method's rule is applied to those numbers, and the result must
 * round to the stated score. Nothing here reads the engine's doubles except to check that the
 * shown numbers are the engine's, rounded.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { indicatorsOf, type Indicator, type Period, type Rulebook, type WindowKind } from "@scorecard/rules";
// the demo court's figures (not declared as a dependency: the demo's own tests depend on scoring)
import { demoCourt } from "@scorecard/demo";
import { explanationText, formatValue, num, scorePeriod, type Explanation, type PeriodResult } from "./index";
import { YEAR, RUNS, monthArb, periodOf, realisticArb, scenarioArb, windowArb } from "./test/generators";
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
  return m.byMonth?.[period.slice(5, 7)] ?? { target: m.target, zeroAt: m.zeroAt };
}

interface Redone {
  /** the arithmetic redone with the shown numbers, before clamping; undefined when the text shows none */
  redone?: number;
  /** the score the text states */
  stated: number;
  /** the text says the arithmetic was clamped */
  clampNote: boolean;
}

/**
 * Reads one explanation as a reader would and lists what does not add up. `result` gives the
 * other units' scores (the `mean` policy) and `period` the month (byMonth targets).
 */
function audit(ind: Indicator, e: Explanation, result: PeriodResult, period: Period): string[] {
  const problems: string[] = [];
  const text = e.text;
  const fail = (why: string) => problems.push(`${why}: ${text}`);
  const cut = text.indexOf("。");
  const formula = text.slice(0, cut);
  const method = text.slice(cut + 1);
  const pct = ind.unit === "%";
  const scale = pct ? 100 : 1;
  const p = ind.points;

  // signs and words that must never appear
  if (/-/.test(text)) fail("an ASCII hyphen where the minus sign − belongs");
  if (/[−+×÷] [−+]/.test(text)) fail("two signs in a row");
  if (text.includes("未超过")) fail("未超过");

  // the formula: the shown operands give the shown value, to its shown digits
  let X: string | undefined; // the value as the formula shows it
  const rankPart = String.raw`(?:\(第 (\d+) 名\))?`;
  const fr = new RegExp(String.raw`^(.+?) = (1 − )?\S+ (${NUM})\S* ÷ \S+ (${NUM})\S* = ${V}${rankPart}$`).exec(formula);
  const ff = new RegExp(String.raw`^(.+?)(?:为| = \S+) ${V}${rankPart}$`).exec(formula);
  if (e.value === null) {
    if (!/无数据|无法计算\(分母为 0\)/.test(formula)) fail("a null value not said");
  } else if (fr) {
    const [, , complement, a, b, v, r] = fr;
    const q = complement ? 1 - read(a!) / read(b!) : read(a!) / read(b!);
    if (!isRounded(v!, q * scale)) fail("the shown operands do not give the shown value");
    if (!isRounded(v!, e.value * scale)) fail("the shown value is not the value");
    if (r !== undefined && Number(r) !== e.rank) fail("rank");
    X = v;
  } else if (ff) {
    const [, , v, r] = ff;
    if (!isRounded(v!, e.value * scale)) fail("the shown value is not the value");
    if (r !== undefined && Number(r) !== e.rank) fail("rank");
    X = v;
  } else fail("unreadable formula");

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
  const isValue = (shown: string, actual: number | null | undefined, what: string) => {
    if (actual === null || actual === undefined || !isRounded(shown, actual * scale)) fail(`${what} is not the engine's`);
  };
  const exactly = (shown: string, actual: number, what: string) => {
    if (!near(read(shown), actual)) fail(`${what} not shown exactly`);
  };
  const full = (g: RegExpExecArray | null, at: number): Redone | undefined => (g ? { stated: read(g[at]!), clampNote: false } : undefined);

  let r: (Redone & { raw?: number }) | undefined;
  const higher = ind.direction === "higher";
  const meth = ind.method;
  let g: RegExpExecArray | null;
  switch (meth.type) {
    case "efficacy": {
      if ((g = m(String.raw`功效系数法:(?:参评的 \d+ 个法庭数值相同|只有 1 个法庭有数值)\(${V}\),得满分 ${N} 分。`))) {
        if (e.cohort.best === null || !near(e.cohort.best, e.cohort.worst!)) fail("said all equal");
        r = { ...full(g, 2)!, redone: p };
      } else if ((g = m(String.raw`功效系数法:最优值 ${V},最差值 ${V};${N} × \(${N} \+ ${N} × \(${V} − ${V}\) ÷ \(${V} − ${V}\)\) ${TAIL}。`))) {
        const [, b, w, ps, f, f1, x, w1, b1, w2] = g as unknown as string[];
        if (b1 !== b || w1 !== w || w2 !== w) fail("best or worst shown twice differently");
        isValue(b!, e.cohort.best, "best");
        isValue(w!, e.cohort.worst, "worst");
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
      if ((g = m(String.raw`排名赋分法:在 (\d+) 个有数值的法庭中列第 (\d+) 名,每降一名扣满分的 ${N}%;${N} × max\(0, 1 − ${N} × (\d+)\) ${TAIL}。`))) {
        const [, n, rank, perc, ps, d, k] = g as unknown as string[];
        if (Number(n) !== e.cohort.n || Number(rank) !== e.rank || Number(k) !== Number(rank) - 1) fail("rank numbers");
        exactly(ps!, p, "points");
        exactly(d!, meth.step, "step");
        exactly(perc!, meth.step * 100, "step in %");
        r = { ...tail(g, 7), redone: read(ps!) * Math.max(0, 1 - read(d!) * Number(k)) };
      }
      break;
    }
    case "target": {
      const { target, zeroAt } = targetOf(ind, period);
      const month = meth.byMonth?.[period.slice(5, 7)] ? `${Number(period.slice(5, 7))}月的` : "";
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
        isValue(b!, e.cohort.best, "best");
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
        isValue(b!, e.cohort.best, "best");
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
    // the missing policy: its arithmetic, with the other units' stated scores
    r = undefined;
    const others = result.units.map((u) => u.indicators[ind.key]!).filter((x) => x.value !== null);
    if ((g = m(String.raw`该项无有效数值,按其他有数值法庭得分的平均数计分:(\d+) 个法庭得分之和 ${N} ÷ (\d+) = ${N} 分\(满分 ${N} 分\)。`))) {
      const [, n, sum, n1, s] = g as unknown as string[];
      if (ind.missing !== "mean" || Number(n) !== others.length || n1 !== n) fail("mean over the wrong units");
      const cents = others.reduce((a, x) => a + Math.round(x.score * 100), 0);
      if (Math.round(read(sum!) * 100) !== cents) fail("the sum is not the sum of the other units' scores");
      r = { stated: read(s!), clampNote: false, redone: read(sum!) / Number(n) };
    } else if ((g = m(String.raw`该项无有效数值,各法庭均无数值,计满分 ${N} 分。`))) {
      if (ind.missing !== "mean" || others.length > 0) fail("said none has a value");
      r = { stated: read(g[1]!), clampNote: false, redone: p };
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

/** Every explanation of a result, audited; with how many there were. */
function auditAll(rbs: Rulebook | readonly Rulebook[], result: PeriodResult): { n: number; problems: string[] } {
  const list = Array.isArray(rbs) ? (rbs as readonly Rulebook[]) : [rbs as Rulebook];
  const rb = list.find((x) => x.version === result.rulebook.version)!;
  let n = 0;
  const problems: string[] = [];
  for (const ind of indicatorsOf(rb))
    for (const u of result.units) {
      n++;
      problems.push(...audit(ind, u.indicators[ind.key]!.explanation!, result, result.period).map((p) => `${result.period} ${result.window.kind} ${u.unit} ${ind.key}: ${p}`));
    }
  return { n, problems };
}

// ─── the demo court ──────────────────────────────────────────────────────────────────────────

describe("the demo court's explanations add up (rulebook.md §8)", () => {
  const d = demoCourt();
  const periods: Period[] = [];
  for (let y = 2022; y <= 2023; y++) for (let mo = 1; mo <= 12; mo++) if (periodOf(y, mo) <= "2023-03") periods.push(periodOf(y, mo));
  for (const window of ["ytd", "month", "quarter", "year"] as WindowKind[]) {
    it(`every indicator of every tribunal, 2022年1月 to 2023年3月, ${window} window`, () => {
      let n = 0;
      const problems: string[] = [];
      for (const period of periods) {
        const a = auditAll(d.rulebook, scorePeriod({ rulebooks: d.rulebook, data: d, period, window }));
        n += a.n;
        problems.push(...a.problems);
      }
      expect(n).toBe(periods.length * 8 * indicatorsOf(d.rulebook).length);
      expect(problems.slice(0, 5)).toEqual([]);
    });
  }

  it("rates carry four decimals of their percentage and days two in the arithmetic", () => {
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
/** Gives the indicators units (rates, days, none) in turn from `offset`, so that every method meets each. */
function withUnits(rb: Rulebook, offset: number): Rulebook {
  let k = offset;
  return {
    ...rb,
    sections: rb.sections.map((s) => ({
      ...s,
      indicators: s.indicators.map((ind) => {
        const { unit: _u, ...rest } = ind;
        const unit = UNITS[k++ % UNITS.length];
        return unit === undefined ? rest : { ...rest, unit };
      }),
    })),
  };
}

/** a few seconds on a quiet machine; time enough for a busy one and for ORACLE_RUNS */
const LONG = 60_000 * RUNS;

describe("explanations add up for random rulebooks and figures", () => {
  it("every method, both directions, byMonth targets, null values, clamps", () => {
    fc.assert(
      fc.property(scenarioArb, monthArb, windowArb, fc.nat(), (s, month, window, offset) => {
        const rbs = s.rulebooks.map((rb) => withUnits(rb, offset));
        const result = scorePeriod({ rulebooks: rbs, data: s.data, period: periodOf(YEAR, month), ...(window ? { window } : {}) });
        const { problems } = auditAll(rbs, result);
        if (problems.length) throw new Error(problems.slice(0, 3).join("\n"));
      }),
      { numRuns: 300 * RUNS },
    );
  }, LONG);
  it("the shipped rulebook over realistic figures", () => {
    fc.assert(
      fc.property(realisticArb, monthArb, windowArb, (s, month, window) => {
        const result = scorePeriod({ rulebooks: s.rulebooks, data: s.data, period: periodOf(YEAR, month), ...(window ? { window } : {}) });
        const { problems } = auditAll(s.rulebooks, result);
        if (problems.length) throw new Error(problems.slice(0, 3).join("\n"));
      }),
      { numRuns: 100 * RUNS },
    );
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
