import { describe, expect, it } from "vitest";
import { FACTS_SHEET, NOTES_SHEET } from "./index";
import { rulebook, units, PERIOD, stored, rowOf, template, load } from "./test/workbook-fixtures";

describe("buildFactsTemplate", () => {
  it("lays out the 数据填报 sheet: header row, one row per tribunal, numbers as numbers", async () => {
    const wb = await load(await template());
    expect(wb.worksheets.map((s) => s.name)).toEqual([FACTS_SHEET, NOTES_SHEET]);
    const ws = wb.getWorksheet(FACTS_SHEET)!;
    const header = ws.getRow(1);
    expect(header.getCell(1).value).toBe("法庭代码");
    expect(header.getCell(2).value).toBe("法庭");
    rulebook.fields.forEach((f, i) => {
      expect(header.getCell(i + 3).value).toBe(f.label);
      expect(header.getCell(i + 3).font?.bold).toBe(true);
      expect(JSON.stringify(header.getCell(i + 3).note)).toContain(f.key);
    });
    expect(ws.columnCount).toBe(rulebook.fields.length + 2);
    expect(ws.rowCount).toBe(units.length + 1);
    units.forEach((u, i) => {
      const row = ws.getRow(i + 2);
      expect(row.getCell(1).value).toBe(u.key);
      expect(row.getCell(2).value).toBe(u.name);
      const fill = row.getCell(1).fill;
      expect(fill?.type === "pattern" ? fill.fgColor?.argb : undefined).toBe("FFE7E6E6");
      const values = stored.find((r) => r.unit === u.key)!.values;
      rulebook.fields.forEach((f, j) => expect(row.getCell(j + 3).value).toBe(values[f.key]));
    });
    expect(ws.views[0]).toMatchObject({ state: "frozen", xSplit: 2, ySplit: 1 });
    // wide enough for the Chinese labels (two width units a character)
    rulebook.fields.forEach((f, i) => expect(ws.getColumn(i + 3).width ?? 0).toBeGreaterThanOrEqual(f.label.length * 2));
    expect(ws.getCell("C2").dataValidation).toMatchObject({ type: "decimal", operator: "greaterThanOrEqual" });
  });

  it("records the period, the rulebook and every field in the 说明 sheet", async () => {
    const notes = (await load(await template())).getWorksheet(NOTES_SHEET)!;
    const pairs = new Map<string, unknown>();
    notes.eachRow((row) => pairs.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(pairs.get("期间")).toBe(PERIOD);
    expect(pairs.get("考核办法代码")).toBe(rulebook.id);
    expect(pairs.get("考核办法版本")).toBe(rulebook.version);
    for (const f of rulebook.fields) {
      expect(pairs.get(f.key)).toBe(f.label);
    }
  });

  it("leaves cells empty where nothing is stored", async () => {
    const ws = (await load(await template(PERIOD, stored.slice(0, 2)))).getWorksheet(FACTS_SHEET)!;
    expect(ws.getCell(rowOf("heilongba"), 3).value).toBeNull();
    expect(ws.getCell(rowOf("heilongba"), 1).value).toBe("heilongba");
  });
});
