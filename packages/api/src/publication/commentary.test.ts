import { describe, expect, it } from "vitest";
import { markChanges, sentencesOf } from "./commentary";

describe("the fresh 情况分析 beside the published one", () => {
  it("splits a text in sentences that join back to it", () => {
    const text = "从排名情况看,大榆树人民法庭居第一位。东风人民法庭上升两位;建华人民法庭下降一位!\n全院结案率为95.2%。";
    expect(sentencesOf(text).join("")).toBe(text);
    expect(sentencesOf(text)).toHaveLength(4);
  });

  it("marks the sentences whose words or numbers differ from the earlier draft, and none without one", () => {
    const before = "大榆树人民法庭居第一位,总分90.43分。东风人民法庭居第二位。";
    const fresh = "大榆树人民法庭居第一位,总分90.13分。东风人民法庭居第二位。";
    expect(markChanges(fresh, before).sentences).toEqual([
      { text: "大榆树人民法庭居第一位,总分90.13分。", changed: true },
      { text: "东风人民法庭居第二位。", changed: false },
    ]);
    expect(markChanges(fresh, null).sentences.every((s) => !s.changed)).toBe(true);
  });
});
