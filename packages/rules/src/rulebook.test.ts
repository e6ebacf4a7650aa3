import { describe, expect, it } from "vitest";
import { formatProblem, InputError, type Problem } from "./problems";
import { fullScore, indicatorsOf, parseRulebook } from "./rulebook";
import { valid } from "./test/rulebook-fixtures";


// Loosely typed access for breaking the fixture in ways the type forbids.
type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The problems of parsing the valid rulebook after `mutate`. */
function problemsAfter(mutate: (rb: Loose) => void, file?: string): Problem[] {
  const rb = valid() as Loose;
  mutate(rb);
  try {
    parseRulebook(rb, file);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).problems;
  }
  throw new Error("expected the rulebook to be rejected");
}

/** Expects exactly one problem, at `path`, with a Chinese message (containing `zh` when given). */
function rejects(mutate: (rb: Loose) => void, path: string, zh?: string | RegExp): Problem {
  const ps = problemsAfter(mutate, "rb.json");
  expect(ps.map((p) => p.path), ps.map(formatProblem).join("\n")).toEqual([path]);
  const p = ps[0] as Problem;
  expect(p.file).toBe("rb.json");
  expect(p.zh).toMatch(/[\u4e00-\u9fff]/);
  expect(p.en).not.toBe("");
  expect(formatProblem(p)).toContain(path);
  if (zh !== undefined) expect(p.zh).toMatch(zh);
  return p;
}

describe("parseRulebook accepts", () => {
  it("the minimal valid rulebook, filling in defaults", () => {
    const rb = parseRulebook(valid());
    expect(fullScore(rb)).toBe(20);
    expect(indicatorsOf(rb).map((i) => `${i.section}.${i.key}`)).toEqual(["trial.T1", "trial.T2", "enforcement.E1", "enforcement.E2"]);
    expect(indicatorsOf(rb).every((i) => i.missing === "mean")).toBe(true);
    expect(rb.sections[0]?.indicators[0]?.method).toEqual({ type: "efficacy", floor: 0.6 });
    expect(rb.sections[0]?.indicators[1]?.method).toEqual({ type: "rank", step: 0.05 });
  });

  it("omitted optional lists as empty", () => {
    const input = valid() as Loose;
    delete input.adjustments;
    delete input.tieBreak;
    delete input.annual.rewards;
    delete input.annual.vetoCap;
    const rb = parseRulebook(input);
    expect(rb.adjustments).toEqual([]);
    expect(rb.tieBreak).toEqual([]);
    expect(rb.annual.rewards).toEqual([]);
  });

  it("maxShare 1, bonusCap 0, one grade only, and a band with only a high bound", () => {
    expect(() =>
      parseRulebook({
        ...valid(),
        bonusCap: 0,
        annual: { basis: "meanOfMonths", grades: [{ key: "all", name: "全部", maxShare: 1 }] },
      }),
    ).not.toThrow();
    const rb = valid() as Loose;
    rb.sections[1].indicators[1].method = { type: "band", high: 0, step: 1, deduct: 1 };
    expect(() => parseRulebook(rb)).not.toThrow();
  });

  it("byMonth targets that follow the direction", () => {
    const rb = valid() as Loose;
    rb.sections[1].indicators[0].method.byMonth = { "03": { target: 0.05, zeroAt: 0.2 } };
    expect(() => parseRulebook(rb)).not.toThrow();
  });
});

