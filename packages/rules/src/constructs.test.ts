/**
 * Validation of the §9 constructs (rulebook.md §9): groups, manual indicators, weighted terms,
 * minimum bases, caps and internal ranking — each mistake a user can make named by its JSON path.
 */
import { describe, expect, it } from "vitest";
import { formatProblem, InputError, type Problem } from "./problems";
import { appliesTo, groupList, groupOf, indicatorFields, parseRulebook, termsOf } from "./rulebook";
import { valid } from "./test/rulebook-fixtures";

type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function problemsAfter(mutate: (rb: Loose) => void): Problem[] {
  const rb = valid() as Loose;
  mutate(rb);
  try {
    parseRulebook(rb, "rb.json");
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).problems;
  }
  throw new Error("expected the rulebook to be rejected");
}

function rejects(mutate: (rb: Loose) => void, path: string, zh: RegExp): void {
  const ps = problemsAfter(mutate);
  expect(ps.map((p) => p.path), ps.map(formatProblem).join("\n")).toEqual([path]);
  expect(ps[0]!.zh).toMatch(zh);
  expect(formatProblem(ps[0]!)).toContain(path);
}

const manual = { key: "M1", name: "评议", direction: "higher", points: 5, formula: { type: "manual" } };
const withManual = (rb: Loose) => rb.sections[0].indicators.push({ ...manual });
const groups = [
  { key: "large", name: "一类法庭", units: ["a", "b"] },
  { key: "small", name: "二类法庭", units: ["c"] },
];

describe("the §9 keys are accepted, with their defaults", () => {
  it("a rulebook without them reads as before: no groups, published ranking, nothing capped", () => {
    const rb = parseRulebook(valid());
    expect(rb.groups).toEqual([]);
    expect(rb.ranking).toBe("published");
    expect(rb.penaltyCap).toBeUndefined();
    expect(groupOf(rb, "a")).toBe("other");
    expect(groupList(rb)).toEqual([{ key: "other", name: "全部法庭" }]);
  });

  it("a manual indicator takes no method and defaults to the latest score", () => {
    const rb = valid() as Loose;
    withManual(rb);
    const m = parseRulebook(rb).sections[0]!.indicators[2]!;
    expect(m.formula).toEqual({ type: "manual", aggregate: "last" });
    expect(m.method).toEqual({ type: "manual" });
    expect(indicatorFields(m)).toEqual([]);
  });

  it("weighted terms default to weight 1; groups, minBase and caps are kept", () => {
    const raw = valid() as Loose;
    raw.sections[0].indicators[0].formula = { type: "ratio", num: [{ field: "closed" }, { field: "staff", weight: 0.6 }], den: "received" };
    raw.sections[0].indicators[0].minBase = { field: "received", min: 5 };
    raw.sections[0].indicators[1].groups = ["large", "other"];
    raw.groups = groups;
    raw.penaltyCap = 3;
    raw.ranking = "internal";
    const rb = parseRulebook(raw);
    const t1 = rb.sections[0]!.indicators[0]!;
    if (t1.formula.type !== "ratio") throw new Error("ratio expected");
    expect(termsOf(t1.formula.num)).toEqual([{ field: "closed", weight: 1 }, { field: "staff", weight: 0.6 }]);
    expect(termsOf(t1.formula.den)).toEqual([{ field: "received", weight: 1 }]);
    expect(indicatorFields(t1)).toEqual(["closed", "staff", "received"]);
    expect(groupOf(rb, "c")).toBe("small");
    expect(groupOf(rb, "z")).toBe("other");
    expect(groupList(rb).map((g) => g.name)).toEqual(["一类法庭", "二类法庭", "其他法庭"]);
    expect(appliesTo(rb.sections[0]!.indicators[1]!, "small")).toBe(false);
    expect(appliesTo(rb.sections[0]!.indicators[1]!, "other")).toBe(true);
    expect(rb.ranking).toBe("internal");
  });
});

describe("each §9 mistake is refused with its JSON path", () => {
  it("a weight of 0, a negative weight, an empty term list, an undeclared term field", () => {
    const num = (terms: unknown) => (rb: Loose) => (rb.sections[0].indicators[0].formula = { type: "ratio", num: terms, den: "received" });
    rejects(num([{ field: "closed" }, { field: "staff", weight: 0 }]), "$.sections[0].indicators[0].formula.num[1].weight", /权重.*大于 0/);
    rejects(num([{ field: "closed", weight: -1 }]), "$.sections[0].indicators[0].formula.num[0].weight", /权重.*大于 0/);
    rejects(num([{ field: "nope" }]), "$.sections[0].indicators[0].formula.num[0].field", /未在 fields 中声明的字段 "nope"/);
  });

  it("an unknown group named by an indicator, a unit in two groups, a reserved or repeated group key", () => {
    rejects((rb) => {
      rb.groups = groups;
      rb.sections[0].indicators[0].groups = ["rural"];
    }, "$.sections[0].indicators[0].groups[0]", /分组 "rural" 不存在/);
    rejects((rb) => (rb.groups = [groups[0], { key: "small", name: "二类", units: ["c", "a"] }]), "$.groups[1].units[1]", /"a" 已列入分组 "large"/);
    rejects((rb) => (rb.groups = [{ key: "other", name: "其他", units: ["a"] }]), "$.groups[0].key", /不能是 "other"/);
    rejects((rb) => (rb.groups = [groups[0], { ...groups[1], key: "large" }]), "$.groups[1].key", /分组的键 "large" 重复/);
  });

  it("a manual indicator with a method, a lower direction or a minimum base; a computed one without a method", () => {
    rejects((rb) => rb.sections[0].indicators.push({ ...manual, method: { type: "rank" } }), "$.sections[0].indicators[2].method", /评议打分指标 M1 不设计分方法/);
    rejects((rb) => rb.sections[0].indicators.push({ ...manual, direction: "lower" }), "$.sections[0].indicators[2].direction", /必须是 higher/);
    rejects((rb) => rb.sections[0].indicators.push({ ...manual, minBase: { field: "closed", min: 2 } }), "$.sections[0].indicators[2].minBase", /不设样本下限/);
    rejects((rb) => delete rb.sections[0].indicators[0].method, "$.sections[0].indicators[0].method", /指标 T1 缺少计分方法/);
  });

  it("a minimum base on an undeclared field or not above 0; a cap on a veto or not above 0; a negative penaltyCap", () => {
    rejects((rb) => (rb.sections[0].indicators[0].minBase = { field: "nope", min: 3 }), "$.sections[0].indicators[0].minBase.field", /minBase 引用了未在 fields 中声明的字段 "nope"/);
    expect(problemsAfter((rb) => (rb.sections[0].indicators[0].minBase = { field: "closed", min: 0 }))[0]!.path).toBe("$.sections[0].indicators[0].minBase.min");
    rejects((rb) => rb.adjustments.push({ key: "V9", name: "否决", kind: "veto", cap: 2 }), `$.adjustments[${(valid() as Loose).adjustments.length}].cap`, /一票否决项目不设上限/);
    expect(problemsAfter((rb) => (rb.adjustments[0].cap = 0))[0]!.path).toBe("$.adjustments[0].cap");
    expect(problemsAfter((rb) => (rb.penaltyCap = -1))[0]!.path).toBe("$.penaltyCap");
    expect(problemsAfter((rb) => (rb.ranking = "secret"))[0]!.path).toBe("$.ranking");
  });
});
