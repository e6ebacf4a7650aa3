import { describe, expect, it } from "vitest";
import {
  dateLabel,
  dayLabel,
  deadlineLabel,
  isQuarter,
  monthOf,
  periodOfDay,
  previousQuarter,
  QuarterSchema,
  quarterLabel,
  quarterMonths,
  quarterOfPeriod,
  quarterYear,
  quartersOfYear,
  roleName,
  ROLES,
  shanghaiDay,
  shanghaiDayEnd,
  shanghaiPeriod,
  shanghaiYear,
  splitPeriod,
  yearOf,
} from "./index";

describe("the court's calendar", () => {
  it("reads a period's year and month", () => {
    expect([yearOf("2023-03"), monthOf("2023-03")]).toEqual([2023, 3]);
    expect(splitPeriod("2022-12")).toEqual({ year: 2022, month: 12 });
  });

  it("names quarters as the court writes them", () => {
    expect(quarterOfPeriod("2023-03")).toBe("2023-Q1");
    expect(quarterOfPeriod("2023-10")).toBe("2023-Q4");
    expect(quarterMonths("2023-Q2")).toEqual(["2023-04", "2023-05", "2023-06"]);
    expect(quarterLabel("2023-Q1")).toBe("2023年第一季度");
    expect(quarterLabel("2024-Q4")).toBe("2024年第四季度");
    expect(quarterYear("2023-Q3")).toBe(2023);
    expect(quartersOfYear(2023)).toEqual(["2023-Q1", "2023-Q2", "2023-Q3", "2023-Q4"]);
    expect(previousQuarter("2023-Q1")).toBe("2022-Q4");
    expect(previousQuarter("2023-Q3")).toBe("2023-Q2");
    expect([isQuarter("2023-Q1"), isQuarter("2023-Q5"), isQuarter("2023-03")]).toEqual([true, false, false]);
  });

  it("refuses a quarter written another way, in Chinese", () => {
    expect(QuarterSchema.parse("2023-Q2")).toBe("2023-Q2");
    const r = QuarterSchema.safeParse("2023Q2");
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe("季度必须写成 YYYY-Qn,如 2023-Q1");
  });

  it("reads instants in Asia/Shanghai", () => {
    // 2022-12-31 16:30 UTC is already 2023-01-01 00:30 in Shanghai
    const at = new Date("2022-12-31T16:30:00.000Z");
    expect(shanghaiYear(at)).toBe(2023);
    expect(shanghaiDay(at)).toBe("2023-01-01");
    expect(shanghaiPeriod(at)).toBe("2023-01");
    expect(deadlineLabel("2023-04-03T10:30:00.000Z")).toBe("2023年4月3日 18:30");
    expect(dateLabel("2023-04-04T16:00:00.000Z")).toBe("2023年4月5日");
    expect(dayLabel("2023-04-10")).toBe("2023年4月10日");
  });

  it("puts a calendar day in its month, and ends a day at midnight in Shanghai", () => {
    expect(periodOfDay("2023-04-10")).toBe("2023-04");
    expect(periodOfDay("2022-12-31")).toBe("2022-12");
    // 2023-03-31 ends at 2023-04-01 00:00 in Shanghai, which is 16:00 UTC of the 31st
    expect(shanghaiDayEnd("2023-03-31")).toBe("2023-03-31T16:00:00.000Z");
    expect(shanghaiDay(new Date(Date.parse(shanghaiDayEnd("2023-03-31")) - 1))).toBe("2023-03-31");
    expect(shanghaiDay(new Date(shanghaiDayEnd("2023-03-31")))).toBe("2023-04-01");
  });

  it("names every role", () => {
    expect(ROLES.map(roleName)).toEqual(["系统管理员", "政治处", "统计员", "党组成员", "庭长"]);
  });
});
