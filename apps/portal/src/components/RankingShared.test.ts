import { describe, expect, test } from "vitest";
import { signed } from "./RankingShared";

describe("a signed score", () => {
  test("plus for a gain, rules' minus sign for a loss, and a nought that rounds to nothing reads 0.00", () => {
    expect(signed(0.4)).toBe("+0.40");
    expect(signed(-1)).toBe("−1.00");
    expect(signed(0)).toBe("0.00");
    expect(signed(0.001)).toBe("0.00");
    expect(signed(-0.001)).toBe("0.00");
  });
});
