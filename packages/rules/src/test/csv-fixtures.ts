/** The rulebook, header and helpers the CSV tests share. */
import { expect } from "vitest";
import { readFactsCsv } from "../csv";
import { formatProblem, InputError, type Problem } from "../problems";
import { parseRulebook, type Rulebook, type RulebookInput } from "../rulebook";

/** A small valid rulebook: three fields, one indicator, a bonus, a penalty and a veto. */
export function rulebook(over: Partial<RulebookInput> = {}): Rulebook {
  return parseRulebook({
    format: "scorecard-rulebook/1",
    id: "test",
    version: "1",
    title: "测试考核办法",
    effectiveFrom: "2022-01",
    window: "ytd",
    fields: [
      { key: "enf_received", label: "执行收案数", unit: "件", aggregate: "sum" },
      { key: "enf_closed", label: "执行结案数", unit: "件", aggregate: "sum" },
      { key: "staff_enf", label: "执行团队干警数", unit: "人", aggregate: "mean" },
    ],
    sections: [
      {
        key: "enforcement",
        name: "执行工作",
        indicators: [
          {
            key: "E1",
            name: "执结率",
            direction: "higher",
            points: 10,
            formula: { type: "ratio", num: "enf_closed", den: "enf_received" },
            method: { type: "efficacy" },
          },
        ],
      },
    ],
    adjustments: [
      { key: "B1", name: "受到上级法院通报表扬", kind: "bonus", points: 1 },
      { key: "P1", name: "有效投诉、涉执信访", kind: "penalty", points: 1 },
      { key: "V1", name: "发生违法违纪问题被追责", kind: "veto" },
    ],
    bonusCap: 5,
    annual: { basis: "ytd", grades: [{ key: "good", name: "良好", minScore: 60 }, { key: "fail", name: "不合格" }] },
    ...over,
  });
}

export const RB = rulebook();
export const HEADER = "period,unit,enf_received,enf_closed,staff_enf";

/** Runs `fn`, expects an InputError and returns its problems. */
export function problemsOf(fn: () => unknown): Problem[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).problems;
  }
  throw new Error("expected an InputError");
}

/** The single problem of a failing read. */
export function oneProblem(fn: () => unknown): Problem {
  const ps = problemsOf(fn);
  expect(ps, ps.map(formatProblem).join("\n")).toHaveLength(1);
  return ps[0] as Problem;
}

export const facts = (body: string, file = "facts.csv") => readFactsCsv(`${HEADER}\n${body}`, RB, file);
