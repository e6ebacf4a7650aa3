import { describe, expect, it } from "vitest";
import { lastPublishedMonth } from "./calendar";

describe("the last month ever published (a new version starts only after it)", () => {
  it("is the latest published month, whatever order the months come in", () => {
    expect(lastPublishedMonth([{ period: "2023-02", status: "published", revision: 1 }, { period: "2023-01", status: "published", revision: 1 }, { period: "2023-03", status: "review", revision: 0 }])).toBe("2023-02");
  });
  it("counts a month being corrected, even while its new revision is collecting or in review", () => {
    expect(lastPublishedMonth([{ period: "2023-01", status: "published", revision: 1 }, { period: "2023-02", status: "review", revision: 1 }])).toBe("2023-02");
    expect(lastPublishedMonth([{ period: "2023-02", status: "collecting", revision: 2 }])).toBe("2023-02");
  });
  it("is undefined before anything is published", () => {
    expect(lastPublishedMonth([{ period: "2023-01", status: "review", revision: 0 }])).toBeUndefined();
    expect(lastPublishedMonth([])).toBeUndefined();
  });
});
