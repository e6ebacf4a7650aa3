import { describe, expect, it } from "vitest";
import { formatProblem, InputError, type Problem } from "./problems";
import { readRulebookJson } from "./rulebook-json";
import { valid } from "./test/rulebook-fixtures";

describe("readRulebookJson", () => {
  const text = JSON.stringify(valid(), null, 2);

  it("reads a valid file, with or without a BOM", () => {
    expect(readRulebookJson(text).id).toBe("test");
    expect(readRulebookJson(`\uFEFF${text}`, "rb.json").version).toBe("1");
  });

  it("passes the file name to validation problems", () => {
    const bad = JSON.stringify({ ...valid(), bonusCap: -1 });
    let error: unknown;
    try {
      readRulebookJson(bad, "rb.json");
    } catch (e) {
      error = e;
    }
    expect((error as InputError).problems).toMatchObject([{ file: "rb.json", path: "$.bonusCap" }]);
  });

  it.each([
    ["a missing value", '{\n  "format": "scorecard-rulebook/1",\n  "id": }\n', 3, 9],
    ["a missing comma", '{\n  "a": 1\n  "b": 2\n}', 3, 3],
    ["a trailing comma", '{\n  "a": [1, 2,],\n}', 2, 14],
    ["a bad literal", '{"a": tru}', 1, 10],
    ["single quotes", "{\n\n    'a': 1}", 3, 5],
    ["a comment", '{\n  // note\n  "a": 1\n}', 2, 3],
    ["a truncated file", '{\n  "a": [1,\n', 3, 1],
    ["text after the value", '{"a": 1}\nx', 2, 1],
    ["an empty file", "", 1, 1],
  ])("rejects malformed JSON (%s) with its line and column", (_what, json, line, column) => {
    let error: unknown;
    try {
      readRulebookJson(json, "rb.json");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    const ps = (error as InputError).problems;
    expect(ps).toHaveLength(1);
    expect(ps[0]).toMatchObject({ file: "rb.json", line, column });
    expect(ps[0]?.zh).toContain("不是合法的 JSON");
    expect(formatProblem(ps[0] as Problem)).toContain(`rb.json 第 ${line} 行 第 ${column} 列`);
  });

  it("counts lines after a BOM as in the file", () => {
    let error: unknown;
    try {
      readRulebookJson('\uFEFF{\n"a": }', "rb.json");
    } catch (e) {
      error = e;
    }
    expect((error as InputError).problems[0]).toMatchObject({ line: 2, column: 6 });
  });
});
