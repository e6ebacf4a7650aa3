import type { RulebookInput } from "../rulebook";

/** A minimal valid rulebook as written in a file; each test breaks one thing in a fresh copy. */
export function valid(): RulebookInput {
  return {
    format: "scorecard-rulebook/1",
    id: "test",
    version: "1",
    title: "测试考核办法",
    effectiveFrom: "2022-01",
    window: "ytd",
    fields: [
      { key: "closed", label: "结案数", unit: "件", aggregate: "sum" },
      { key: "received", label: "收案数", unit: "件", aggregate: "sum" },
      { key: "staff", label: "干警数", unit: "人", aggregate: "mean" },
    ],
    sections: [
      {
        key: "trial",
        name: "审判工作",
        indicators: [
          {
            key: "T1",
            name: "结收比",
            direction: "higher",
            points: 6,
            formula: { type: "ratio", num: "closed", den: "received" },
            method: { type: "efficacy" },
          },
          {
            key: "T2",
            name: "人均结案数",
            direction: "higher",
            points: 4,
            formula: { type: "ratio", num: "closed", den: "staff" },
            method: { type: "rank" },
          },
        ],
      },
      {
        key: "enforcement",
        name: "执行工作",
        indicators: [
          {
            key: "E1",
            name: "未结率",
            direction: "lower",
            points: 5,
            formula: { type: "complement", num: "closed", den: "received" },
            method: { type: "target", target: 0.1, zeroAt: 0.3 },
            warn: { yellow: 0.15, red: 0.2 },
          },
          {
            key: "E2",
            name: "干警数",
            direction: "higher",
            points: 5,
            formula: { type: "field", field: "staff" },
            method: { type: "band", low: 2, step: 1, deduct: 1 },
          },
        ],
      },
    ],
    adjustments: [
      { key: "B1", name: "表扬", kind: "bonus", points: 1 },
      { key: "P1", name: "投诉", kind: "penalty", points: 0.5 },
      { key: "V1", name: "违纪", kind: "veto" },
    ],
    bonusCap: 5,
    tieBreak: ["enforcement", "trial"],
    annual: {
      basis: "ytd",
      grades: [
        { key: "excellent", name: "优秀", minScore: 85, maxShare: 0.25 },
        { key: "good", name: "良好", minScore: 75 },
        { key: "pass", name: "合格", minScore: 60 },
        { key: "fail", name: "不合格" },
      ],
      vetoCap: "pass",
      rewards: [{ key: "advanced", name: "先进法庭", topRanks: 2 }],
      talk: { monthsLast: 3 },
    },
  };
}
