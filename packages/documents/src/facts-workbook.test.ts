import { MAX_FACTS_FILE_ROWS, writeFactsCsv, type Problem } from "@scorecard/rules";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { FACTS_SHEET, MAX_UPLOAD_BYTES, NOTES_SHEET, columnLetter, diffFacts } from "./index";
import { court, rulebook, units, PERIOD, rowsOf, stored, FILE, col, rowOf, template, edit, read, problemsOf, zip, where } from "./test/workbook-fixtures";

describe("readFactsWorkbook", () => {
  it("round-trips the template: build → read gives the same values", async () => {
    const back = await read(await template());
    expect(back).toEqual(stored);
  });

  it("reads a template with no stored figures as nothing to import", async () => {
    expect(await read(await template(PERIOD, []))).toEqual([]);
  });

  it("reads a workbook edited by exceljs, and the diff shows exactly that change", async () => {
    const r = rowOf("maixin");
    const c = col("enf_closed");
    const before = stored.find((s) => s.unit === "maixin")!.values.enf_closed!;
    const data = await edit(await template(), (ws) => {
      ws.getCell(r, c).value = before + 1;
    });
    const incoming = await read(data);
    const diff = diffFacts({ rulebook, period: PERIOD, units, stored, incoming });
    expect(diff.changedUnits).toBe(1);
    expect(diff.changedCells).toBe(1);
    expect(diff.units.map((u) => [u.unit, u.status])).toEqual(units.map((u) => [u.key, u.key === "maixin" ? "changed" : "unchanged"]));
    expect(diff.units.find((u) => u.unit === "maixin")).toEqual({
      unit: "maixin",
      name: "麦新人民法庭",
      status: "changed",
      changes: [{ field: "enf_closed", label: "执行结案数", from: before, to: before + 1 }],
    });
  });

  it("lists every problem of a broken workbook with its row, column and letter", async () => {
    const data = await edit(await template(), (ws) => {
      ws.getCell(rowOf("dongfeng"), col("trial_closed")).value = "十二";
      ws.getCell(rowOf("maixin"), col("enf_closed")).value = -3;
      ws.getCell(rowOf("yihetala"), col("trial_closed_in_limit")).value = null;
      ws.getCell(rowOf("jianhua"), 1).value = "nosuch";
      ws.getCell(rowOf("jirigalangtu"), 1).value = "dayushu";
      ws.getCell(1, 25).value = "备注";
      ws.getCell(3, 25).value = "三月有调整";
    });
    const problems = await problemsOf(data);
    expect(problems.map(where)).toEqual([
      [1, 25, "备注"],
      [3, 4, "trial_closed"],
      [5, 14, "enf_closed"],
      [6, 5, "trial_closed_in_limit"],
      [7, 1, "unit"],
      [9, 1, "unit"],
    ]);
    for (const p of problems) expect(p.file).toBe(FILE);
    const [unknownColumn, text, negative, empty, unknownUnit, duplicate] = problems.map((p) => p.zh);
    expect(columnLetter(25)).toBe("Y");
    expect(unknownColumn).toMatch(/^第 1 行 Y 列:表头“备注”不是可识别的列/);
    // every problem of a figure names the tribunal of its row
    expect(text).toMatch(/^第 3 行 D 列\(审判结案数\):东风人民法庭的“十二”不是数字/);
    expect(negative).toMatch(/^第 5 行 N 列\(执行结案数\):麦新人民法庭的“-3”是负数。各项数据不能为负/);
    expect(empty).toMatch(/^第 6 行 E 列\(法定审限内结案数\):义和塔拉人民法庭没有填写/);
    expect(unknownUnit).toMatch(/^第 7 行 A 列\(法庭代码\):“nosuch”不是本院的法庭代码/);
    expect(duplicate).toMatch(/^第 9 行 A 列\(法庭代码\):法庭 dayushu 重复,第 2 行已有这个法庭/);
    for (const p of problems) expect(p.en).toMatch(/^row \d+, column [A-Z]+/);
  });

  it("refuses a file that is not an xlsx by its content, with one problem", async () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1]);
    const plainZip = zip({ "readme.txt": "not a workbook" });
    const docx = zip({ "[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>" });
    const csv = Buffer.from(writeFactsCsv(court.facts.filter((f) => f.period === PERIOD), rulebook.fields.map((f) => f.key), { bom: true }));
    const xls = Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    const good = await template();
    const truncated = good.subarray(0, Math.floor(good.length / 2));
    for (const data of [png, plainZip, docx, csv, xls, truncated, new Uint8Array(0)]) {
      const problems = await problemsOf(data);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ file: FILE });
      expect(problems[0]?.line).toBeUndefined();
      expect(problems[0]?.zh).toMatch(/Excel/);
    }
    expect((await problemsOf(xls))[0]?.zh).toMatch(/另存为/);
  });

  it("refuses a file over 5 MB before parsing it", async () => {
    const big = new Uint8Array(MAX_UPLOAD_BYTES + 1);
    big.set([0x50, 0x4b, 0x03, 0x04]);
    const problems = await problemsOf(big);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.zh).toMatch(/超过了 5 MB/);
    // exactly 5 MB is not refused for its size
    const edge = new Uint8Array(MAX_UPLOAD_BYTES);
    edge.set([0x50, 0x4b, 0x03, 0x04]);
    expect((await problemsOf(edge))[0]?.zh).not.toMatch(/5 MB/);
  });

  it("refuses a zip that claims to unpack to far more than a workbook", async () => {
    const bomb = zip({ "[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>" }, 0x7fffffff);
    const problems = await problemsOf(bomb);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.zh).toMatch(/解压后超过 8 MB/);
  });

  it("accepts headers by key as well as by label, in any order, and a subset of the tribunals", async () => {
    const byKey = await edit(await template(), (ws) => {
      ws.getCell(1, 1).value = "unit";
      ws.getCell(1, 2).value = "name";
      rulebook.fields.forEach((f, i) => {
        if (i % 2 === 0) ws.getCell(1, i + 3).value = f.key;
      });
      ws.getCell(1, 3).value = ` ${rulebook.fields[0]!.key}\n`; // stray whitespace is ignored
    });
    expect(await read(byKey)).toEqual(stored);

    // a workbook made from scratch: no 说明 sheet, fields reversed, two tribunals
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet(FACTS_SHEET);
    const fields = [...rulebook.fields].reverse();
    ws.addRow([...fields.map((f) => f.label), "法庭代码"]);
    const pick = [stored[3]!, stored[0]!];
    for (const r of pick) ws.addRow([...fields.map((f) => r.values[f.key]), r.unit]);
    const back = await read(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(back).toEqual(pick);
  });

  it("accepts a formula cell with a cached numeric result, refuses one without", async () => {
    const r = rowOf("dongfeng");
    const c = col("enf_received");
    const data = await edit(await template(), (ws) => {
      ws.getCell(r, c).value = { formula: "40+2", result: 42 };
      // a shared formula: the master cell and one that shares it (exceljs's types omit shareType and ref)
      const master = { formula: `${columnLetter(c)}${r}+1`, result: 43, shareType: "shared", ref: `${columnLetter(c)}${r + 1}:${columnLetter(c)}${r + 2}` };
      ws.getCell(r + 1, c).value = master;
      ws.getCell(r + 2, c).value = { sharedFormula: `${columnLetter(c)}${r + 1}`, result: 44 };
    });
    const back = await read(data);
    expect(back.map((x) => x.values.enf_received).slice(1, 4)).toEqual([42, 43, 44]);

    const noResult = await edit(await template(), (ws) => {
      ws.getCell(r, c).value = { formula: "SUM(C3:D3)" };
      ws.getCell(r + 1, c).value = { formula: "1/0", result: { error: "#DIV/0!" } };
      ws.getCell(r + 2, c).value = { formula: "0-5", result: -5 };
    });
    const problems = await problemsOf(noResult);
    expect(problems.map(where)).toEqual([
      [r, c, "enf_received"],
      [r + 1, c, "enf_received"],
      [r + 2, c, "enf_received"],
    ]);
    expect(problems[0]?.zh).toMatch(/公式“=SUM\(C3:D3\)”,但文件中没有保存它的计算结果/);
    expect(problems[1]?.zh).toMatch(/错误值 #DIV\/0!/);
    expect(problems[2]?.zh).toMatch(/公式“=0-5”的结果“-5”是负数/);
  });

  it("reads numbers written as text by the rules of the facts CSV", async () => {
    const r = rowOf("dayushu");
    const data = await edit(await template(), (ws) => {
      ws.getCell(r, col("trial_received")).value = " 61 ";
      ws.getCell(r, col("enf_first_amount_applied")).value = "196.95";
    });
    expect((await read(data))[0]).toEqual(stored[0]);

    const bad = await edit(await template(), (ws) => {
      ws.getCell(r, 3).value = "1,234";
      ws.getCell(r, 4).value = "80%";
      ws.getCell(r, 5).value = true;
      ws.getCell(r, 6).value = new Date(Date.UTC(2023, 2, 1));
      // a date only when formatted as one (else Excel shows the serial number); a loaded workbook's
      // cells share style objects, so replace the style rather than set numFmt on it
      ws.getCell(r, 6).style = { ...ws.getCell(r, 6).style, numFmt: "yyyy-mm-dd" };
      ws.getCell(r, 7).value = { richText: [{ text: "十" }, { text: "件" }] };
      ws.getCell(r, 8).value = "NaN";
    });
    const zh = (await problemsOf(bad)).map((p) => p.zh);
    expect(zh).toHaveLength(6);
    expect(zh[0]).toMatch(/C 列.*千位分隔符.*写成 1234/);
    expect(zh[1]).toMatch(/D 列.*百分号/);
    expect(zh[2]).toMatch(/E 列.*逻辑值 TRUE/);
    expect(zh[3]).toMatch(/F 列.*是日期/);
    expect(zh[4]).toMatch(/G 列.*“十件”不是数字/);
    expect(zh[5]).toMatch(/H 列.*不是有限的数字/);
  });

  it("refuses a workbook for another month (the period in 说明)", async () => {
    const problems = await problemsOf(await template("2023-02", rowsOf("2023-02")));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: FILE, line: 2, column: 2, field: "period" });
    expect(problems[0]?.zh).toMatch(/这份表是2023年2月的,而这次导入的是2023年3月/);

    const retyped = await edit(await template(), (_ws, wb) => {
      wb.getWorksheet(NOTES_SHEET)!.getCell("B2").value = "2023年3月";
    });
    expect(await read(retyped)).toEqual(stored);
  });

  it("reports a missing sheet, missing and duplicate columns, and unnamed columns with data", async () => {
    const renamed = await edit(await template(), (ws) => {
      ws.name = "Sheet1";
    });
    const missing = await problemsOf(renamed);
    expect(missing).toHaveLength(1);
    expect(missing[0]?.zh).toMatch(/找不到工作表“数据填报”.*“Sheet1”/);

    const columns = await edit(await template(), (ws) => {
      ws.spliceColumns(col("enf_closed"), 1);
      ws.getCell(1, 24).value = "审判结案数";
      ws.getCell(4, 26).value = 7;
    });
    const problems = await problemsOf(columns);
    expect(problems.map(where)).toEqual([
      [1, undefined, "enf_closed"],
      [1, 24, "trial_closed"],
      [1, 26, undefined],
    ]);
    expect(problems[0]?.zh).toMatch(/缺少“执行结案数”\(enf_closed\)列/);
    expect(problems[1]?.zh).toMatch(/^第 1 行 X 列:表头“审判结案数”与 D 列重复/);
    expect(problems[2]?.zh).toMatch(/^第 1 行 Z 列:表头没有列名,但有数据\(如第 4 行\)/);
  });

  it("skips blank rows and rows with no figures; a row with figures needs its 法庭代码", async () => {
    const data = await edit(await template(), (ws) => {
      const maixin = ws.getRow(rowOf("maixin"));
      for (let c = 1; c <= rulebook.fields.length + 2; c++) maixin.getCell(c).value = null;
      const jianhua = ws.getRow(rowOf("jianhua"));
      for (let c = 3; c <= rulebook.fields.length + 2; c++) jianhua.getCell(c).value = null;
      ws.getCell(20, 1).value = "   ";
    });
    const back = await read(data);
    expect(back.map((r) => r.unit)).toEqual(units.map((u) => u.key).filter((k) => k !== "maixin" && k !== "jianhua"));

    const noKey = await edit(await template(), (ws) => {
      ws.getCell(rowOf("dongfeng"), 1).value = null;
    });
    const problems = await problemsOf(noKey);
    expect(problems.map(where)).toEqual([[3, 1, "unit"]]);
    expect(problems[0]?.zh).toMatch(/^第 3 行 A 列\(法庭代码\):没有填写。按“法庭”一栏,这里应填 dongfeng/);

    const nameInKey = await edit(await template(), (ws) => {
      ws.getCell(rowOf("dongfeng"), 1).value = "东风人民法庭";
    });
    expect((await problemsOf(nameInKey))[0]?.zh).toMatch(/是法庭名称,请改填它的代码 dongfeng/);
  });

  it("imports by the 法庭代码 when the name contradicts it, with a warning", async () => {
    const data = await edit(await template(), (ws) => {
      ws.getCell(rowOf("dongfeng"), 2).value = "麦新人民法庭";
    });
    const warnings: Problem[] = [];
    expect(await read(data, PERIOD, { warnings })).toEqual(stored);
    expect(warnings.map(where)).toEqual([[3, 2, "name"]]);
    expect(warnings[0]?.zh).toMatch(/与法庭代码 dongfeng\(东风人民法庭\)不符,已按法庭代码导入/);
  });

  it("refuses a part larger than its whole and a count that is not whole, at their cells (rulebook.md §7c)", async () => {
    const maixin = stored.find((s) => s.unit === "maixin")!.values;
    const data = await edit(await template(), (ws) => {
      ws.getCell(rowOf("maixin"), col("trial_closed_in_limit")).value = maixin.trial_closed! + 2;
      ws.getCell(rowOf("dongfeng"), col("enf_closed")).value = 12.5;
    });
    const problems = await problemsOf(data);
    expect(problems.map(where)).toEqual([
      [rowOf("dongfeng"), col("enf_closed"), "enf_closed"],
      [rowOf("maixin"), col("trial_closed_in_limit"), "trial_closed_in_limit"],
    ]);
    expect(problems[0]?.zh).toBe(`第 3 行 N 列(执行结案数):东风人民法庭:执行结案数必须是整数,收到 12.5。请填写整数的件数。`);
    expect(problems[1]?.zh).toMatch(
      new RegExp(`^第 5 行 E 列\\(法定审限内结案数\\):麦新人民法庭:法定审限内结案数\\(${maixin.trial_closed! + 2}\\)不能大于审判结案数\\(${maixin.trial_closed}\\)。`),
    );
    for (const p of problems) expect(p).toMatchObject({ file: FILE, level: "error" });
  });

  it("reads a row with a data-check warning, handing the warning over with its row and column", async () => {
    const data = await edit(await template(), (ws) => {
      ws.getCell(rowOf("jianhua"), col("trial_appealed")).value = stored.find((s) => s.unit === "jianhua")!.values.trial_closed! + 1;
    });
    const warnings: Problem[] = [];
    const back = await read(data, PERIOD, { warnings });
    expect(back).toHaveLength(stored.length);
    expect(warnings.map(where)).toEqual([[rowOf("jianhua"), col("trial_appealed"), "trial_appealed"]]);
    expect(warnings[0]?.zh).toMatch(/^第 7 行 J 列\(上诉案件数\):建华人民法庭:上诉案件数\(\d+\)大于审判结案数\(\d+\)。/);
  });

  it("lists every problem of a garbage sheet within the row bound (the API shows the first 200 and offers the rest as a workbook)", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet(FACTS_SHEET);
    ws.addRow(["法庭代码", ...rulebook.fields.map((f) => f.label)]);
    for (let i = 0; i < 60; i++) ws.addRow([`x${i}`, ...rulebook.fields.map(() => "x")]);
    const problems = await problemsOf(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(problems).toHaveLength(60 * (1 + rulebook.fields.length));
  });

  it("refuses a sheet of more rows than a court could have before building them", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet(FACTS_SHEET);
    ws.addRow(["法庭代码", ...rulebook.fields.map((f) => f.label)]);
    for (let i = 0; i < MAX_FACTS_FILE_ROWS + 1; i++) ws.addRow([`x${i}`, 1]);
    const problems = await problemsOf(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.zh).toMatch(new RegExp(`^文件有 ${MAX_FACTS_FILE_ROWS + 2} 行,远超考核数据填报表可能有的行数\\(至多 ${MAX_FACTS_FILE_ROWS} 行`));
  });
});
