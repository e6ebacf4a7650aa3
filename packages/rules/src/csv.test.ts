import { describe, expect, it } from "vitest";
import { readAdjustmentsCsv, readFactsCsv, readUnitsCsv } from "./csv";
import { formatProblem, type InputError } from "./problems";
import { facts, HEADER, oneProblem, problemsOf, RB, rulebook } from "./test/csv-fixtures";

describe("readFactsCsv", () => {
  it("reads rows in file order with numbers, trimming spaces", () => {
    const rows = facts("2023-02,maixin,12, 0.5 ,3\n2023-01,dayushu,0,1e2,+4\n");
    expect(rows).toEqual([
      { period: "2023-02", unit: "maixin", values: { enf_received: 12, enf_closed: 0.5, staff_enf: 3 } },
      { period: "2023-01", unit: "dayushu", values: { enf_received: 0, enf_closed: 100, staff_enf: 4 } },
    ]);
  });

  it("accepts a BOM, Chinese labels and aliases in any column order, CRLF and blank lines", () => {
    const text = "\uFEFF月份,法庭,执行结案数,staff_enf,执行收案数\r\n2023-01,dayushu,38,4,41\r\n,,,,\r\n\r\n2023-01,maixin,\"7\",2,9\r\n";
    expect(readFactsCsv(text, RB)).toEqual([
      { period: "2023-01", unit: "dayushu", values: { enf_received: 41, enf_closed: 38, staff_enf: 4 } },
      { period: "2023-01", unit: "maixin", values: { enf_received: 9, enf_closed: 7, staff_enf: 2 } },
    ]);
    expect(readFactsCsv("期间,单位,执行收案数,执行结案数,执行团队干警数\n2023-01,a,1,1,1", RB)).toHaveLength(1);
  });

  it("normalises -0 to 0 and keeps exactly the expected field keys", () => {
    const [row] = facts("2023-01,a,-0,0.1,2");
    expect(Object.is(row?.values.enf_received, 0)).toBe(true);
    expect(Object.keys(row?.values ?? {}).sort()).toEqual(["enf_closed", "enf_received", "staff_enf"]);
  });

  it("returns no rows for a header-only file", () => {
    expect(readFactsCsv(`${HEADER}\n`, RB)).toEqual([]);
  });

  it("takes the union of the fields of several versions, accepting each version's label", () => {
    const v2 = rulebook({
      version: "2",
      effectiveFrom: "2023-01",
      fields: [
        { key: "enf_received", label: "执行收案数", aggregate: "sum" },
        { key: "enf_closed", label: "执结数", aggregate: "sum" },
        { key: "staff_enf", label: "执行团队干警数", aggregate: "mean" },
        { key: "enf_terminated", label: "终本结案数", aggregate: "sum" },
      ],
    });
    const rows = readFactsCsv("period,unit,执行收案数,执结数,staff_enf,终本结案数\n2022-12,a,1,2,3,4", [RB, v2]);
    expect(rows[0]?.values).toEqual({ enf_received: 1, enf_closed: 2, staff_enf: 3, enf_terminated: 4 });
    expect(readFactsCsv("period,unit,执行收案数,执行结案数,staff_enf,enf_terminated\n2022-12,a,1,2,3,4", [RB, v2])).toHaveLength(1);
    const missing = oneProblem(() => readFactsCsv(`${HEADER}\n2022-12,a,1,2,3`, [RB, v2], "f.csv"));
    expect(missing).toMatchObject({ file: "f.csv", line: 1, field: "enf_terminated" });
    expect(missing.zh).toContain("终本结案数");
  });

  it("rejects an empty file and a file of blank lines", () => {
    for (const text of ["", "\uFEFF", "\n\n", " , \n"]) {
      const p = oneProblem(() => readFactsCsv(text, RB, "empty.csv"));
      expect(p).toMatchObject({ file: "empty.csv", line: 1 });
      expect(p.zh).toContain("空");
      expect(p.zh).toContain("表头");
    }
  });

  it("reports an empty cell with line, column and field", () => {
    const p = oneProblem(() => facts("2023-01,a,1,2,3\n2023-01,b,1,,3"));
    expect(p).toMatchObject({ file: "facts.csv", line: 3, column: 4, field: "enf_closed" });
    expect(p.zh).toContain("执行结案数");
    expect(p.zh).toContain("没有填写");
    expect(formatProblem(p)).toContain("facts.csv 第 3 行 第 4 列 字段 enf_closed");
  });

  it("reports empty period and unit cells", () => {
    const ps = problemsOf(() => facts(" ,,1,2,3"));
    expect(ps.map((p) => [p.line, p.column, p.field])).toEqual([
      [2, 1, "period"],
      [2, 2, "unit"],
    ]);
    expect(ps[0]?.zh).toContain("期间");
    expect(ps[1]?.zh).toContain("法庭");
  });

  it("reports a negative number", () => {
    const p = oneProblem(() => facts("2023-01,a,1,2,-3"));
    expect(p).toMatchObject({ line: 2, column: 5, field: "staff_enf" });
    expect(p.zh).toContain("负数");
    expect(p.zh).toContain("-3");
  });

  it.each([
    ["abc", "不是数字"],
    ["1e999", "不是有限的数"],
    ["NaN", "不是有限的数字"],
    ["Infinity", "不是有限的数字"],
    ["-Infinity", "不是有限的数字"],
    ["1 2", "不是数字"],
    ["0x10", "不是数字"],
    ["１２", "不是数字"],
    ['"1,234"', "千位分隔符"],
    ["98%", "百分号"],
    ["98.5 %", "百分号"],
  ])("rejects %s as a fact value", (cell, says) => {
    const p = oneProblem(() => facts(`2023-01,a,${cell},2,3`));
    expect(p).toMatchObject({ line: 2, column: 3, field: "enf_received" });
    expect(p.zh).toContain(says);
    expect(p.zh).toContain("执行收案数");
    expect(p.en).not.toBe("");
  });

  it("suggests the plain number for a thousands separator", () => {
    expect(oneProblem(() => facts('2023-01,a,"12,345.5",2,3')).zh).toContain("12345.5");
  });

  it("reports an unknown column and still reads the rows' other cells", () => {
    const ps = problemsOf(() => readFactsCsv(`${HEADER},remarks\n2023-01,a,1,x,3,whatever`, RB, "f.csv"));
    expect(ps).toHaveLength(2);
    expect(ps[0]).toMatchObject({ line: 1, column: 6, field: "remarks" });
    expect(ps[0]?.zh).toContain("remarks");
    expect(ps[1]).toMatchObject({ line: 2, column: 4, field: "enf_closed" });
  });

  it("reports a column without a header name only when it holds data (as the Excel reader does)", () => {
    expect(readFactsCsv(`${HEADER},\n2023-01,a,1,2,3,`, RB)).toHaveLength(1);
    const p = oneProblem(() => readFactsCsv(`${HEADER},\n2023-01,a,1,2,3,\n2023-01,b,1,2,3,备注`, RB));
    expect(p).toMatchObject({ line: 1, column: 6 });
    expect(p.zh).toContain("没有列名");
    expect(p.zh).toContain("第 3 行");
  });

  it("reports a missing field column, naming its label", () => {
    const p = oneProblem(() => readFactsCsv("period,unit,enf_received,enf_closed\n2023-01,a,1,2", RB));
    expect(p).toMatchObject({ line: 1, field: "staff_enf" });
    expect(p.column).toBeUndefined();
    expect(p.zh).toContain("执行团队干警数");
    expect(p.zh).toContain("缺少");
  });

  it("reports missing period and unit columns", () => {
    const ps = problemsOf(() => readFactsCsv("enf_received,enf_closed,staff_enf\n1,2,3", RB));
    expect(ps.map((p) => p.field)).toEqual(["period", "unit"]);
  });

  it("reports a duplicate column, also when written once by key and once by label", () => {
    const p = oneProblem(() => readFactsCsv(`${HEADER},执行结案数\n2023-01,a,1,2,3,2`, RB));
    expect(p).toMatchObject({ line: 1, column: 6, field: "enf_closed" });
    expect(p.zh).toContain("重复");
    expect(p.zh).toContain("第 4 列");
    const q = oneProblem(() => readFactsCsv("period,期间,unit,enf_received,enf_closed,staff_enf\n2023-01,2023-01,a,1,2,3", RB));
    expect(q).toMatchObject({ line: 1, column: 2, field: "period" });
  });

  it("reports a label shared by two fields as ambiguous", () => {
    const rb = rulebook({
      fields: [
        { key: "enf_received", label: "收案", aggregate: "sum" },
        { key: "enf_closed", label: "收案", aggregate: "sum" },
      ],
    });
    const ps = problemsOf(() => readFactsCsv("period,unit,收案\n2023-01,a,1", rb));
    expect(ps[0]).toMatchObject({ line: 1, column: 3, field: "收案" });
    expect(ps[0]?.zh).toContain("多个字段");
  });

  it("reports a duplicate (period, unit) row, naming the first line", () => {
    const p = oneProblem(() => facts("2023-01,a,1,2,3\n2023-01,b,1,2,3\n\n2023-01,a,4,5,6"));
    expect(p).toMatchObject({ line: 5, column: 2, field: "unit" });
    expect(p.zh).toContain("重复");
    expect(p.zh).toContain("第 2 行");
  });

  it.each(["2023-13", "2023-00", "2023-3", "23-01", "2023/03", "2023-03-01", "2023年3月", "March"])(
    "rejects the malformed period %s",
    (period) => {
      const p = oneProblem(() => facts(`${period},a,1,2,3`));
      expect(p).toMatchObject({ line: 2, column: 1, field: "period" });
      expect(p.zh).toContain("YYYY-MM");
      expect(p.zh).toContain(period);
    },
  );

  it("suggests the period it probably meant", () => {
    expect(oneProblem(() => facts("2023/3/1,a,1,2,3")).zh).toContain("2023-03");
  });

  it.each(["大榆树", "1abc", "a b", "_x"])("rejects the unit key %s", (unit) => {
    const p = oneProblem(() => facts(`2023-01,${unit},1,2,3`));
    expect(p).toMatchObject({ line: 2, column: 2, field: "unit" });
    expect(p.zh).toContain(unit);
  });

  it("reports a short row and a long row", () => {
    const ps = problemsOf(() => facts("2023-01,a,1,2\n2023-01,b,1,2,3,4", "f.csv"));
    expect(ps).toHaveLength(2);
    expect(ps[0]).toMatchObject({ file: "f.csv", line: 2, column: 5, field: "staff_enf" });
    expect(ps[0]?.zh).toContain("只有 4 个单元格");
    expect(ps[1]).toMatchObject({ file: "f.csv", line: 3, column: 6 });
    expect(ps[1]?.zh).toContain("多 1 个");
  });

  it("reports an unquoted thousands separator as a long row", () => {
    const p = oneProblem(() => facts("2023-01,a,1,234,2,3"));
    expect(p.zh).toContain("千位分隔符");
  });

  it("reports every problem of the file, not just the first, in line order", () => {
    const text = [
      "period,unit,enf_received,enf_closed,staff_enf,extra",
      "2023-01,a,1,2,3,",
      "2023-1,b,,abc,-1,",
      "",
      "2023-02,大榆树,1,2,3,",
      "2023-01,a,1,2,3,",
      "2023-03,c,1",
      '2023-03,d,"1,000",50%,1e999,',
    ].join("\n");
    const ps = problemsOf(() => readFactsCsv(text, RB, "bad.csv"));
    expect(ps.map((p) => [p.line, p.column, p.field])).toEqual([
      [1, 6, "extra"],
      [3, 1, "period"],
      [3, 3, "enf_received"],
      [3, 4, "enf_closed"],
      [3, 5, "staff_enf"],
      [5, 2, "unit"],
      [6, 2, "unit"],
      [7, 4, "enf_closed"],
      [8, 3, "enf_received"],
      [8, 4, "enf_closed"],
      [8, 5, "staff_enf"],
    ]);
    expect(ps.every((p) => p.file === "bad.csv" && /[\u4e00-\u9fff]/.test(p.zh) && p.en.length > 0)).toBe(true);
    const err = (() => {
      try {
        readFactsCsv(text, RB, "bad.csv");
      } catch (e) {
        return e as InputError;
      }
    })();
    expect(err?.message.split("\n")).toHaveLength(ps.length);
  });

  it("reports an unterminated quote as an InputError with the file name", () => {
    const p = oneProblem(() => facts('2023-01,a,"1,2,3', "q.csv"));
    expect(p).toMatchObject({ file: "q.csv", line: 2, column: 3 });
  });
});

