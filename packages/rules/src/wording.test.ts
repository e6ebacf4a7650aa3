import { describe, expect, it } from "vitest";
import { formatValue, num, rankText, runnerUpText, signed } from "./index";

describe("numbers and ranks in words", () => {
  it("writes ranks", () => {
    expect(rankText(3)).toBe("第3名");
    expect(runnerUpText(2)).toBe("第二名");
    expect(runnerUpText(3)).toBe("第3名");
  });

  it("writes numbers with the minus sign and no trailing zeros", () => {
    expect(num(-1.5)).toBe("−1.5");
    expect(num(2.004)).toBe("2");
    expect(num(-0.001)).toBe("0");
    expect(signed("-0.00")).toBe("0.00");
    expect(formatValue(0.8509, "%")).toBe("85.09%");
    expect(formatValue(37.4, "天")).toBe("37.4天");
    expect(formatValue(null)).toBe("无");
  });
});