describe("parseRulebook rejects, naming the JSON path in Chinese", () => {
  it("a wrong format tag", () => {
    rejects((rb) => (rb.format = "scorecard-rulebook/2"), "$.format");
  });

  it("a malformed id, key or effectiveFrom", () => {
    rejects((rb) => (rb.id = "1 bad"), "$.id", /字母/);
    rejects((rb) => (rb.adjustments[0].key = "加分1"), "$.adjustments[0].key", /键只能由字母/);
    rejects((rb) => (rb.effectiveFrom = "2022-13"), "$.effectiveFrom", /YYYY-MM/);
    rejects((rb) => (rb.window = "quarter"), "$.window");
  });

  it("an empty title, label or name", () => {
    rejects((rb) => (rb.title = "  "), "$.title");
    rejects((rb) => (rb.fields[1].label = ""), "$.fields[1].label");
    rejects((rb) => (rb.sections[0].indicators[0].name = ""), "$.sections[0].indicators[0].name");
  });

  describe("duplicate keys", () => {
    it.each([
      ["fields", (rb: Loose) => rb.fields.push({ key: "closed", label: "又一个", aggregate: "sum" }), "$.fields[3].key", "字段"],
      ["sections", (rb: Loose) => rb.sections.push({ ...rb.sections[0], key: "trial", indicators: [{ ...rb.sections[0].indicators[0], key: "T9" }] }), "$.sections[2].key", "板块"],
      ["adjustments", (rb: Loose) => rb.adjustments.push({ key: "B1", name: "再次", kind: "bonus", points: 1 }), "$.adjustments[3].key", "加减分"],
      ["grades", (rb: Loose) => rb.annual.grades.splice(1, 0, { key: "excellent", name: "又优秀", minScore: 80 }), "$.annual.grades[1].key", "等次"],
      ["rewards", (rb: Loose) => rb.annual.rewards.push({ key: "advanced", name: "再奖", topRanks: 1 }), "$.annual.rewards[1].key", "奖励"],
    ])("in %s", (_list, mutate, path, what) => {
      const p = rejects(mutate, path, /重复/);
      expect(p.zh).toContain(what);
    });

    it("of indicators across sections", () => {
      const p = rejects((rb) => (rb.sections[1].indicators[1].key = "T1"), "$.sections[1].indicators[1].key", /重复/);
      expect(p.zh).toContain("$.sections[0].indicators[0]");
    });
  });

  it.each([
    ["num", (rb: Loose) => (rb.sections[0].indicators[0].formula.num = "nope"), "$.sections[0].indicators[0].formula.num"],
    ["den", (rb: Loose) => (rb.sections[0].indicators[1].formula.den = "nope"), "$.sections[0].indicators[1].formula.den"],
    ["field", (rb: Loose) => (rb.sections[1].indicators[1].formula.field = "nope"), "$.sections[1].indicators[1].formula.field"],
  ])("a formula %s naming an undeclared field", (_slot, mutate, path) => {
    const p = rejects(mutate, path, /未在 fields 中声明/);
    expect(p.zh).toContain("nope");
  });

  it.each([0, -1])("indicator points %s", (points) => {
    rejects((rb) => (rb.sections[0].indicators[0].points = points), "$.sections[0].indicators[0].points");
  });

  it("bonus or penalty points ≤ 0", () => {
    rejects((rb) => (rb.adjustments[0].points = 0), "$.adjustments[0].points");
    rejects((rb) => (rb.adjustments[1].points = -0.5), "$.adjustments[1].points");
  });

  it("a bonus or penalty without points", () => {
    rejects((rb) => delete rb.adjustments[0].points, "$.adjustments[0].points", /必须设分值/);
    rejects((rb) => delete rb.adjustments[1].points, "$.adjustments[1].points", /必须设分值/);
  });

  it("a veto with points", () => {
    rejects((rb) => (rb.adjustments[2].points = 1), "$.adjustments[2].points", /一票否决项目不设分值/);
  });

  it("an unknown adjustment kind", () => {
    rejects((rb) => (rb.adjustments[0].kind = "reward"), "$.adjustments[0].kind");
  });

  it("a negative bonusCap", () => {
    rejects((rb) => (rb.bonusCap = -1), "$.bonusCap");
  });

  it("a tieBreak naming an unknown section", () => {
    const p = rejects((rb) => (rb.tieBreak = ["trial", "zhixing"]), "$.tieBreak[1]", /不存在的板块/);
    expect(p.zh).toContain("zhixing");
  });

  it("a direction other than higher or lower, an aggregate other than sum, mean or last", () => {
    rejects((rb) => (rb.sections[0].indicators[0].direction = "up"), "$.sections[0].indicators[0].direction");
    rejects((rb) => (rb.fields[2].aggregate = "max"), "$.fields[2].aggregate");
  });

  it("an unknown formula or method type, and an unknown missing policy", () => {
    rejects((rb) => (rb.sections[0].indicators[0].formula = { type: "sum", num: "closed", den: "received" }), "$.sections[0].indicators[0].formula.type");
    rejects((rb) => (rb.sections[0].indicators[0].method = { type: "zscore" }), "$.sections[0].indicators[0].method.type");
    rejects((rb) => (rb.sections[0].indicators[0].missing = "skip"), "$.sections[0].indicators[0].missing");
  });

  describe("grades", () => {
    it("a minScore on the last grade", () => {
      rejects((rb) => (rb.annual.grades[3].minScore = 0), "$.annual.grades[3].minScore", /最后一个等次不设最低分/);
    });

    it("a grade other than the last without minScore", () => {
      rejects((rb) => delete rb.annual.grades[1].minScore, "$.annual.grades[1].minScore", /每个等次都要设最低分/);
    });

    it.each([75, 80])("minScores that do not descend (%s after 75)", (score) => {
      rejects((rb) => (rb.annual.grades[2].minScore = score), "$.annual.grades[2].minScore", /递减/);
    });

    it.each([0, -0.1, 1.01])("maxShare %s outside (0, 1]", (share) => {
      rejects((rb) => (rb.annual.grades[0].maxShare = share), "$.annual.grades[0].maxShare");
    });

    it("an empty grade list", () => {
      expect(problemsAfter((rb) => (rb.annual.grades = [])).map((p) => p.path)).toContain("$.annual.grades");
    });

    it("a vetoCap naming no grade", () => {
      const p = rejects((rb) => (rb.annual.vetoCap = "average"), "$.annual.vetoCap", /不存在的等次/);
      expect(p.zh).toContain("average");
    });

    it("a supervision.overdueItem naming no item, or an item that is not a penalty", () => {
      expect(rejects((rb) => (rb.supervision = { overdueItem: "P9" }), "$.supervision.overdueItem", /不存在的加减分项目/).zh).toContain("P9");
      rejects((rb) => (rb.supervision = { overdueItem: "B1" }), "$.supervision.overdueItem", /必须是扣分项目/);
      rejects((rb) => (rb.supervision = { overdueItem: "V1" }), "$.supervision.overdueItem", /必须是扣分项目/);
      expect(parseRulebook({ ...valid(), supervision: { overdueItem: "P1" } }).supervision).toEqual({ overdueItem: "P1" });
    });

    it("rewards with topRanks below 1 and talk months outside 1…12", () => {
      rejects((rb) => (rb.annual.rewards[0].topRanks = 0), "$.annual.rewards[0].topRanks");
      rejects((rb) => (rb.annual.talk.monthsLast = 13), "$.annual.talk.monthsLast");
    });
  });

  describe("method parameters", () => {
    const E1 = "$.sections[1].indicators[0]";
    it("target equal to zeroAt", () => {
      rejects((rb) => (rb.sections[1].indicators[0].method = { type: "target", target: 0.2, zeroAt: 0.2 }), `${E1}.method`, /不能等于零分线/);
    });

    it("target on the wrong side of zeroAt for the direction", () => {
      rejects((rb) => (rb.sections[1].indicators[0].method = { type: "target", target: 0.3, zeroAt: 0.1 }), `${E1}.method`, /必须低于零分线/);
      rejects(
        (rb) => {
          rb.sections[1].indicators[0].direction = "higher";
          rb.sections[1].indicators[0].warn = undefined;
        },
        `${E1}.method`,
        /必须高于零分线/,
      );
    });

    it("byMonth entries: equal, against the direction, or not a month", () => {
      rejects((rb) => (rb.sections[1].indicators[0].method.byMonth = { "03": { target: 0.2, zeroAt: 0.2 } }), `${E1}.method.byMonth.03`, /不能等于/);
      rejects((rb) => (rb.sections[1].indicators[0].method.byMonth = { "04": { target: 0.3, zeroAt: 0.1 } }), `${E1}.method.byMonth.04`, /方向/);
      rejects((rb) => (rb.sections[1].indicators[0].method.byMonth = { "13": { target: 0.1, zeroAt: 0.3 } }), `${E1}.method.byMonth.13`, /01…12/);
    });

    it.each([0, -0.05, 1.5])("rank step %s", (step) => {
      rejects((rb) => (rb.sections[0].indicators[1].method.step = step), "$.sections[0].indicators[1].method.step");
    });

    it("band step or deduct ≤ 0, no bounds, or low above high", () => {
      const E2 = "$.sections[1].indicators[1].method";
      rejects((rb) => (rb.sections[1].indicators[1].method.step = 0), `${E2}.step`);
      rejects((rb) => (rb.sections[1].indicators[1].method.deduct = -1), `${E2}.deduct`);
      rejects((rb) => delete rb.sections[1].indicators[1].method.low, E2, /low 或上限 high/);
      rejects((rb) => (rb.sections[1].indicators[1].method.high = 1), `${E2}.low`, /不能大于上限/);
    });

    it.each([1, -0.1, 1.5])("efficacy floor %s", (floor) => {
      const ps = problemsAfter((rb) => (rb.sections[0].indicators[0].method.floor = floor));
      expect(ps.length).toBeGreaterThan(0);
      expect(ps.every((p) => p.path === "$.sections[0].indicators[0].method.floor" && /[\u4e00-\u9fff]/.test(p.zh))).toBe(true);
    });

    it("a red warning better than the yellow one", () => {
      rejects((rb) => (rb.sections[1].indicators[0].warn = { yellow: 0.2, red: 0.15 }), `${E1}.warn`, /红色预警线/);
    });
  });

  describe("unknown keys", () => {
    it("at the top level", () => {
      const p = rejects((rb) => (rb.remarks = "x"), "$", /不允许的键/);
      expect(p.zh).toContain("remarks");
    });

    it("in an indicator, a method, a grade and annual", () => {
      const p = rejects((rb) => (rb.sections[0].indicators[0].pionts = 6), "$.sections[0].indicators[0]", /不允许的键/);
      expect(p.zh).toContain("pionts");
      rejects((rb) => (rb.sections[0].indicators[0].method.flor = 0.5), "$.sections[0].indicators[0].method", /flor/);
      rejects((rb) => (rb.annual.grades[0].share = 0.2), "$.annual.grades[0]", /share/);
      rejects((rb) => (rb.annual.window = "year"), "$.annual", /window/);
    });
  });

  it("something that is not an object", () => {
    for (const data of [null, [], "rulebook", 42]) {
      expect(() => parseRulebook(data)).toThrow(InputError);
    }
  });
});