describe("readAdjustmentsCsv", () => {
  it("reads rows in file order, keeping repeated rows and optional notes", () => {
    const text = 'period,unit,item,count,note\n2023-02,maixin,P1,1,当事人有效投诉\n2023-02,maixin,P1,1,\n2023-03,a,B1, 2 ,"表扬, 通报"\n';
    expect(readAdjustmentsCsv(text, RB)).toEqual([
      { period: "2023-02", unit: "maixin", item: "P1", count: 1, note: "当事人有效投诉" },
      { period: "2023-02", unit: "maixin", item: "P1", count: 1 },
      { period: "2023-03", unit: "a", item: "B1", count: 2, note: "表扬, 通报" },
    ]);
  });

  it("accepts a file without a note column and Chinese headers with a BOM", () => {
    expect(readAdjustmentsCsv("period,unit,item,count\n2023-01,a,V1,1", RB)).toEqual([
      { period: "2023-01", unit: "a", item: "V1", count: 1 },
    ]);
    expect(readAdjustmentsCsv("\uFEFF期间,法庭,项目,次数,备注\r\n2023-01,a,B1,3,好\r\n", RB)).toEqual([
      { period: "2023-01", unit: "a", item: "B1", count: 3, note: "好" },
    ]);
    expect(readAdjustmentsCsv("月份,单位,项目,次数\n2023-01,a,B1,1", RB)).toHaveLength(1);
  });

  it("accepts the items of every version", () => {
    const v2 = rulebook({ version: "2", adjustments: [{ key: "B9", name: "新增加分", kind: "bonus", points: 1 }] });
    expect(readAdjustmentsCsv("period,unit,item,count\n2023-01,a,B1,1\n2023-01,a,B9,1", [RB, v2])).toHaveLength(2);
  });

  it("reports an unknown item, listing the known keys", () => {
    const p = oneProblem(() => readAdjustmentsCsv("period,unit,item,count\n2023-01,a,X9,1", RB, "adj.csv"));
    expect(p).toMatchObject({ file: "adj.csv", line: 2, column: 3, field: "item" });
    expect(p.zh).toContain("X9");
    expect(p.zh).toContain("B1、P1、V1");
  });

  it("points from an item name to its key", () => {
    const p = oneProblem(() => readAdjustmentsCsv("period,unit,item,count\n2023-01,a,有效投诉、涉执信访,1", RB));
    expect(p.zh).toContain("P1");
  });

  it.each(["0", "1.5", "-2", "x", "1e1", "99999999999999999999"])("rejects the count %s", (count) => {
    const p = oneProblem(() => readAdjustmentsCsv(`period,unit,item,count\n2023-01,a,B1,${count}`, RB));
    expect(p).toMatchObject({ line: 2, column: 4, field: "count" });
    expect(p.zh).toContain("次数");
    expect(p.zh).toContain("整数");
  });

  it("reports empty item and count cells", () => {
    const ps = problemsOf(() => readAdjustmentsCsv("period,unit,item,count\n2023-01,a,,", RB));
    expect(ps.map((p) => [p.line, p.column, p.field])).toEqual([
      [2, 3, "item"],
      [2, 4, "count"],
    ]);
    expect(ps.every((p) => p.zh.includes("没有填写"))).toBe(true);
  });

  it("reports header problems: missing, unknown and duplicate columns", () => {
    const ps = problemsOf(() => readAdjustmentsCsv("period,unit,项目,item,memo\n2023-01,a,B1,B1,x", RB, "adj.csv"));
    expect(ps.map((p) => [p.line, p.column, p.field])).toEqual([
      [1, 4, "item"],
      [1, 5, "memo"],
      [1, undefined, "count"],
    ]);
    expect(ps[2]?.zh).toContain("次数");
  });

  it("reports every problem of the file", () => {
    const text = "period,unit,item,count,note\n2023-13,a,B1,1,\n2023-01,a b,Z,0,\n2023-01,a,B1\n2023-01,a,B1,1,x,y";
    const ps = problemsOf(() => readAdjustmentsCsv(text, RB));
    expect(ps.map((p) => [p.line, p.column, p.field])).toEqual([
      [2, 1, "period"],
      [3, 2, "unit"],
      [3, 3, "item"],
      [3, 4, "count"],
      [4, 4, "count"],
      [5, 6, undefined],
    ]);
  });

  it("rejects an empty file", () => {
    expect(oneProblem(() => readAdjustmentsCsv("", RB)).zh).toContain("表头");
  });
});

