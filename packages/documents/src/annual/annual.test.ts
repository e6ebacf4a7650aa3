import { describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { demoCourt } from "@scorecard/demo";
import { InputError } from "@scorecard/rules";
import { evaluateYear, quotaText } from "@scorecard/scoring";
import { snapshotHash } from "../official/canonical";
import { all, first, parseXml, unzipText, wordText } from "../official/test-support";
import { annualDocx, annualHtml, annualXlsx } from "./render";
import type { AnnualSnapshot } from "./snapshot";
import { demoAnnual } from "./test-support";

const d = demoCourt();
const names = new Map(d.units.map((u) => [u.key, u.name]));
const engine = evaluateYear({ rulebooks: d.rulebook, data: d, year: 2022 });
const gradeNames = new Map(d.rulebook.annual.grades.map((g) => [g.key, g.name]));
const by = { username: "hr", name: "王人事" };
const override = { unit: "xiaojieji", to: "pass", reason: "年内发生重大舆情,经研究降为合格", by, at: "2023-01-09T03:00:00.000Z" };
const snapshot = demoAnnual(2022, { overrides: [override] });
const roundTrip = (s: AnnualSnapshot) => JSON.parse(JSON.stringify(s)) as AnnualSnapshot;

describe("the annual evaluation snapshot", () => {
  it("holds the engine's evaluation, the rewards, the talks with their months and the 黑龙坝 veto", () => {
    expect(snapshot.result).toEqual(JSON.parse(JSON.stringify(engine)));
    expect(snapshot.provisional).toBe(false);
    expect(snapshot.format).toBe("scorecard-annual/1");
    expect(snapshot.rewards).toEqual([{ key: "advanced", name: "先进法庭", topRanks: 2, units: engine.units.filter((u) => u.rewards.includes("advanced")).map((u) => u.unit) }]);
    expect(snapshot.vetoes).toEqual([{ unit: "heilongba", item: "V1", name: "发生违法违纪问题被追责", period: "2022-08" }]);
    expect(snapshot.cap).toEqual({ grade: "pass", name: "合格" });
    const talked = engine.units.filter((u) => u.talk);
    expect(snapshot.talks.map((t) => t.unit)).toEqual(talked.map((u) => u.unit));
    for (const t of snapshot.talks) {
      const u = engine.units.find((x) => x.unit === t.unit)!;
      expect(t.monthsLast).toHaveLength(u.monthsLast);
      const lastOf = (p: string) => Math.max(...engine.units.map((x) => x.monthlyRanks.find((m) => m.period === p)!.rank ?? 0));
      for (const p of t.monthsLast) expect(u.monthlyRanks.find((m) => m.period === p)!.rank).toBe(lastOf(p));
    }
  });

  it("applies HR's override to that tribunal alone, with its reason", () => {
    expect(snapshot.overrides).toEqual([{ ...override, from: engine.units.find((u) => u.unit === "xiaojieji")!.grade }]);
    for (const u of engine.units) expect(snapshot.grades[u.unit]).toBe(u.unit === "xiaojieji" ? "pass" : u.grade);
  });

  it("refuses an override without a reason, above the veto cap, of an unknown grade; and a number for a provisional year", () => {
    const cases: Array<[Parameters<typeof demoAnnual>[1], string]> = [
      [{ overrides: [{ ...override, reason: "  " }] }, "须写明理由"],
      [{ overrides: [{ ...override, unit: "heilongba", to: "good" }] }, "黑龙坝人民法庭有一票否决事项,等次不能高于合格"],
      [{ overrides: [{ ...override, to: "gold" }] }, "等次“gold”不在考核办法之中"],
      [{ overrides: [override, override] }, "重复"],
    ];
    for (const [more, zh] of cases) {
      expect(() => demoAnnual(2022, more)).toThrow(InputError);
      expect(() => demoAnnual(2022, more)).toThrow(zh);
    }
    expect(() => demoAnnual(2023)).toThrow("年度考核只是预估,不能发布或编号");
    const provisional = demoAnnual(2023, { number: null });
    expect(provisional.provisional).toBe(true);
  });

  it("is built the same every time, hashes as its canonical JSON, survives a JSON round trip byte for byte", async () => {
    expect(demoAnnual(2022, { overrides: [override] })).toEqual(snapshot);
    expect(snapshotHash(roundTrip(snapshot))).toBe(snapshotHash(snapshot));
    expect(snapshotHash(demoAnnual())).not.toBe(snapshotHash(snapshot));
    expect(Buffer.from(await annualDocx(roundTrip(snapshot))).equals(Buffer.from(await annualDocx(snapshot)))).toBe(true);
    expect(Buffer.from(await annualXlsx(roundTrip(snapshot))).equals(Buffer.from(await annualXlsx(snapshot)))).toBe(true);
    expect(annualHtml(roundTrip(snapshot))).toBe(annualHtml(snapshot));
  });

  it("lists what a correction changed: the grade HR corrected", () => {
    const first = demoAnnual();
    const s = demoAnnual(2022, { overrides: [override], revision: 2, number: "开法考〔2023〕2号", correction: { reason: "等次调整", of: first } });
    expect(s.correction).toEqual({ reason: "等次调整", of: 1, ofNumber: "开法考〔2023〕1号", changes: [{ unit: "xiaojieji", what: "grade", before: "good", after: "pass" }] });
  });
});

describe("the Word evaluation: the decision a court issues", async () => {
  const files = await unzipText(await annualDocx(snapshot));
  const doc = parseXml(files.get("word/document.xml")!);
  const texts = all(doc, "w:p").map(wordText);
  const tables = all(doc, "w:tbl");
  const rowsOf = (t: (typeof tables)[number]) => all(t, "w:tr").map((tr) => all(tr, "w:tc").map(wordText));

  it("has the notice's page setup, the number and the title", () => {
    const sect = all(doc, "w:sectPr").at(-1)!;
    expect(first(sect, "w:pgSz").attrs).toMatchObject({ "w:w": "11906", "w:h": "16838" });
    expect(first(sect, "w:pgMar").attrs).toMatchObject({ "w:top": "2098", "w:bottom": "1984", "w:left": "1587", "w:right": "1474" });
    expect(first(sect, "w:docGrid").attrs).toMatchObject({ "w:linePitch": "579" });
    expect(texts).toContain("开法考〔2023〕1号");
    expect(texts).toContain("关于2022年度人民法庭绩效考核结果的通报");
    for (const h of ["一、考核结果", "二、等次评定", "三、先进法庭", "四、末位约谈", "五、一票否决", "六、调整说明", "七、情况分析"]) expect(texts).toContain(h);
    expect(texts[texts.indexOf("2023年1月10日") - 1]).toBe("开鲁县人民法院");
  });

  it("ranks and grades as the engine does, the veto and the override marked", () => {
    const rows = rowsOf(tables[0]!);
    expect(rows[0]).toEqual(["名次", "法庭", "审判工作", "执行工作", "总分", "等次"]);
    expect(rows.slice(1)).toEqual(
      engine.units.map((u) => [
        String(u.rank),
        u.veto ? `${names.get(u.unit)}(否决)` : names.get(u.unit),
        u.sections.trial!.toFixed(2),
        u.sections.enforcement!.toFixed(2),
        u.total.toFixed(2),
        u.unit === "xiaojieji" ? "合格(调整)" : gradeNames.get(u.grade!),
      ]),
    );
    expect(rows.find((r) => r[1] === "黑龙坝人民法庭(否决)")).toBeDefined();
  });

  it("shows the quota arithmetic with the override beside it, the rewards, the talk and its months, the veto and the reason", () => {
    const quotas = rowsOf(tables[1]!);
    expect(quotas[1]).toEqual(["优秀", quotaText(engine.quotas[0]!, d.rulebook), "—"]);
    expect(quotas[1]![1]).toBe("优秀:名额 8 × 25% = 2 个,评定 2 个");
    expect(quotas.find((r) => r[0] === "合格")![2]).toBe("小街基人民法庭由良好调整为合格;调整后 4 个");
    expect(texts).toContain("调整:小街基人民法庭的等次由良好调整为合格(理由见调整说明)。");
    expect(texts).toContain("大榆树人民法庭、义和塔拉人民法庭被评为“先进法庭”(年度排名前 2 名且年内无一票否决事项)。");
    expect(texts.find((t) => t.startsWith("吉日嘎郎吐人民法庭:年度排名末位;在2022年1月、3月"))).toContain("共 11 个月的月度排名中位列末位");
    expect(texts).toContain("黑龙坝人民法庭:2022年8月有“发生违法违纪问题被追责”一票否决事项,年度考核等次不高于合格,不得评为先进法庭。");
    expect(texts).toContain("经复核,小街基人民法庭的年度考核等次由良好调整为合格。调整理由:年内发生重大舆情,经研究降为合格(王人事,2023年1月9日)");
  });

  it("counts the grades as given after an override, and says when it puts a grade beyond its quota", async () => {
    const third = engine.units.find((u) => u.grade === "good")!;
    const raised = demoAnnual(2022, { overrides: [override, { unit: third.unit, to: "excellent", reason: "审判质效突出,经党组研究评为优秀", by, at: "2023-01-09T04:00:00.000Z" }] });
    const d2 = parseXml((await unzipText(await annualDocx(raised))).get("word/document.xml")!);
    const t2 = all(d2, "w:p").map(wordText);
    const q2 = all(all(d2, "w:tbl")[1]!, "w:tr").map((tr) => all(tr, "w:tc").map(wordText));
    expect(q2[1]![1]).toBe("优秀:名额 8 × 25% = 2 个,评定 3 个(其中调整 1 个,超出名额 1 个)");
    expect(q2.find((r) => r[0] === "良好")![1]).toBe(`良好:不限名额,评定 ${engine.quotas[1]!.given - 2} 个(调整调出 2 个)`);
    expect(t2.find((t) => t.startsWith("参加年度排名的法庭共8个"))).toContain("优秀:名额 8 × 25% = 2 个,评定 3 个(其中调整 1 个,超出名额 1 个)");
    expect(t2).toContain(`调整:${names.get(third.unit)}的等次由良好调整为优秀(优秀名额 2 个,调整后评定 3 个,超出名额 1 个;理由见调整说明)。`);
    // within the quota the line says nothing of it
    expect(t2).toContain("调整:小街基人民法庭的等次由良好调整为合格(理由见调整说明)。");
  });

  it("marks a provisional year 预估, with no number, atop every page", async () => {
    const p = await unzipText(await annualDocx(demoAnnual(2023, { number: null })));
    const body = all(parseXml(p.get("word/document.xml")!), "w:p").map(wordText);
    expect(body).toContain("预  估(未发布,无文号)");
    expect(body.some((t) => t.startsWith("预估:2023年12月尚无数据,按已有的 3 个月"))).toBe(true);
    const headers = [...p.keys()].filter((k) => /^word\/header\d+\.xml$/.test(k));
    expect(headers.length).toBeGreaterThan(0);
    for (const h of headers) expect(wordText(parseXml(p.get(h)!))).toContain("预估");
  });
});

describe("the evaluation workbook and print page", () => {
  it("stores the results as numbers and neutralises text Excel could evaluate", async () => {
    const s = demoAnnual(2022, { overrides: [{ ...override, reason: '=HYPERLINK("http://x","y")' }], commentary: "@SUM(1)\n-1" });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await annualXlsx(s)) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["考核结果", "等次评定", "通报正文", "情况分析"]);
    const texts: string[] = [];
    for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((c) => {
      expect(c.type).not.toBe(ExcelJS.ValueType.Formula);
      if (typeof c.value === "string") texts.push(c.value);
    }));
    expect(texts).toContain("'@SUM(1)");
    expect(texts).toContain("'-1");
    expect(texts.some((t) => /^[=+\-@]/.test(t))).toBe(false);
    let total: unknown;
    wb.getWorksheet("考核结果")!.eachRow((row) => {
      if (row.getCell(2).value === "大榆树人民法庭") total = row.getCell(5).value;
    });
    expect(total).toBe(engine.units[0]!.total);
  });

  it("prints escaped, 预估 for a provisional year", () => {
    const html = annualHtml(demoAnnual(2023, { number: null, commentary: "<b>x</b>" }));
    expect(html).toContain("&lt;b&gt;x&lt;/b&gt;");
    expect(html).toContain('<span class="draft">预估</span>');
    expect(html).not.toContain("开法考");
  });
});
