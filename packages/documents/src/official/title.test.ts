import { describe, expect, it } from "vitest";
import { titleLines, widthInChars } from "./title";

describe("the title's lines (GB/T 9704: words whole, the shape symmetrical)", () => {
  const real = [
    "关于2023年2月人民法庭审判执行工作绩效考核情况的通报",
    "关于2023年第一季度人民法庭审判执行工作绩效考核情况的通报",
    "关于2022年度人民法庭审判执行工作绩效考核结果的通报",
    "关于2023年3月基层人民法院审判执行工作绩效考核情况的更正通报",
    "关于 2023 年 12 月人民法庭审判执行工作绩效考核情况的通报",
  ];

  it.each(real)("%s: two lines of at most 20 characters, no term or number cut", (title) => {
    const lines = titleLines(title, 20);
    expect(lines.join("")).toBe(title.trim());
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(widthInChars(l)).toBeLessThanOrEqual(20);
    const joint = (i: number) => lines[i]!.slice(-2) + lines[i + 1]!.slice(0, 2);
    // the break the outside trial found (绩效 / 考核), and numbers cut from their units
    for (const term of ["绩效考核", "审判执行", "人民法庭", "人民法院"]) expect(joint(0)).not.toBe(term);
    expect(lines[1]).not.toMatch(/^[年月度日号的]/);
    expect(lines[0]).not.toMatch(/[0-9]$/);
    // symmetrical: the lines differ by less than half a line
    expect(Math.abs(widthInChars(lines[0]!) - widthInChars(lines[1]!))).toBeLessThan(10);
  });

  it("keeps a short title on one line, and a word longer than a line whole", () => {
    expect(titleLines("关于2023年2月考核情况的通报", 20)).toEqual(["关于2023年2月考核情况的通报"]);
    const long = titleLines("超长".repeat(15), 20);
    expect(long.join("")).toBe("超长".repeat(15));
    for (const l of long) expect(widthInChars(l)).toBeLessThanOrEqual(20);
  });
});