describe("readUnitsCsv", () => {
  it("reads units with and without a head, and Chinese headers", () => {
    expect(readUnitsCsv("key,name,head\ndayushu,大榆树人民法庭,张三\nmaixin,麦新人民法庭,\n")).toEqual([
      { key: "dayushu", name: "大榆树人民法庭", head: "张三" },
      { key: "maixin", name: "麦新人民法庭" },
    ]);
    expect(readUnitsCsv("\uFEFF代码,法庭\r\ndayushu,大榆树人民法庭\r\n")).toEqual([{ key: "dayushu", name: "大榆树人民法庭" }]);
    expect(readUnitsCsv("键,名称,庭长\na,甲,乙")).toEqual([{ key: "a", name: "甲", head: "乙" }]);
  });

  it("reports bad and duplicate keys, empty names and unknown columns", () => {
    const text = "key,name,phone\na,甲,1\n1b,乙,2\na,丙,3\nc,,4";
    const ps = problemsOf(() => readUnitsCsv(text, "units.csv"));
    expect(ps.map((p) => [p.line, p.column, p.field])).toEqual([
      [1, 3, "phone"],
      [3, 1, "key"],
      [4, 1, "key"],
      [5, 2, "name"],
    ]);
    expect(ps[2]?.zh).toContain("第 2 行");
    expect(ps.every((p) => p.file === "units.csv")).toBe(true);
  });

  it("reports a missing name column and an empty file", () => {
    expect(oneProblem(() => readUnitsCsv("key\na"))).toMatchObject({ line: 1, field: "name" });
    expect(oneProblem(() => readUnitsCsv("")).line).toBe(1);
  });
});

