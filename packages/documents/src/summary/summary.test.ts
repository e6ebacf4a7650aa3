import { describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { demoCourt } from "@scorecard/demo";
import { courtFigures, periodWarnings, scorePeriod } from "@scorecard/scoring";
import { addMonths, indicatorsOf, quarterLabel, quarterMonths, splitPeriod } from "@scorecard/rules";
import { snapshotHash } from "../official/canonical";
import { all, first, parseXml, unzipText, wordText } from "../official/test-support";
import { summaryDocx, summaryHtml, summaryXlsx } from "./render";
import type { SummarySnapshot } from "./snapshot";
import { demoSummary } from "./test-support";

const d = demoCourt();
const names = new Map(d.units.map((u) => [u.key, u.name]));
const snapshot = demoSummary();
const roundTrip = (s: SummarySnapshot) => JSON.parse(JSON.stringify(s)) as SummarySnapshot;

describe("the quarterly summary snapshot", () => {
  it("holds the quarter's window and the year to date at its end, as the engine computes them", () => {
    const q = scorePeriod({ rulebooks: d.rulebook, data: d, period: "2022-06", window: "quarter", explain: true });
    const ytd = scorePeriod({ rulebooks: d.rulebook, data: d, period: "2022-06", window: "ytd" });
    const s = demoSummary("2022-Q2");
    expect(s.result).toEqual(JSON.parse(JSON.stringify(q)));
    expect(s.result.window).toMatchObject({ kind: "quarter", from: "2022-04", to: "2022-06" });
    expect(s.ytd).toEqual(JSON.parse(JSON.stringify(ytd)));
    expect(s.warnings).toEqual(periodWarnings(q, d.rulebook));
    expect(s.months).toEqual(["2022-04", "2022-05", "2022-06"]);
    expect(s.format).toBe("scorecard-summary/1");
    expect(quarterMonths("2023-Q4")).toEqual(["2023-10", "2023-11", "2023-12"]);
    expect(quarterLabel("2023-Q1")).toBe("2023年第一季度");
  });

  it("gives each tribunal's rank path and totals as each month's own ranking", () => {
    for (const quarter of ["2023-Q1", "2022-Q2", "2022-Q4"] as const) {
      const s = demoSummary(quarter);
      const months = s.months.map((p) => scorePeriod({ rulebooks: d.rulebook, data: d, period: p }));
      for (const u of d.units) {
        expect(s.rankPaths[u.key], `${quarter} ${u.key}`).toEqual(months.map((m) => m.units.find((x) => x.unit === u.key)!.rank));
        expect(s.trend[u.key]).toEqual(months.map((m) => m.units.find((x) => x.unit === u.key)!.total));
      }
    }
  });

  it("names the biggest climb and fall from the first to the last month, every tie", () => {
    const s = demoSummary("2022-Q2");
    const delta = (k: string) => s.rankPaths[k]![0]! - s.rankPaths[k]![2]!;
    const best = Math.max(...d.units.map((u) => delta(u.key)));
    const worst = Math.min(...d.units.map((u) => delta(u.key)));
    expect(s.movers!.climb!.places).toBe(best);
    expect(new Set(s.movers!.climb!.units)).toEqual(new Set(d.units.filter((u) => delta(u.key) === best).map((u) => u.key)));
    expect(s.movers!.fall!.places).toBe(-worst);
    expect(new Set(s.movers!.fall!.units)).toEqual(new Set(d.units.filter((u) => delta(u.key) === worst).map((u) => u.key)));
    expect(s.movers!.climb!.units.length).toBeGreaterThan(1);
  });

  it("has no rank path for a month without figures, and no movers then", () => {
    const s = demoSummary("2023-Q2");
    expect(s.result.units).toEqual([]);
    expect(s.rankPaths).toEqual({});
    expect(s.movers).toBeNull();
    expect(s.commentary).toBe("本季度无考核数据。");
  });

  it("is built the same every time, hashes as its canonical JSON, and survives a JSON round trip byte for byte", async () => {
    const again = demoSummary();
    expect(again).toEqual(snapshot);
    expect(snapshotHash(roundTrip(snapshot))).toBe(snapshotHash(snapshot));
    expect(snapshotHash({ ...snapshot, commentary: snapshot.commentary + "。" })).not.toBe(snapshotHash(snapshot));
    expect(Buffer.from(await summaryDocx(roundTrip(snapshot))).equals(Buffer.from(await summaryDocx(snapshot)))).toBe(true);
    expect(Buffer.from(await summaryXlsx(roundTrip(snapshot))).equals(Buffer.from(await summaryXlsx(snapshot)))).toBe(true);
    expect(summaryHtml(roundTrip(snapshot))).toBe(summaryHtml(snapshot));
    const core = (await unzipText(await summaryDocx(snapshot))).get("docProps/core.xml")!;
    expect(core).toContain(">2023-04-10T02:00:00Z</dcterms:created>");
  });

  it("lists a correction's changed totals and ranks, as a notice does", () => {
    const row = d.facts.find((f) => f.period === "2023-03" && f.unit === "maixin")!;
    const facts = d.facts.map((f) => (f === row ? { ...f, values: { ...f.values, enf_closed: f.values.enf_closed! + 40 } } : f));
    const s = demoSummary("2023-Q1", { data: { facts, adjustments: d.adjustments }, revision: 2, number: "开法考〔2023〕6号", correction: { reason: "麦新执行结案数漏报", of: snapshot } });
    expect(s.correction).toMatchObject({ reason: "麦新执行结案数漏报", of: 1, ofNumber: "开法考〔2023〕5号" });
    expect(s.correction!.changes).toContainEqual(expect.objectContaining({ unit: "maixin", what: "total" }));
  });
});

/** Every number the engine computed for the quarter, as the text writes it (see the notice's analysis test). */
function engineNumbers(s: SummarySnapshot): Set<string> {
  const end = s.months[2]!;
  const rankings = [
    scorePeriod({ rulebooks: d.rulebook, data: d, period: end, window: "quarter" }),
    scorePeriod({ rulebooks: d.rulebook, data: d, period: end, window: "ytd" }),
    ...s.months.map((p) => scorePeriod({ rulebooks: d.rulebook, data: d, period: p })),
  ];
  const courts = [0, -3, -12].flatMap((n) => {
    const p = addMonths(end, n);
    if (p < d.rulebook.effectiveFrom) return [];
    const c = courtFigures({ rulebooks: d.rulebook, data: d, period: p, window: "quarter" });
    return c ? [c] : [];
  });
  const out = new Set<string>();
  const add = (xs: number[]) => {
    for (const x of xs) out.add(x.toFixed(2));
    for (const a of xs) for (const b of xs) out.add((Math.abs(Math.round(a * 100) - Math.round(b * 100)) / 100).toFixed(2));
  };
  add(rankings.flatMap((r) => r.units.flatMap((u) => [u.total, u.bonus, u.penalty, ...Object.values(u.sections)])));
  for (const r of rankings) for (const u of r.units) out.add(String(u.rank));
  for (const u of rankings[2]!.units) {
    const last = rankings[4]!.units.find((x) => x.unit === u.unit)!;
    out.add(String(Math.abs(u.rank - last.rank)));
  }
  for (const ind of indicatorsOf(d.rulebook)) {
    const shown = (x: number) => Number((ind.unit === "%" ? x * 100 : x).toFixed(2));
    const values = [...rankings.flatMap((r) => r.units.map((u) => u.indicators[ind.key]!.value)), ...courts.map((c) => c.indicators[ind.key]!)].filter((v): v is number => v !== null).map(shown);
    add(values);
    for (const v of values) if (Number.isInteger(v)) out.add(String(v));
    add(rankings.flatMap((r) => r.units.map((u) => u.indicators[ind.key]!.score)));
  }
  const { year, month } = splitPeriod(end);
  // the quarter compared is named by its year (较2022年第四季度)
  for (const x of [year, year - 1, 1, month - 2, month]) out.add(String(x));
  return out;
}

describe("the drafted 情况分析 of a quarter", () => {
  for (const quarter of ["2023-Q1", "2022-Q2", "2022-Q4"] as const) {
    it(`uses only numbers the engine computed (${quarter})`, () => {
      const s = demoSummary(quarter);
      let text = s.commentary;
      for (const ind of indicatorsOf(d.rulebook)) text = text.replaceAll(ind.name, "指标");
      const numbers = text.match(/\d+(?:\.\d+)?/g) ?? [];
      expect(numbers.length).toBeGreaterThan(20);
      const known = engineNumbers(s);
      expect(numbers.filter((n) => !known.has(n))).toEqual([]);
    });
  }

  it("says who leads, who climbed most and why, against the previous quarter", () => {
    const s = demoSummary();
    expect(s.commentary).toContain("从本季度排名情况看,2023年1月至3月,大榆树人民法庭以95.58分位列第一");
    expect(s.commentary).toContain("排名上升最多的是义和塔拉人民法庭(上升2位):义和塔拉人民法庭由1月的第6名升至3月的第4名,主要得益于");
    // the quarter compared is named
    expect(s.commentary).toContain("执结率85.09%,较2022年第四季度");
    expect(s.commentary).not.toContain("上季度");
    expect(demoSummary("2023-Q1", { commentary: "改写。" }).commentary).toBe("改写。");
  });
});

describe("the Word summary (GB/T 9704 as the notice)", async () => {
  const files = await unzipText(await summaryDocx(snapshot));
  const doc = parseXml(files.get("word/document.xml")!);
  const texts = all(doc, "w:p").map(wordText);
  const tables = all(doc, "w:tbl");
  const rowsOf = (t: (typeof tables)[number]) => all(t, "w:tr").map((tr) => all(tr, "w:tc").map(wordText));

  it("has the notice's page, grid, 版头, title, 署名 and 版记", () => {
    const sect = all(doc, "w:sectPr").at(-1)!;
    expect(first(sect, "w:pgSz").attrs).toMatchObject({ "w:w": "11906", "w:h": "16838" });
    expect(first(sect, "w:pgMar").attrs).toMatchObject({ "w:top": "2098", "w:bottom": "1984", "w:left": "1587", "w:right": "1474" });
    expect(first(sect, "w:docGrid").attrs).toMatchObject({ "w:linePitch": "579" });
    expect(texts.slice(0, 8)).toEqual(expect.arrayContaining(["开鲁县人民法院", "开法考〔2023〕5号", "关于2023年第一季度人民法庭审判执行工作绩效考核情况的通报"]));
    expect(texts[texts.indexOf("2023年4月10日") - 1]).toBe("开鲁县人民法院");
    expect(all(all(doc, "v:shape").at(-1)!, "w:p").map(wordText)).toEqual(["抄送:院党组成员。", "开鲁县人民法院审判管理办公室2023年4月10日印发"]);
  });

  it("ranks the quarter as the engine does, and gives each month's rank path", () => {
    const q = scorePeriod({ rulebooks: d.rulebook, data: d, period: "2023-03", window: "quarter" });
    const ranking = rowsOf(tables[0]!);
    expect(ranking[0]).toEqual(["名次", "法庭", "审判工作", "执行工作", "加分", "扣分", "总分"]);
    expect(ranking.slice(1)).toEqual(q.units.map((u) => [String(u.rank), names.get(u.unit), u.sections.trial!.toFixed(2), u.sections.enforcement!.toFixed(2), u.bonus.toFixed(2), u.penalty.toFixed(2), u.total.toFixed(2)]));
    // Q1: the year to date is the quarter, said in words, not a second table
    expect(texts).toContain("2023年第一季度的考核期即年初至季末(2023年1月至3月),累计排名同表1。");
    const paths = rowsOf(tables[1]!);
    expect(paths[0]).toEqual(["法庭", "1月名次", "2月名次", "3月名次", "3月较1月"]);
    const months = ["2023-01", "2023-02", "2023-03"].map((p) => scorePeriod({ rulebooks: d.rulebook, data: d, period: p }));
    for (const u of d.units) {
      const row = paths.find((r) => r[0] === u.name)!;
      expect(row.slice(1, 4)).toEqual(months.map((m) => String(m.units.find((x) => x.unit === u.key)!.rank)));
    }
    expect(paths.find((r) => r[0] === "义和塔拉人民法庭")![4]).toBe("↑2");
    expect(texts.some((t) => t.startsWith("排名上升最多的是义和塔拉人民法庭(由1月第6名至3月第4名),上升2位"))).toBe(true);
  });

  it("marks a draft 草稿 in place of a number and atop every page", async () => {
    const draft = await unzipText(await summaryDocx(demoSummary("2023-Q1", { number: null })));
    expect(all(parseXml(draft.get("word/document.xml")!), "w:p").map(wordText)).toContain("草  稿(未发布,无文号)");
    const headers = [...draft.keys()].filter((k) => /^word\/header\d+\.xml$/.test(k));
    expect(headers.length).toBeGreaterThan(0);
    for (const h of headers) expect(wordText(parseXml(draft.get(h)!))).toContain("草稿 · 未经发布,不作为正式通报");
  });
});

describe("the summary workbook and print page", () => {
  it("stores the rank paths as numbers and neutralises text Excel could evaluate", async () => {
    const units = d.units.map((u) => (u.key === "maixin" ? { ...u, name: "=1+1" } : u));
    const bytes = await summaryXlsx(demoSummary("2023-Q1", { units, commentary: '=HYPERLINK("http://x","y")\n@SUM(1)' }));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["排名", "走势", "预警", "情况分析"]);
    const texts: string[] = [];
    for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((c) => {
      expect(c.type).not.toBe(ExcelJS.ValueType.Formula);
      if (typeof c.value === "string") texts.push(c.value);
    }));
    expect(texts).toContain("'=1+1");
    expect(texts).toContain(`'=HYPERLINK("http://x","y")`);
    expect(texts.some((t) => /^[=+\-@]/.test(t))).toBe(false);
    let found = false;
    wb.getWorksheet("走势")!.eachRow((row) => {
      if (row.getCell(1).value === "大榆树人民法庭" && !found) {
        found = true;
        expect([row.getCell(2).value, row.getCell(3).value, row.getCell(4).value]).toEqual([1, 1, 1]);
      }
    });
    expect(found).toBe(true);
  });

  it("prints without scripts, every text escaped", () => {
    const html = summaryHtml(demoSummary("2023-Q1", { commentary: "<script>alert(1)</script>" }));
    expect(html).toContain("@page { size: A4; margin: 37mm 26mm 35mm 28mm;");
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;");
    expect(html).toContain("<h1>关于2023年第一季度人民法庭<br>审判执行工作绩效考核情况的通报</h1>");
  });
});
