import { describe, expect, it } from "vitest";
import { InputError, type Problem } from "./problems";
import { parseRulebook } from "./rulebook";
import { valid } from "./test/rulebook-fixtures";

type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What HR reads under an input of the studio, and the CLI prints: a court's words, not zod's "数值过小:期望 number >0". */
function problems(mutate: (rb: Loose) => void): Problem[] {
  const rb = valid() as Loose;
  mutate(rb);
  try {
    parseRulebook(rb);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).problems;
  }
  throw new Error("expected the rulebook to be refused");
}
const at = (ps: Problem[], path: string) => ps.find((p) => p.path === path)?.zh;

describe("zod's own checks in plain Chinese, at their JSON path", () => {
  it("numbers out of range say the bound", () => {
    expect(at(problems((rb) => (rb.sections[0].indicators[0].points = 0)), "$.sections[0].indicators[0].points")).toBe("必须大于 0");
    expect(at(problems((rb) => (rb.bonusCap = -1)), "$.bonusCap")).toBe("不能小于 0");
    expect(at(problems((rb) => (rb.sections[0].indicators[0].method = { type: "efficacy", floor: 1.5 })), "$.sections[0].indicators[0].method.floor")).toBe("不能大于 1");
  });
  it("a missing, empty or mistyped value says what to write", () => {
    expect(at(problems((rb) => (rb.title = "  ")), "$.title")).toBe("不能为空");
    expect(at(problems((rb) => delete rb.bonusCap), "$.bonusCap")).toBe("必填,请填写一个数");
    expect(at(problems((rb) => (rb.sections[0].indicators[0].points = "六")), "$.sections[0].indicators[0].points")).toBe("必须是一个数");
    expect(at(problems((rb) => (rb.sections[0].indicators = [])), "$.sections[0].indicators")).toBe("至少要有 1 项");
    expect(at(problems((rb) => (rb.sections[0].indicators[0].direction = "up")), "$.sections[0].indicators[0].direction")).toBe('只能是以下之一:"higher"、"lower"');
  });
  it("keeps the messages the schema sets itself", () => {
    expect(at(problems((rb) => (rb.sections[0].indicators[0].method = { type: "efficacy", floor: 1 })), "$.sections[0].indicators[0].method.floor")).toBe("floor 必须小于 1");
  });
});
