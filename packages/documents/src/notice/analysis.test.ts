import { describe, expect, it } from "vitest";
import { demoCourt } from "@scorecard/demo";
import { addMonths, indicatorsOf, splitPeriod, type Period } from "@scorecard/rules";
import { courtFigures, scorePeriod, type PeriodResult } from "@scorecard/scoring";
import { demoSnapshot } from "./test-support";

const d = demoCourt();
const indicators = indicatorsOf(d.rulebook);
const units = (k: string) => indicators.find((i) => i.key === k)?.unit;

/**
 * Every number the engine gives for a month, written as a notice writes numbers, and the
 * differences of two of a kind (a lead, a change of score, of rank, of a court-wide value).
 */
function engineNumbers(period: Period): Set<string> {
  const rankings: PeriodResult[] = [period, addMonths(period, -1)].filter((p) => p >= d.rulebook.effectiveFrom).map((p) => scorePeriod({ rulebooks: d.rulebook, data: d, period: p }));
  const courts = [period, addMonths(period, -1), addMonths(period, -12)].filter((p) => p >= d.rulebook.effectiveFrom).flatMap((p) => {
    const c = courtFigures({ rulebooks: d.rulebook, data: d, period: p });
    return c ? [c] : [];
  });
  const out = new Set<string>();
  const add = (xs: number[], f: (x: number) => string) => {
    for (const x of xs) out.add(f(x));
    for (const a of xs) for (const b of xs) out.add(f(Math.abs(Math.round(a * 100) - Math.round(b * 100)) / 100));
  };
  const two = (x: number) => x.toFixed(2);
  add(rankings.flatMap((r) => r.units.map((u) => u.total)), two);
  for (const s of d.rulebook.sections) add(rankings.flatMap((r) => r.units.map((u) => u.sections[s.key]!)), two);
  add(rankings.flatMap((r) => r.units.flatMap((u) => [u.bonus, u.penalty])), two);
  for (const r of rankings) for (const u of r.units) out.add(String(u.rank));
  for (const u of rankings[0]!.units) {
    const before = rankings[1]?.units.find((x) => x.unit === u.unit);
    if (before) out.add(String(Math.abs(before.rank - u.rank)));
  }
  for (const ind of indicators) {
    const shown = (x: number) => (ind.unit === "%" ? x * 100 : x);
    const values = [...rankings.flatMap((r) => r.units.map((u) => u.indicators[ind.key]!.value)), ...courts.map((c) => c.indicators[ind.key]!)]
      .filter((v): v is number => v !== null)
      .map((v) => Number(shown(v).toFixed(2)));
    add(values, two);
    for (const v of values) if (Number.isInteger(v)) out.add(String(v));
    add(rankings.flatMap((r) => r.units.map((u) => u.indicators[ind.key]!.score)), two);
    if (ind.warn?.red !== undefined) out.add(shown(ind.warn.red).toFixed(2));
  }
  // the window's months and year, as the text names them
  const { year, month } = splitPeriod(period);
  for (const x of [year, 1, month]) out.add(String(x));
  return out;
}

describe("the drafted 情况分析", () => {
  for (const period of ["2023-03", "2022-06", "2022-09", "2023-01"] as const) {
    it(`uses only numbers the engine computed (${period})`, () => {
      let text = demoSnapshot(period).commentary;
      // names are words, not figures (超12个月未结案件数)
      for (const ind of indicators) text = text.replaceAll(ind.name, "指标");
      const numbers = text.match(/\d+(?:\.\d+)?/g) ?? [];
      expect(numbers.length).toBeGreaterThan(20);
      const known = engineNumbers(period);
      const unknown = numbers.filter((n) => !known.has(n));
      expect(unknown).toEqual([]);
    });
  }

  it("says who leads and by how much, in the register of a notice", () => {
    const s = demoSnapshot();
    const [first, second] = s.result.units;
    const lead = ((Math.round(first!.total * 100) - Math.round(second!.total * 100)) / 100).toFixed(2);
    expect(s.commentary).toContain(`从排名情况看,2023年1月至3月,大榆树人民法庭以${first!.total.toFixed(2)}分位列第一,领先第二名建华人民法庭${lead}分`);
    expect(s.commentary).toContain("小街基人民法庭以67.66分排名末位");
  });

  it("says who climbed or fell and which indicators moved them", () => {
    const s = demoSnapshot("2022-06");
    expect(s.commentary).toContain("建华人民法庭较上月上升1位(由第7名升至第6名),主要得益于");
    expect(s.commentary).toContain("麦新人民法庭较上月下降1位(由第6名降至第7名),主要因执结率得分减少");
    const may = scorePeriod({ rulebooks: d.rulebook, data: d, period: "2022-05" });
    const before = may.units.find((u) => u.unit === "maixin")!.indicators.E1!.score;
    const now = s.result.units.find((u) => u.unit === "maixin")!.indicators.E1!.score;
    expect(s.commentary).toContain(`执结率得分减少${((Math.round(before * 100) - Math.round(now * 100)) / 100).toFixed(2)}分`);
  });

  it("gives the court-wide rates against last month and the same month last year (the paper's 85.09%)", () => {
    const s = demoSnapshot();
    const now = courtFigures({ rulebooks: d.rulebook, data: d, period: "2023-03" })!;
    const last = courtFigures({ rulebooks: d.rulebook, data: d, period: "2023-02" })!;
    const year = courtFigures({ rulebooks: d.rulebook, data: d, period: "2022-03" })!;
    const pp = (a: number, b: number) => Math.abs(Math.round(a * 10000) - Math.round(b * 10000)) / 100;
    const e1 = now.indicators.E1!;
    expect((e1 * 100).toFixed(2)).toBe("85.09");
    expect(s.commentary).toContain(
      `执结率85.09%,较上月${e1 > last.indicators.E1! ? "提高" : "下降"}${pp(e1, last.indicators.E1!).toFixed(2)}个百分点,较去年同期${e1 > year.indicators.E1! ? "提高" : "下降"}${pp(e1, year.indicators.E1!).toFixed(2)}个百分点`,
    );
    // per-person figures grow with the window: not compared across windows
    expect(s.commentary).not.toContain("人均结案数");
    expect(units("E1")).toBe("%");
  });

  it("names the red indicators and their tribunals", () => {
    const s = demoSnapshot();
    const red = s.warnings.filter((w) => w.kind === "indicator" && w.level === "red");
    expect(red.length).toBeGreaterThan(0);
    const names = new Map(s.units.map((u) => [u.key, u.name]));
    for (const w of red) if (w.kind === "indicator") expect(s.commentary).toContain(`${names.get(w.unit)}${(w.value * 100).toFixed(2)}%`);
    expect(s.commentary).toContain("红色预警指标:");
  });

  it("says January has no rank change to compare under 年初至当月累计, and stays as given when a commentary is written", () => {
    expect(demoSnapshot("2023-01").commentary).toContain("本月为年度考核首月,暂不比较排名变化");
    expect(demoSnapshot("2023-03", { commentary: "统计人员改写的分析。" }).commentary).toBe("统计人员改写的分析。");
  });
});
