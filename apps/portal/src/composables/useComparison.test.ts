import { describe, expect, test } from "vitest";
import type { Ranking, VisibleRow } from "../api/scores";
import { bestOf, columnsOf, comparisonRows, firstChoice, opening, type Row } from "./useComparison";

const names = ["东风", "建华", "黎明", "麦新", "义和", "大榆树"];
/** six tribunals ranked in the court's order, one group */
const ranked = (groups?: Array<[string, string[]]>) =>
  names.map((n, i) => ({ unit: `u${i + 1}`, name: `${n}人民法庭`, rank: i + 1, group: groups?.find(([, us]) => us.includes(`u${i + 1}`))?.[0] ?? "all", hidden: false }) as unknown as VisibleRow);
const active = names.map((_, i) => ({ key: `u${i + 1}` }));
const activeKeys = new Set(active.map((u) => u.key));
const base = { withoutRanks: false, period: "2023-03", activeKeys, groups: [] };

describe("what a comparison opens on (useComparison)", () => {
  test("someone who leads nothing: the first two and the last two of the month", () => {
    expect(firstChoice(ranked(), { ...base, me: { role: "hr", units: [] } })).toEqual({ units: ["u1", "u2", "u5", "u6"], note: "2023年3月排名前两位和后两位的法庭。" });
  });

  test("a head: their tribunal and the ones just above and below it", () => {
    const c = firstChoice(ranked(), { ...base, me: { role: "head", units: ["u3"] } });
    expect(c.units).toEqual(["u2", "u3", "u4"]);
    expect(c.note).toBe("2023年3月本庭(第3名)与名次紧邻的法庭。");
  });

  test("a leader overseeing one tribunal: it and the court's first", () => {
    const c = firstChoice(ranked(), { ...base, me: { role: "leader", units: ["u5"] } });
    expect(c.units).toEqual(["u5", "u1"]);
    expect(c.note).toBe("您分管的法庭与2023年3月排名第一的东风人民法庭。");
  });

  test("with groups: each group's first and last, never across groups", () => {
    const groups = [
      { key: "a", name: "甲组" },
      { key: "b", name: "乙组" },
    ];
    const rows = ranked([
      ["a", ["u1", "u2", "u3"]],
      ["b", ["u4", "u5", "u6"]],
    ]);
    expect(firstChoice(rows, { ...base, groups, me: { role: "stats", units: [] } }).units).toEqual(["u1", "u3", "u4", "u6"]);
  });

  test("ranks withheld (不通报排名): the court's first four, said so", () => {
    expect(firstChoice(ranked(), { ...base, withoutRanks: true, me: { role: "hr", units: [] } })).toEqual({ units: ["u1", "u2", "u3", "u4"], note: "按法庭顺序的前四个法庭(本院考核排名不通报)。" });
  });

  test("the address wins; a head who may not see the others' draft is moved to the latest published month; nothing is chosen before the ranking answers", () => {
    const ranking = { units: ranked() } as unknown as Ranking;
    const me = { role: "head", units: ["u3"] };
    const o = { active, ranking, rankingFailed: false, me, period: "2023-03", latestPublished: "2023-02" };
    expect(opening({ ...o, fromAddress: "u6,u1,nope" })).toEqual({ kind: "choose", units: ["u6", "u1"], note: "" });
    expect(opening({ ...o, fromAddress: undefined, ranking: undefined })).toEqual({ kind: "wait" });
    expect(opening({ ...o, fromAddress: undefined, ranking: undefined, rankingFailed: true })).toEqual({
      kind: "move",
      period: "2023-02",
      note: "2023年3月尚未发布,审核期间庭长只能查看本庭的分数;已改为显示最近已发布的2023年2月。",
    });
    expect(opening({ ...o, fromAddress: undefined })).toMatchObject({ kind: "choose", units: ["u2", "u3", "u4"] });
  });

  test("the columns follow the court's order whatever order they were chosen in", () => {
    expect(columnsOf(["u5", "u1", "u3"], active, undefined)).toEqual(["u1", "u3", "u5"]);
  });
});

describe("the rows compared", () => {
  const unit = (key: string, total: number, rank: number, group = "all") => ({
    unit: key,
    ok: true as const,
    data: {
      sections: [{ key: "trial", name: "审判工作", points: 60 }],
      indicators: [{ key: "closure", name: "结收案比", section: "trial", points: 10, direction: "higher", unit: "%" }],
      cohort: 6,
      unit: { sections: { trial: total - 20 }, indicators: { closure: { score: total / 10, value: 0.95, rank, explanation: null, warn: null } }, bonus: 0, penalty: 0, total, rank, veto: false, group, bonusUncapped: 0, penaltyUncapped: 0 },
    },
  });
  const shown = [unit("u1", 92, 1), unit("u2", 90, 2)] as never;

  test("each section and indicator, then 加分, 扣分, 总分, 名次 and 一票否决; the better total is best", () => {
    const rows = comparisonRows(shown, { groups: [], hiddenRanks: false, capText: () => "" });
    expect(rows.map((r) => r.label)).toEqual(["审判工作", "结收案比", "加分", "扣分", "总分", "名次", "一票否决"]);
    const total = rows.find((r) => r.id === "total")!;
    const groups = new Map([
      ["u1", "all"],
      ["u2", "all"],
    ]);
    expect(bestOf(total, "all", groups, false)).toBe(92);
    expect(rows.find((r) => r.id === "rank")!.cells.u2!.main).toBe("第2名");
    expect(rows.find((r) => r.id === "i-closure")!.cells.u1!.sub).toBe("95.00% · 第1名");
  });

  test("tied on full points: every tribunal tied is best; tied below them, none", () => {
    const groups = new Map([
      ["u1", "all"],
      ["u2", "all"],
      ["u3", "all"],
    ]);
    const row = (values: number[]): Row => ({ id: "i-x", kind: "indicator", label: "x", better: "higher", full: 5, cells: Object.fromEntries(values.map((v, i) => [`u${i + 1}`, { main: String(v), value: v }])) });
    expect(bestOf(row([5, 5]), "all", groups, false)).toBe(5);
    expect(bestOf(row([5, 5, 3]), "all", groups, false)).toBe(5);
    expect(bestOf(row([4, 4]), "all", groups, false)).toBeNull();
  });

  test("ranks withheld: no 名次 row, no rank beside a value, no best", () => {
    const rows = comparisonRows(shown, { groups: [], hiddenRanks: true, capText: () => "" });
    expect(rows.some((r) => r.id === "rank")).toBe(false);
    expect(rows.find((r) => r.id === "i-closure")!.cells.u1!.sub).toBe("95.00%");
    expect(bestOf(rows.find((r) => r.id === "total") as Row, "all", new Map(), true)).toBeNull();
  });
});
