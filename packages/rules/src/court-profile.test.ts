import { describe, expect, it } from "vitest";
import { CourtProfileSchema, DEFAULT_COURT_PROFILE, documentNumber } from "./court-profile";

describe("the court's profile", () => {
  it("accepts the demo court's values as they are", () => {
    expect(CourtProfileSchema.parse(DEFAULT_COURT_PROFILE)).toEqual(DEFAULT_COURT_PROFILE);
    expect(documentNumber("开法考", 2023, 3)).toBe("开法考〔2023〕3号");
  });

  it("refuses an empty or malformed field with a sentence naming it", () => {
    const bad = { ...DEFAULT_COURT_PROFILE, name: " ", kinds: { ...DEFAULT_COURT_PROFILE.kinds, annual: { ...DEFAULT_COURT_PROFILE.kinds.annual, docPrefix: "开法考〔2023〕" } } };
    const r = CourtProfileSchema.safeParse(bad);
    expect(r.success).toBe(false);
    const messages = r.error!.issues.map((i) => i.message);
    expect(messages).toContain("请填写本院名称");
    expect(messages.some((m) => m.startsWith("年度考核结果通报的文号代字只写代字本身"))).toBe(true);
    const none = CourtProfileSchema.safeParse({ ...DEFAULT_COURT_PROFILE, kinds: { ...DEFAULT_COURT_PROFILE.kinds, summary: { ...DEFAULT_COURT_PROFILE.kinds.summary, copyTo: [] } } });
    expect(none.error?.issues.map((i) => i.message)).toEqual(["请至少填写一个季度考核通报的抄送机关(版记印有抄送一行)"]);
  });

  it("writes the 主送 without its colon and the 抄送 without closing marks", () => {
    const p = CourtProfileSchema.parse({ ...DEFAULT_COURT_PROFILE, kinds: { ...DEFAULT_COURT_PROFILE.kinds, notice: { ...DEFAULT_COURT_PROFILE.kinds.notice, mainRecipient: "各基层人民法院:", copyTo: ["院党组成员。"] } } });
    expect(p.kinds.notice.mainRecipient).toBe("各基层人民法院");
    expect(p.kinds.notice.copyTo).toEqual(["院党组成员"]);
  });
});
