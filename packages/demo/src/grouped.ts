import { DEFAULT_RULEBOOK_JSON, parseRulebook, type AdjustmentRow, type FactRow, type ManualRow, type Rulebook, type RulebookInput } from "@scorecard/rules";
import { stream } from "./random";
import { DEMO_SEED } from "./facts";

/**
 * The §9 example court (rulebook.md §9, "what real 考核办法 use"): the demo court's tribunals and
 * figures under a rulebook that ranks two groups apart (分类考核), scores part of the work by the
 * assessment committee (评议打分), counts a 发回 as 0.6 of a 改判 (a weighted 改发率), skips that rate
 * where a tribunal judged too few first-instance cases (样本不足), applies 人均结案数 to the larger
 * tribunals only and caps the penalties. `internal` keeps the ranking internal (不通报排名).
 */

/** 一类法庭 (the larger caseloads) and 二类法庭. */
export const GROUPED_GROUPS = [
  { key: "large", name: "一类法庭", units: ["dayushu", "dongfeng", "heilongba", "xiaojieji"] },
  { key: "small", name: "二类法庭", units: ["maixin", "yihetala", "jianhua", "jirigalangtu"] },
];

/** The example rulebook; `ranking` chooses whether ranks are published. */
export function groupedRulebook(ranking: "published" | "internal" = "published"): Rulebook {
  const raw = structuredClone(DEFAULT_RULEBOOK_JSON) as RulebookInput & Record<string, unknown>;
  raw.title = "开鲁县人民法院人民法庭审判执行工作目标绩效考核办法(分类考核)";
  raw.fields = [
    ...raw.fields,
    { key: "trial_revised", label: "被改判案件数", unit: "件", aggregate: "sum", integer: true },
    { key: "trial_remanded", label: "被发回重审案件数", unit: "件", aggregate: "sum", integer: true },
  ];
  raw.checks = [
    ...(raw.checks ?? []),
    { key: "C90", rule: "le", left: "trial_revised", right: "trial_reversed", level: "error", message: "被改判案件是被改判发回重审案件的一部分,请核对这两项数据。" },
    { key: "C91", rule: "le", left: "trial_remanded", right: "trial_reversed", level: "error", message: "被发回重审案件是被改判发回重审案件的一部分,请核对这两项数据。" },
  ];
  raw.sections = raw.sections.map((s) => ({
    ...s,
    indicators: s.indicators.map((i) => {
      if (i.key === "T5")
        return {
          ...i,
          name: "一审判决案件改发率(发回按0.6件计)",
          formula: { type: "ratio" as const, num: [{ field: "trial_revised" }, { field: "trial_remanded", weight: 0.6 }], den: "trial_judged_first" },
          minBase: { field: "trial_judged_first", min: 15 },
          note: "计分期间一审判决结案数不足 15 件的法庭样本不足,该项按同组其他法庭得分的平均数计分。",
        };
      if (i.key === "T8") return { ...i, groups: ["large"], note: "只考核一类法庭。" };
      return i;
    }),
  }));
  raw.sections.push({
    key: "evaluation",
    name: "评议考核",
    indicators: [
      {
        key: "M1",
        name: "庭务管理与作风建设评议",
        unit: "分",
        direction: "higher",
        points: 5,
        formula: { type: "manual", aggregate: "last" },
        note: "由院考评委员会每月对各法庭的庭务管理、作风建设评议打分,须写明理由。",
      },
    ],
  });
  raw.adjustments = (raw.adjustments ?? []).map((a) => (a.key === "P1" ? { ...a, cap: 1.5 } : a));
  raw.penaltyCap = 3;
  raw.groups = GROUPED_GROUPS.map((g) => ({ ...g, units: [...g.units] }));
  raw.ranking = ranking;
  return parseRulebook(raw, "grouped");
}

/** Splits each month's 被改判发回重审案件数 into 改判 and 发回 (deterministic). */
export function splitReversals(facts: readonly FactRow[], seed = DEMO_SEED): FactRow[] {
  const rng = stream(seed, "grouped:reversals");
  return facts.map((f) => {
    const reversed = f.values.trial_reversed ?? 0;
    let remanded = 0;
    for (let k = 0; k < reversed; k++) if (rng.next() < 0.4) remanded++;
    return { ...f, values: { ...f.values, trial_revised: reversed - remanded, trial_remanded: remanded } };
  });
}

const REASONS = [
  ["庭务管理规范,案件流程节点按时办理", "作风建设扎实,无违反工作纪律情况", "诉源治理主动,基层调解工作成效明显"],
  ["庭务管理基本规范,个别卷宗归档不及时", "作风建设较好,窗口服务偶有群众意见", "案件流程管理有待加强,部分节点延迟"],
  ["卷宗归档滞后,庭务管理需整改", "有群众反映接待不及时,作风建设需加强"],
];

/**
 * The committee's monthly scores (0–5 分, with reasons) of every tribunal from 2022-01 to 2023-02, and
 * of all but 麦新 and 吉日嘎郎吐 in 2023-03 — so that 政治处 has two left to enter in the month under review.
 */
export function demoManualScores(facts: readonly FactRow[], seed = DEMO_SEED): ManualRow[] {
  const rng = stream(seed, "grouped:manual");
  const out: ManualRow[] = [];
  for (const f of facts) {
    if (f.period === "2023-03" && (f.unit === "maixin" || f.unit === "jirigalangtu")) continue;
    const score = Math.round(rng.uniform(3.2, 5) * 20) / 20; // in steps of 0.05
    const band = score >= 4.5 ? 0 : score >= 3.8 ? 1 : 2;
    const reasons = REASONS[band]!;
    out.push({ period: f.period, unit: f.unit, indicator: "M1", score, reason: reasons[Math.floor(rng.next() * reasons.length)]! });
  }
  return out;
}

/** The example court's own extra events: a second complaint against 麦新 in the quarter, so that P1's cap (1.5 分) shows. */
export const GROUPED_EXTRA_ADJUSTMENTS: AdjustmentRow[] = [{ period: "2023-03", unit: "maixin", item: "P1", count: 1, note: "当事人有效投诉(本季度第二件)" }];
