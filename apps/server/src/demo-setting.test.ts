import { describe, expect, it } from "vitest";
import { parseDemoSetting } from "./demo-setting";

describe("SCORECARD_DEMO", () => {
  it("chooses the demo court: kailu by default, grouped or internal by name, none with 0", () => {
    expect(parseDemoSetting(undefined)).toEqual({ ok: true, variant: "kailu" });
    expect(parseDemoSetting("1")).toEqual({ ok: true, variant: "kailu" });
    expect(parseDemoSetting(" Grouped ")).toEqual({ ok: true, variant: "grouped" });
    expect(parseDemoSetting("internal")).toEqual({ ok: true, variant: "internal" });
    expect(parseDemoSetting("0")).toEqual({ ok: true, variant: null });
  });
  it("refuses a value it does not know, saying which it takes", () => {
    expect(parseDemoSetting("grupped")).toEqual({ ok: false, message: "SCORECARD_DEMO=grupped 无法识别。请设为 kailu、grouped、internal(演示法庭)或 0(不载入演示数据、不设演示账号)。" });
  });
});