describe("every problem of a file is reported", () => {
  it("many schema problems at once", () => {
    const ps = problemsAfter((rb) => {
      rb.window = "week";
      rb.sections[0].indicators[0].points = 0;
      rb.sections[0].indicators[1].method.step = 0;
      rb.annual.grades[0].maxShare = 2;
      rb.bonusCap = -1;
      rb.sections[1].indicators[1].extra = true;
    }, "rb.json");
    expect(ps.map((p) => p.path).sort()).toEqual(
      [
        "$.window",
        "$.sections[0].indicators[0].points",
        "$.sections[0].indicators[1].method.step",
        "$.annual.grades[0].maxShare",
        "$.bonusCap",
        "$.sections[1].indicators[1]",
      ].sort(),
    );
    expect(ps.every((p) => p.file === "rb.json" && /[\u4e00-\u9fff]/.test(p.zh))).toBe(true);
  });

  it("many rule problems at once", () => {
    const ps = problemsAfter((rb) => {
      rb.fields.push({ key: "staff", label: "重复", aggregate: "sum" });
      rb.sections[1].indicators[1].key = "T2";
      rb.sections[0].indicators[0].formula.den = "ghost";
      rb.adjustments[2].points = 3;
      delete rb.adjustments[0].points;
      rb.tieBreak = ["ghost"];
      rb.annual.grades[3].minScore = 10;
      rb.annual.vetoCap = "ghost";
      rb.sections[1].indicators[0].method = { type: "target", target: 1, zeroAt: 1 };
    });
    expect(ps.map((p) => p.path).sort()).toEqual(
      [
        "$.fields[3].key",
        "$.sections[1].indicators[1].key",
        "$.sections[0].indicators[0].formula.den",
        "$.adjustments[2].points",
        "$.adjustments[0].points",
        "$.tieBreak[0]",
        "$.annual.grades[3].minScore",
        "$.annual.vetoCap",
        "$.sections[1].indicators[0].method",
      ].sort(),
    );
  });

  it("schema and rule problems together, all in the error message", () => {
    const rb = valid() as Loose;
    rb.sections[0].indicators[0].points = -2;
    rb.tieBreak = ["ghost"];
    rb.adjustments[2].points = 1;
    let error: InputError | undefined;
    try {
      parseRulebook(rb, "rb.json");
    } catch (e) {
      error = e as InputError;
    }
    expect(error?.problems.map((p) => p.path).sort()).toEqual(["$.adjustments[2].points", "$.sections[0].indicators[0].points", "$.tieBreak[0]"]);
    for (const path of ["$.sections[0].indicators[0].points", "$.tieBreak[0]", "$.adjustments[2].points"]) {
      expect(error?.message).toContain(`rb.json ${path}`);
    }
  });
});
