import { describe, expect, it } from "vitest";
import { parseCsv, writeAdjustmentsCsv, writeFactsCsv, writeUnitsCsv } from "./csv-text";
import { readAdjustmentsCsv, readFactsCsv, readUnitsCsv } from "./csv";
import type { AdjustmentRow, FactRow } from "./data";
import { HEADER, oneProblem, problemsOf, RB } from "./test/csv-fixtures";

describe("parseCsv", () => {
  it("splits LF and CRLF lines and ignores the final line end", () => {
    expect(parseCsv("a,b\n1,2\n")).toEqual([
      { line: 1, cells: ["a", "b"] },
      { line: 2, cells: ["1", "2"] },
    ]);
    expect(parseCsv("a,b\r\n1,2\r\n")).toEqual(parseCsv("a,b\n1,2"));
    expect(parseCsv("a\r1")).toEqual([
      { line: 1, cells: ["a"] },
      { line: 2, cells: ["1"] },
    ]);
  });

  it("returns nothing for empty text and keeps inner empty lines and empty cells", () => {
    expect(parseCsv("")).toEqual([]);
    expect(parseCsv("\uFEFF")).toEqual([]);
    expect(parseCsv("a,\n\n,b")).toEqual([
      { line: 1, cells: ["a", ""] },
      { line: 2, cells: [""] },
      { line: 3, cells: ["", "b"] },
    ]);
  });

  it("strips a UTF-8 BOM", () => {
    expect(parseCsv("\uFEFFperiod,unit")[0]?.cells).toEqual(["period", "unit"]);
  });

  it("reads quoted cells with commas, doubled quotes and line breaks, counting lines", () => {
    const rows = parseCsv('a,"x, y","say ""hi"""\n"two\nlines","",z\r\nlast,"q\r\nr",s\nend');
    expect(rows).toEqual([
      { line: 1, cells: ["a", "x, y", 'say "hi"'] },
      { line: 2, cells: ["two\nlines", "", "z"] },
      { line: 4, cells: ["last", "q\r\nr", "s"] },
      { line: 6, cells: ["end"] },
    ]);
  });

  it("keeps a stray quote inside an unquoted cell as written", () => {
    expect(parseCsv('a"b,"c"d')[0]?.cells).toEqual(['a"b', "cd"]);
  });

  it("reports an unterminated quote with its line and column", () => {
    const p = oneProblem(() => parseCsv('a,b\n1,"2\n3,4\n', "x.csv"));
    expect(p).toMatchObject({ file: "x.csv", line: 2, column: 2 });
    expect(p.zh).toContain("双引号没有闭合");
  });
});

describe("writers", () => {
  it("writes facts with a key header, LF line ends and no BOM", () => {
    const rows: FactRow[] = [{ period: "2023-01", unit: "a", values: { enf_received: 41, enf_closed: 38.5, staff_enf: 4 } }];
    expect(writeFactsCsv(rows, ["enf_received", "enf_closed", "staff_enf"])).toBe(`${HEADER}\n2023-01,a,41,38.5,4\n`);
    expect(writeFactsCsv(rows, ["enf_closed"], { bom: true })).toBe("\uFEFFperiod,unit,enf_closed\n2023-01,a,38.5\n");
  });

  it("round-trips facts, exact to the last bit", () => {
    const keys = ["staff_enf", "enf_closed", "enf_received"];
    const rows: FactRow[] = [
      { period: "2022-12", unit: "dayushu", values: { enf_received: 0.1 + 0.2, enf_closed: 1e-7, staff_enf: 1.2345678e6 } },
      { period: "2023-01", unit: "mai-xin_2", values: { enf_received: 0, enf_closed: 3979, staff_enf: 123456.789 } },
    ];
    expect(readFactsCsv(writeFactsCsv(rows, keys), RB)).toEqual(rows);
    expect(readFactsCsv(writeFactsCsv(rows, keys, { bom: true }), RB)).toEqual(rows);
  });

  it("writes an empty cell for a missing value, which the reader reports", () => {
    const text = writeFactsCsv([{ period: "2023-01", unit: "a", values: { enf_closed: 1 } }], ["enf_received", "enf_closed", "staff_enf"]);
    expect(text).toBe(`${HEADER}\n2023-01,a,,1,\n`);
    expect(problemsOf(() => readFactsCsv(text, RB)).map((p) => p.field)).toEqual(["enf_received", "staff_enf"]);
  });

  it("quotes notes with commas, quotes and line breaks, and round-trips adjustments", () => {
    const rows: AdjustmentRow[] = [
      { period: "2023-02", unit: "maixin", item: "P1", count: 1, note: '当事人"有效"投诉, 已核实\n第二行' },
      { period: "2023-02", unit: "maixin", item: "P1", count: 1 },
      { period: "2023-03", unit: "a", item: "V1", count: 2, note: "违纪" },
    ];
    const text = writeAdjustmentsCsv(rows);
    expect(text.split("\n")[0]).toBe("period,unit,item,count,note");
    expect(text).toContain('"当事人""有效""投诉, 已核实\n第二行"');
    expect(readAdjustmentsCsv(text, RB)).toEqual(rows);
    expect(writeAdjustmentsCsv([], { bom: true })).toBe("\uFEFFperiod,unit,item,count,note\n");
  });

  it("round-trips units", () => {
    const rows = [
      { key: "dayushu", name: "大榆树人民法庭", head: "王, 五" },
      { key: "maixin", name: '麦新"人民"法庭' },
    ];
    const text = writeUnitsCsv(rows);
    expect(text.startsWith("key,name,head\n")).toBe(true);
    expect(readUnitsCsv(text)).toEqual(rows);
    expect(readUnitsCsv(writeUnitsCsv(rows, { bom: true }))).toEqual(rows);
  });
});
