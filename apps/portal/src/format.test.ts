import { describe, expect, test } from "vitest";
import { correctionCause, needsCorrectionNote, needsCorrectionText } from "./format";

const march = { kind: "notice" as const, subject: "2023-03", revision: 2, number: "开法考〔2023〕9号" };

describe("需更正 in words", () => {
  test("the summary's page names the correction and asks stats to correct it", () => {
    expect(needsCorrectionText("summary", { because: [march] }, true)).toBe(
      "本总结需更正:2023年3月考核通报已更正(第 2 版,开法考〔2023〕9号),本总结的数字与更正后的月份不一致,请发起更正。",
    );
  });

  test("a reader who does not correct it is told who will", () => {
    expect(needsCorrectionText("annual", { because: [march] }, false)).toBe(
      "本年度考核结果需更正:2023年3月考核通报已更正(第 2 版,开法考〔2023〕9号),本年度考核结果的数字与更正后的月份不一致,政治处将更正后重新发布。",
    );
    expect(needsCorrectionText("notice", { because: [] }, false)).toBe("本通报需更正:本通报的数字与更正后的月份不一致,统计员将更正后重新发布。");
  });

  test("a list's tag names every correction that caused it", () => {
    const q1 = { kind: "summary" as const, subject: "2023-Q1", revision: 2, number: "开法考〔2023〕11号" };
    expect(correctionCause(q1)).toBe("2023年第一季度总结已更正(第 2 版,开法考〔2023〕11号)");
    expect(needsCorrectionNote({ because: [march, q1] })).toBe("因2023年3月考核通报更正(开法考〔2023〕9号)、2023年第一季度总结更正(开法考〔2023〕11号)");
    expect(needsCorrectionNote(null)).toBe("");
  });
});
