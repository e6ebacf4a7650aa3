/**
 * Committee scores' files (评议打分, rulebook.md §9) over real HTTP, on SQLite and PostgreSQL, on the
 * §9 example court (SCORECARD_DEMO=grouped): the template comes pre-filled and the import (xlsx or
 * CSV) is whole or nothing, and refused in a published month. (Entering, refusing and freezing
 * scores through the procedures: packages/api/src/routers/manual.test.ts.)
 */
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeResult, startTestServer, testBackends, withoutSessionTables, type ApiClient, type TestServer } from "./test-server";

interface Problem {
  zh: string;
  file?: string;
  line?: number;
  column?: number;
  field?: string;
}
interface ManualGet {
  period: string;
  status: string;
  editable: boolean;
  indicators: Array<{ key: string; name: string; points: number; section: string; aggregate: string; groups?: string[] }>;
  units: Array<{ key: string; name: string; group: string; groupName: string }>;
  rows: Array<{ unit: string; indicator: string; score: number; reason: string; enteredBy: string; enteredAt: string }>;
}
interface Explanation {
  formula: { type: string; entries?: Array<{ period: string; score: number; reason: string }> };
  score: number;
  text: string;
}
interface UnitScore {
  unit: { total: number; indicators: Record<string, { score: number; explanation: Explanation }> };
}

const SHEET = "评议打分";
const M1 = "庭务管理与作风建设评议";

