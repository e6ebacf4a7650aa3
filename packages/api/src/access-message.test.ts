/** A head refused a draft is told which months are not in review — never a month in review (issue 17). */
import { describe, expect, it } from "vitest";
import { requireVisible, type PeriodAccess } from "./access";

const month = (period: string, status: string) => ({ period, status }) as unknown as PeriodAccess["state"];

describe("requireVisible's message", () => {
  it("April collecting with March in review: April is named not in review, March in review", () => {
    const april = month("2023-04", "collecting");
    const access: PeriodAccess = { state: april, draftMonths: [month("2023-03", "review"), april], visible: new Set() };
    expect(() => requireVisible(access, "dayushu")).toThrow(/其中2023年4月尚未进入审核\(2023年3月正在审核\)/);
    try {
      requireVisible(access, "dayushu");
    } catch (e) {
      expect((e as Error).message).not.toMatch(/3月尚未进入审核/);
    }
  });
  it("the month alone, collecting: it is not in review", () => {
    const april = month("2023-04", "collecting");
    expect(() => requireVisible({ state: april, draftMonths: [april], visible: new Set() }, "dayushu")).toThrow(/2023年4月尚未发布,且尚未进入审核/);
  });
});
