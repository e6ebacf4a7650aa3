import { describe, expect, it } from "vitest";
import { DEFAULT_RULEBOOK, DEFAULT_RULEBOOK_JSON, defaultDraftRulebook } from "./default";
import { diffRulebooks } from "./diff";
import { METHOD_NAMES } from "./method-names";
import { parseRulebook, type Rulebook } from "./rulebook";

// Loosely typed JSON for editing a rulebook the way a file would be edited.
type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The default rulebook with an edit applied to its JSON, validated. */
function edited(edit: (rb: Loose) => void): Rulebook {
  const rb = structuredClone(DEFAULT_RULEBOOK_JSON) as Loose;
  edit(rb);
  return parseRulebook(rb);
}
const indicator = (rb: Loose, key: string): Loose => rb.sections.flatMap((s: Loose) => s.indicators).find((i: Loose) => i.key === key);
const diff = (edit: (rb: Loose) => void, opts?: Parameters<typeof diffRulebooks>[2]) => diffRulebooks(DEFAULT_RULEBOOK, edited(edit), opts);

describe("diffRulebooks", () => {
  it("finds nothing between a version and itself, or its copy read again", () => {
    expect(diffRulebooks(DEFAULT_RULEBOOK, DEFAULT_RULEBOOK)).toEqual([]);
    expect(diffRulebooks(defaultDraftRulebook, parseRulebook(structuredClone(defaultDraftRulebook)))).toEqual([]);
  });

  it("words a change of points and method as the issue does", () => {
    expect(
      diff((rb) => Object.assign(indicator(rb, "E4"), { points: 10, method: { type: "efficacy", floor: 0.6 } })),
    ).toEqual([{ place: "E4 首执完毕率", kind: "changed", text: "分值 8 → 10;方法 排名赋分法(每降一名扣满分的 5%) → 功效系数法(保底系数 0.6)" }]);
  });

  it("words each method parameter in the indicator's unit: rates as percentages, a band's step in percentage points", () => {
    const texts = diff((rb) => {
      indicator(rb, "T1").method.floor = 0.5;
      indicator(rb, "T4").method.step = 0.1;
      Object.assign(indicator(rb, "T2").method, { low: 0.95, step: 0.02 });
      indicator(rb, "T7").method.high = 1;
      indicator(rb, "E2").method = { type: "target", target: 0.95, zeroAt: 0.9, byMonth: { "03": { target: 0.9, zeroAt: 0.8 } } };
    }).map((c) => `${c.place}:${c.text}`);
    expect(texts).toEqual([
      "T1 结收比:保底系数 0.6 → 0.5",
      "T2 法定审限内结案率:下限 98% → 95%;扣分 每偏离 1 个百分点扣 1 分 → 每偏离 2 个百分点扣 1 分",
      "T4 调解撤诉率:每降一名扣满分的 5% → 10%",
      "T7 超12个月未结案件数:上限 0件 → 1件",
      "E2 有财产可供执行案件法定期限内执结率:达标线 98% → 95%;新增3月达标线、零分线 90%、80%",
    ]);
  });

  it("words the rest of an indicator: name, section, unit, formula with weighted terms, direction, missing, warnings, minimum base, groups, note", () => {
    const [change] = diff((rb) => {
      rb.groups = [{ key: "rural", name: "农村法庭", units: ["dayushu", "maixin"] }];
      const t5 = indicator(rb, "T5");
      rb.sections[0].indicators = rb.sections[0].indicators.filter((i: Loose) => i.key !== "T5");
      rb.sections[1].indicators.push(
        Object.assign(t5, {
          name: "改发率",
          unit: "‰",
          formula: { type: "ratio", num: [{ field: "trial_reversed" }, { field: "trial_appealed", weight: 0.6 }], den: "trial_judged_first" },
          direction: "higher",
          method: { type: "target", target: 0.1, zeroAt: 0.02 },
          missing: "zero",
          warn: { yellow: 0.05 },
          minBase: { field: "trial_judged_first", min: 10 },
          groups: ["rural"],
          note: "试行",
        }),
      );
    }).filter((c) => c.place.startsWith("T5"));
    expect(change).toEqual({
      place: "T5 改发率",
      kind: "changed",
      text: [
        "名称 一审判决案件改判发回重审率 → 改发率",
        "板块 审判工作 → 执行工作",
        "单位 % → ‰",
        "公式 被改判发回重审案件数 ÷ 一审判决结案数 → (被改判发回重审案件数 + 0.6 × 上诉案件数) ÷ 一审判决结案数",
        "方向 越低越好 → 越高越好",
        "达标线 2% → 0.1‰",
        "零分线 10% → 0.02‰",
        "无数据时 按其他法庭得分的平均数计分 → 计 0 分",
        "黄色预警线 2% → 0.05‰",
        "红色预警线 5% → 不设",
        "样本下限 不设 → 一审判决结案数不少于 10件",
        "适用分组 全部法庭 → 农村法庭",
        "说明:试行",
      ].join(";"),
    });
  });

  it("lists an added indicator with everything it says, and a removed one with its section and points", () => {
    const added = diff((rb) =>
      rb.sections[0].indicators.push({ key: "T9", name: "简易程序适用率", unit: "%", direction: "higher", points: 2, formula: { type: "ratio", num: "trial_mediated", den: "trial_closed" }, method: { type: "band", low: 0.6, step: 0.01, deduct: 0.2 }, warn: { red: 0.5 } }),
    );
    expect(added).toEqual([
      {
        place: "T9 简易程序适用率",
        kind: "added",
        text: "新增:审判工作,公式 调解撤诉结案数 ÷ 审判结案数,越高越好,分值 2,合理区间法(下限 60%,不设上限,每偏离 1 个百分点扣 0.2 分),无数据时按其他法庭得分的平均数计分,预警线 黄色 不设、红色 50%",
      },
    ]);
    expect(diff((rb) => (rb.sections[1].indicators = rb.sections[1].indicators.filter((i: Loose) => i.key !== "E7")))).toEqual([
      { place: "E7 人均执结数", kind: "removed", text: "删除(原属执行工作,分值 7)" },
    ]);
  });

  it("words the basic information: window, tie-break, ranking, caps, the supervision item", () => {
    expect(
      diff((rb) => Object.assign(rb, { window: "month", tieBreak: ["trial"], ranking: "internal", bonusCap: 3, penaltyCap: 6, supervision: undefined })),
    ).toEqual([
      {
        place: "基本信息",
        kind: "changed",
        text: "月度排名统计期 年初至当月累计 → 当月;总分相同时依次比较 执行工作、审判工作 → 审判工作;排名 通报排名 → 排名不通报;加分上限 5 分 → 3 分;扣分上限 不设 → 6 分;督办逾期扣分项 P2 督办事项逾期未办结 → 不设",
      },
    ]);
  });

  it("words fields, sections, groups (tribunals by name), data checks and adjustment items", () => {
    const names = new Map([
      ["dayushu", "大榆树人民法庭"],
      ["maixin", "麦新人民法庭"],
      ["dongfeng", "东风人民法庭"],
    ]);
    const before = edited((rb) => (rb.groups = [{ key: "rural", name: "农村法庭", units: ["dayushu", "maixin"] }]));
    const after = edited((rb) => {
      rb.groups = [
        { key: "rural", name: "农村法庭", units: ["dayushu", "dongfeng"] },
        { key: "town", name: "城镇法庭", units: ["maixin"] },
      ];
      rb.fields.push({ key: "trial_simple", label: "简易程序结案数", unit: "件", aggregate: "sum", integer: true });
      Object.assign(rb.fields.find((f: Loose) => f.key === "trial_days_total"), { label: "审理天数合计", aggregate: "mean", integer: true });
      rb.sections[0].name = "审判质效";
      rb.checks = rb.checks.filter((c: Loose) => c.key !== "C9");
      Object.assign(rb.checks.find((c: Loose) => c.key === "W1"), { level: "error", message: "到位金额不能超过申请标的额。" });
      rb.checks.push({ key: "C10", rule: "le", left: "trial_simple", right: "trial_closed", level: "error" });
      Object.assign(rb.adjustments.find((i: Loose) => i.key === "B3"), { points: 1, cap: 2 });
      Object.assign(rb.adjustments.find((i: Loose) => i.key === "P1"), { kind: "bonus", name: "有效投诉" });
      rb.adjustments.push({ key: "P4", name: "超期未录入", kind: "penalty", points: 0.5, cap: 2 });
    });
    expect(diffRulebooks(before, after, { unitNames: names }).map((c) => `${c.kind} ${c.place}:${c.text}`)).toEqual([
      "changed 字段 trial_days_total 审理天数合计:名称 已结案件审理天数合计 → 审理天数合计;汇总方式 求和 → 平均;整数 否 → 是",
      "added 字段 trial_simple 简易程序结案数:新增:简易程序结案数,单位 件,汇总方式 求和,整数",
      "changed 板块 审判质效:名称 审判工作 → 审判质效",
      "changed 分组 农村法庭:增加 东风人民法庭;移出 麦新人民法庭",
      "added 分组 城镇法庭:新增:麦新人民法庭",
      "removed 数据核查 C9:删除(原为 终本合格案件数 ≤ 终结本次执行程序结案数)",
      "changed 数据核查 W1:级别 警告 → 错误;提示改为“到位金额不能超过申请标的额。”",
      "added 数据核查 C10:新增:简易程序结案数 ≤ 审判结案数(错误)",
      "changed 加减分 B3 信息宣传稿件被市级以上媒体采用:每次分值 0.5 分 → 1 分;单项上限 不设 → 2 分",
      "changed 加减分 P1 有效投诉:名称 有效投诉、涉执信访 → 有效投诉;类别 扣分 → 加分",
      "added 加减分 P4 超期未录入:新增:扣分,每次 0.5 分,单项上限 2 分",
    ]);
  });

  it("words the annual rules: basis, veto cap, talks, grades and rewards", () => {
    const texts = diff((rb) => {
      Object.assign(rb.annual, { basis: "meanOfMonths", vetoCap: "good", talk: undefined });
      Object.assign(rb.annual.grades[0], { minScore: 90, maxShare: 0.2 });
      rb.annual.rewards[0].topRanks = 3;
    }).map((c) => `${c.place}:${c.text}`);
    expect(texts).toEqual([
      "年度考核:年度总分依据 全年累计(12月年初至当月累计) → 各月总分的平均数;一票否决时最高等次 合格 → 良好;末位约谈 年度末位或累计 3 个月末位 → 不设",
      "年度等次 优秀:最低分 85 → 90;比例上限 25% → 20%",
      "年度奖励 先进法庭:授予 前 2 名 → 前 3 名",
    ]);
  });

  it("lists exactly the intended changes from 2022.1 to the 2023.1 draft, in rulebook order", () => {
    const changes = diffRulebooks(DEFAULT_RULEBOOK, defaultDraftRulebook);
    expect(changes.map((c) => [c.kind, c.place])).toEqual([
      ["changed", "基本信息"],
      ["changed", "T1 结收比"],
      ["changed", "T3 平均审理天数"],
      ["changed", "T4 调解撤诉率"],
      ["changed", "T5 一审判决案件改判发回重审率"],
      ["changed", "T6 一审服判息诉率"],
      ["removed", "T8 人均结案数"],
      ["changed", "E4 首执完毕率"],
    ]);
    const text = new Map(changes.map((c) => [c.place, c.text]));
    expect(text.get("基本信息")).toBe(
      "名称 开鲁县人民法院人民法庭审判执行工作目标绩效考核办法(2022年修订) → 开鲁县人民法院人民法庭审判执行工作目标绩效考核办法(2023年修订);版本 2022.1 → 2023.1;生效月份 2022年1月 → 2023年1月",
    );
    expect(text.get("T1 结收比")).toMatch(/^方法 功效系数法\(保底系数 0\.6\) → 合理区间法\(下限 85%,上限 115%,每偏离 1 个百分点扣 0\.3 分\);说明:2023年修订:/);
    expect(text.get("T3 平均审理天数")).toMatch(/^方法 功效系数法\(保底系数 0\.6\) → 合理区间法\(不设下限,上限 60天,每偏离 1天扣 0\.2 分\);说明:/);
    expect(text.get("T4 调解撤诉率")).toMatch(/^方法 排名赋分法\(每降一名扣满分的 5%\) → 合理区间法\(下限 45%,上限 70%,每偏离 1 个百分点扣 0\.3 分\);说明:/);
    expect(text.get("T5 一审判决案件改判发回重审率")).toMatch(/^分值 7 → 9;说明:/);
    expect(text.get("T6 一审服判息诉率")).toMatch(/^分值 5 → 7;说明:/);
    expect(text.get("T8 人均结案数")).toBe("删除(原属审判工作,分值 4)");
    expect(text.get("E4 首执完毕率")).toMatch(/^方法 排名赋分法\(每降一名扣满分的 5%\) → 功效系数法\(保底系数 0\.6\);说明:/);
    // and back: the dropped indicator returns as an addition, where it stood
    const back = diffRulebooks(defaultDraftRulebook, DEFAULT_RULEBOOK);
    expect(back.map((c) => c.place)).toEqual(changes.map((c) => c.place));
    expect(back.find((c) => c.place === "T8 人均结案数")).toMatchObject({ kind: "added", text: "新增:审判工作,公式 审判结案数 ÷ 审判团队员额法官数,越高越好,分值 4,与最优值比例法,无数据时按其他法庭得分的平均数计分" });
    expect(back.find((c) => c.place === "T5 一审判决案件改判发回重审率")!.text).toBe("分值 9 → 7;删除说明");
  });

  it("names every method", () => {
    expect(Object.values(METHOD_NAMES)).toEqual(["功效系数法", "排名赋分法", "达标线法", "与最优值比例法", "合理区间法", "评议打分"]);
  });
});