describe.each(testBackends())("committee scores (%s)", (backend) => {
  let t: TestServer;
  let hr: ApiClient, stats: ApiClient, admin: ApiClient, leader: ApiClient, head: ApiClient;

  beforeAll(async () => {
    t = await startTestServer(backend, { demo: "grouped" });
    [hr, stats, admin, leader, head] = (await Promise.all(["hr", "stats", "admin", "leader1", "head-maixin"].map((u) => t.login(u)))) as [ApiClient, ApiClient, ApiClient, ApiClient, ApiClient];
  }, 120_000);
  afterAll(() => t?.stop());

  const unitScore = async (unit: string, period = "2023-03", client = hr) => {
    const r = await client.query<UnitScore>("scores.unit", { unit, period });
    expect(r.ok, describeResult(r)).toBe(true);
    return r.data.unit;
  };
  /** the entries of a manual indicator's explanation in the month itself (the window, 全年, holds the earlier months too) */
  const march = (e: Explanation) => (e.formula.entries ?? []).filter((x) => x.period === "2023-03");

  it("refuses a committee-score import of a published month, and writes nothing", async () => {
    const dump = withoutSessionTables(await t.dump());
    const imp = await hr.files(`/files/manual-import?period=2023-02&name=m.csv`, { method: "POST", headers: { "content-type": "text/csv" }, body: "period,unit,indicator,score,reason\n2023-02,dayushu,M1,1,改\n" });
    expect(imp.code).toBe("BAD_REQUEST");
    expect(imp.message).toContain("已发布");
    expect(withoutSessionTables(await t.dump())).toEqual(dump);
  });

  const template = async (period = "2023-03") => {
    const res = await hr.fetch(`/files/manual-template?period=${period}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain(encodeURIComponent(`评议打分-${period}.xlsx`));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
    return wb;
  };
  const rowOf = (ws: ExcelJS.Worksheet, unit: string) => {
    let n = 0;
    ws.eachRow((r, i) => {
      if (r.getCell(1).value === unit) n = i;
    });
    return n;
  };
  const importXlsx = async (wb: ExcelJS.Workbook, client = hr) =>
    client.files<{ period: string; rows: number; changed: number }>(`/files/manual-import?period=2023-03&name=${encodeURIComponent("评议.xlsx")}`, {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: Buffer.from(await wb.xlsx.writeBuffer()),
    });

  it("gives HR the month's template pre-filled, and imports it whole or not at all", { timeout: 60_000 }, async () => {
    const wb = await template();
    const ws = wb.getWorksheet(SHEET)!;
    expect(ws.getRow(1).getCell(3).value).toBe(`${M1} 分数`);
    expect(ws.getRow(1).getCell(4).value).toBe(`${M1} 理由`);
    const stored = (await hr.query<ManualGet>("manual.get", { period: "2023-03" })).data.rows.find((x) => x.unit === "dayushu")!;
    expect(ws.getCell(rowOf(ws, "dayushu"), 3).value).toBe(stored.score);
    expect(ws.getCell(rowOf(ws, "dayushu"), 4).value).toBe(stored.reason);
    expect(ws.getCell(rowOf(ws, "maixin"), 3).value).toBeNull();

    // one good entry and one above the points: every problem listed with its sheet, row and column; nothing written
    ws.getCell(rowOf(ws, "maixin"), 3).value = 4;
    ws.getCell(rowOf(ws, "maixin"), 4).value = "诉源治理主动";
    ws.getCell(rowOf(ws, "jirigalangtu"), 3).value = 7;
    ws.getCell(rowOf(ws, "jirigalangtu"), 4).value = "表现突出";
    const dump = withoutSessionTables(await t.dump());
    const bad = await importXlsx(wb);
    expect(bad.code, describeResult(bad)).toBe("BAD_REQUEST");
    const problems = (bad.body as { error: { problems: Problem[] } }).error.problems;
    expect(problems).toEqual([expect.objectContaining({ file: "评议.xlsx", line: rowOf(ws, "jirigalangtu"), column: 3 })]);
    expect(problems[0]!.zh).toMatch(/^“评议打分”工作表第 \d+ 行 C 列\(庭务管理与作风建设评议 分数\):吉日嘎郎吐人民法庭 2023年3月:/);
    expect(withoutSessionTables(await t.dump())).toEqual(dump);
    // the others may not import at all
    for (const c of [stats, leader, head]) expect((await importXlsx(wb, c)).code).toBe("FORBIDDEN");
    for (const c of [stats, admin, head]) expect((await c.files("/files/manual-template?period=2023-03")).code).toBe("FORBIDDEN");

    ws.getCell(rowOf(ws, "jirigalangtu"), 3).value = 4.8;
    const good = await importXlsx(wb);
    expect(good.ok, describeResult(good)).toBe(true);
    expect(good.data).toEqual({ period: "2023-03", rows: 8, changed: 2 });
    expect(march((await unitScore("jirigalangtu")).indicators.M1!.explanation)).toEqual([{ period: "2023-03", score: 4.8, reason: "表现突出" }]);
    expect((await unitScore("maixin")).indicators.M1!.score).toBe(4);
    const audit = (await admin.query<Array<{ action: string; target: string }>>("audit.list", { limit: 2 })).data;
    expect(audit.map((a) => [a.action, a.target]).sort()).toEqual([
      ["manual.import", "2023-03/jirigalangtu/M1"],
      ["manual.import", "2023-03/maixin/M1"],
    ]);
  });

  it("imports a CSV period,unit,indicator,score,reason, refusing a row of another month or tribunal on its line", async () => {
    const csv = (rows: string) => hr.files<{ changed: number }>(`/files/manual-import?period=2023-03&name=m.csv`, { method: "POST", headers: { "content-type": "text/csv" }, body: `\uFEFFperiod,unit,indicator,score,reason\n${rows}` });
    const dump = withoutSessionTables(await t.dump());
    const bad = await csv("2023-03,maixin,M1,2,一\n2023-02,dongfeng,M1,2,二\n2023-03,nowhere,M1,2,三\n2023-03,jianhua,M1,3,\n");
    expect(bad.code).toBe("BAD_REQUEST");
    const problems = (bad.body as { error: { problems: Problem[] } }).error.problems;
    expect(problems.map((p) => [p.line, p.column])).toEqual([
      [3, 1],
      [4, 2],
      [5, 5],
    ]);
    expect(problems[0]!.zh).toContain("而这次导入的是2023年3月");
    expect(problems[2]!.zh).toContain("建华人民法庭 2023年3月");
    expect(withoutSessionTables(await t.dump())).toEqual(dump);

    const good = await csv("2023-03,maixin,M1,2.75,整改后复评\n2023-03,jianhua,M1,3,窗口服务改进\n");
    expect(good.ok, describeResult(good)).toBe(true);
    expect((await unitScore("maixin")).indicators.M1!.score).toBe(2.75);
    // the statistician's facts import still takes workbooks only
    expect((await stats.fetch("/files/facts-import?period=2023-03", { method: "POST", headers: { "content-type": "text/csv" }, body: "a" })).status).toBe(415);
  });
});
