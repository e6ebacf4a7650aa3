import { DEFAULT_RULEBOOK as defaultRulebook, RulebookSchema, zodProblems, type RulebookInput } from "@scorecard/rules";
import { describe, expect, it } from "vitest";
import { indicatorOf, isWithin, ownerOf, parsePath, placeProblems, placeText, shapeProblems, tabOf, withListDefaults } from "./paths";

/** The default rulebook with a few mistakes, validated as the studio does on every change. */
function problemsOf(edit: (rb: RulebookInput) => void) {
  const rb = structuredClone(defaultRulebook) as RulebookInput;
  edit(rb);
  const r = RulebookSchema.safeParse(rb);
  if (r.success) return [];
  return placeProblems(zodProblems(r.error), rb);
}

describe("paths of the rulebook studio", () => {
  it("reads a JSON path into its segments", () => {
    expect(parsePath("$.sections[0].indicators[12].method.byMonth.03")).toEqual(["sections", 0, "indicators", 12, "method", "byMonth", "03"]);
    expect(parsePath("$")).toEqual([]);
  });

  it("an item holds its own keys, not the next item's", () => {
    expect(isWithin("$.fields[1].key", "$.fields[1]")).toBe(true);
    expect(isWithin("$.fields[10].key", "$.fields[1]")).toBe(false);
    expect(isWithin("$.bonusCap", "$.bonus")).toBe(false);
    expect(isWithin("$.fields", "$")).toBe(true);
  });

  it("a problem shows at the innermost place on screen that holds it, else at the rulebook", () => {
    const places = ["$.sections[0].indicators[2]", "$.sections[0].indicators[2].points", "$.sections[0].indicators[2].method"];
    expect(ownerOf("$.sections[0].indicators[2].points", places)).toBe("$.sections[0].indicators[2].points");
    expect(ownerOf("$.sections[0].indicators[2].method.floor", places)).toBe("$.sections[0].indicators[2].method");
    expect(ownerOf("$.sections[0].indicators[2].warn", places)).toBe("$.sections[0].indicators[2]");
    expect(ownerOf("$.annual.grades[1].minScore", places)).toBe("$");
  });

  it("each problem names its tab and indicator", () => {
    expect(tabOf("$.sections[1].indicators[0].points")).toBe("indicators");
    expect(tabOf("$.annual.vetoCap")).toBe("annual");
    expect(tabOf("$.bonusCap")).toBe("basics");
    expect(tabOf("$")).toBe("basics");
    expect(indicatorOf("$.sections[1].indicators[3].formula.num[0].field")).toEqual({ section: 1, indicator: 3 });
    expect(indicatorOf("$.sections[1].key")).toBeNull();
  });

  it("points 0 is placed at the indicator's points, named by its key and name, in the CLI's words", () => {
    const [p, ...rest] = problemsOf((rb) => {
      rb.sections[0]!.indicators[0]!.points = 0;
    });
    const ind = defaultRulebook.sections[0]!.indicators[0]!;
    expect(rest).toEqual([]);
    expect(p?.path).toBe("$.sections[0].indicators[0].points");
    expect(p?.place).toBe(`指标 ${ind.key} ${ind.name} · 分值`);
    expect(p?.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it("a duplicate indicator key is placed at the second one's key", () => {
    const problems = problemsOf((rb) => {
      rb.sections[1]!.indicators[0]!.key = rb.sections[0]!.indicators[0]!.key;
    });
    expect(problems.map((p) => p.path)).toEqual(["$.sections[1].indicators[0].key"]);
    expect(problems[0]?.message).toContain("重复");
    // the first one is named as the form names it, not by its JSON path
    expect(problems[0]?.message).toContain("已在 “指标 T1 结收比” 中使用");
    expect(problems[0]?.message).not.toContain("$.");
  });

  it("a grade is named by its key and name, a field by its key and label, a month of byMonth and a weighted term by their place", () => {
    const problems = problemsOf((rb) => {
      rb.annual.grades[1]!.minScore = 99;
    });
    expect(problems.map((p) => p.place)).toEqual(["年度考核 · 等次 good 良好 · 最低分"]);
    expect(placeText("$.fields[0].aggregate", defaultRulebook as RulebookInput)).toBe(`字段 ${defaultRulebook.fields[0]!.key} ${defaultRulebook.fields[0]!.label} · 汇总方式`);
    expect(placeText("$.sections[0].indicators[0].method.byMonth.03", defaultRulebook as RulebookInput)).toMatch(/ · 计分方法 · 分月达标线 · 3月$/);
    expect(placeText("$.sections[0].indicators[0].formula.num[1].weight", defaultRulebook as RulebookInput)).toMatch(/ · 公式 · 分子 · 第 2 项 · 权重$/);
  });
});

describe("a JSON file brought into the forms", () => {
  it("the default rulebook fits the forms; a list that is not a list does not, named by its path", () => {
    expect(shapeProblems(structuredClone(defaultRulebook))).toEqual([]);
    const broken = structuredClone(defaultRulebook) as unknown as Record<string, unknown> & { sections: Array<{ indicators: unknown }> };
    broken.fields = { key: "x" };
    broken.sections[1]!.indicators = "none";
    expect(shapeProblems(broken)).toEqual(["$.fields", "$.sections[1].indicators"]);
    expect(shapeProblems([1, 2])).toEqual(["$"]);
  });

  it("left-out lists get the format's defaults, and the file then validates as before", () => {
    const rb = structuredClone(defaultRulebook) as RulebookInput;
    delete rb.checks;
    delete rb.groups;
    delete rb.sections[0]!.indicators[0]!.missing;
    const filled = withListDefaults(rb);
    expect(filled.checks).toEqual([]);
    expect(filled.sections[0]!.indicators[0]!.missing).toBe("mean");
    expect(RulebookSchema.safeParse(filled).success).toBe(true);
  });
});
