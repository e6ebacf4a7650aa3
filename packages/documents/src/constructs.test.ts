/**
 * The official documents under the constructs of rulebook.md §9, on the demo court's §9 variants
 * (demoCourt("grouped"), demoCourt("internal")): rankings printed group by group, never across
 * groups; indicators of one group only printed 不适用 for the others; committee scores printed as
 * scores; the caps said under the ranking; and under `ranking: "internal"` no rank, order, rank
 * change, first or last place in any document — Word, Excel, print page and 情况分析.
 */
import { describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { demoCourt } from "@scorecard/demo";
import { indicatorsOf, parseRulebook, type Period, type RulebookInput } from "@scorecard/rules";
import { adjustmentCapText, evaluateYear, scorePeriod, type PeriodResult } from "@scorecard/scoring";
import { buildNoticeSnapshot } from "./notice/build";
import { noticeDocx } from "./notice/docx";
import { noticeHtml } from "./notice/html";
import { noticeXlsx } from "./notice/xlsx";
import { demoSnapshot } from "./notice/test-support";
import { summaryDocx, summaryHtml, summaryXlsx } from "./summary/render";
import { demoSummary } from "./summary/test-support";
import { annualDocx, annualHtml, annualXlsx } from "./annual/render";
import { demoAnnual } from "./annual/test-support";
import { all, parseXml, unzipText, wordText, type XmlNode } from "./official/test-support";

const grouped = demoCourt("grouped");
const internal = demoCourt("internal");
const names = new Map(grouped.units.map((u) => [u.key, u.name]));
const name = (k: string) => names.get(k)!;
const courtOrder = grouped.units.map((u) => u.key);
const groupOf = new Map(grouped.rulebook.groups.flatMap((g) => g.units.map((u) => [u, g] as const)));

/** A numbered table of a Word file (表n; not the 版记): its caption (the paragraph before it) and its rows, each cell as its paragraphs' texts. */
interface WordTable {
  caption: string;
  rows: string[][][];
}

async function word(bytes: Uint8Array): Promise<{ text: string; paragraphs: string[]; tables: WordTable[] }> {
  const xml = (await unzipText(bytes)).get("word/document.xml")!;
  const body = all(parseXml(xml), "w:body")[0]!;
  const tables: WordTable[] = [];
  const paragraphs: string[] = [];
  let last = "";
  for (const node of body.children) {
    if (node.name === "w:p") {
      last = wordText(node);
      paragraphs.push(last);
    } else if (node.name === "w:tbl" && /^表\d+ /.test(last))
      tables.push({ caption: last, rows: all(node, "w:tr").map((tr) => all(tr, "w:tc").map((tc) => all(tc, "w:p").map((p: XmlNode) => wordText(p)))) });
  }
  return { text: all(parseXml(xml), "w:t").map((t) => t.text).join(""), paragraphs, tables };
}

async function workbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb;
}

/** Every text a workbook shows: sheet names and the cells' strings. */
function workbookText(wb: ExcelJS.Workbook): string {
  const out: string[] = [];
  for (const ws of wb.worksheets) {
    out.push(ws.name);
    ws.eachRow((row) => row.eachCell((cell) => void (typeof cell.value === "string" && out.push(cell.value))));
  }
  return out.join("\n");
}

/** What a place in a ranking looks like in words: none of it may appear when ranks are kept internal. */
const RANK_WORDS = [/第\s*\d+\s*名/, /名次/, /排名/, /末位/, /(上升|下降)\s*\d+\s*位/, /位列/, /领先/, /并列/, /第一/, /第二/, /进步最大/, /[↑↓]\d/, /年初首月/];

function expectNoRank(text: string, where: string): void {
  for (const re of RANK_WORDS) expect(re.exec(text)?.[0], `${where}: ${re}`).toBeUndefined();
}

/** The group part of a ranking as the engine orders it. */
function engineGroup(r: PeriodResult, group: string) {
  return r.units.filter((u) => u.group === group);
}

const gNotice = demoSnapshot("2023-03", {}, "grouped");
const gEngine = scorePeriod({ rulebooks: grouped.rulebook, data: grouped, period: "2023-03" });
const gDoc = await word(await noticeDocx(gNotice));
const gWb = await workbook(await noticeXlsx(gNotice));
const gHtml = noticeHtml(gNotice);
describe("a grouped notice (分类考核)", () => {

  it("prints one ranking table per group, headed by its name, with the ranks within the group", () => {
    const ranking = gDoc.tables.filter((t) => t.caption.includes("考核排名"));
    expect(ranking.map((t) => t.caption)).toEqual(["表1 2023年1月至3月一类法庭考核排名", "表2 2023年1月至3月二类法庭考核排名"]);
    for (const [i, g] of grouped.rulebook.groups.entries()) {
      const rows = ranking[i]!.rows.slice(1).map((r) => r.map((c) => c.join("")));
      const expected = engineGroup(gEngine, g.key);
      expect(rows.map((r) => [r[0], r[2]])).toEqual(expected.map((u) => [String(u.rank), name(u.unit)]));
      // ranks start again at 1 in every group; each table holds its own group's tribunals only
      expect(rows[0]![0]).toBe("1");
      expect(new Set(rows.map((r) => r[2]))).toEqual(new Set(g.units.map(name)));
    }
  });

  it("prints every indicator table group by group, in court order, with ranks within the group", () => {
    const tables = gDoc.tables.filter((t) => t.caption.includes("各项指标完成情况"));
    expect(tables.map((t) => t.caption)).toEqual([
      "表3 一类法庭审判工作各项指标完成情况",
      "表4 二类法庭审判工作各项指标完成情况",
      "表5 一类法庭执行工作各项指标完成情况",
      "表6 二类法庭执行工作各项指标完成情况",
    ]);
    const e1 = indicatorsOf(grouped.rulebook).findIndex((i) => i.key === "E1") - grouped.rulebook.sections[0]!.indicators.length;
    for (const [t, g] of [tables[2]!, tables[3]!].map((t, i) => [t, grouped.rulebook.groups[i]!] as const)) {
      const rows = t.rows.slice(1);
      expect(rows.map((r) => r[0]!.join(""))).toEqual(courtOrder.filter((k) => groupOf.get(k) === g).map(name));
      for (const r of rows) {
        const unit = gEngine.units.find((u) => name(u.unit) === r[0]!.join(""))!;
        expect(r[1 + e1]![1]).toBe(`第${unit.indicators.E1!.rank}名`);
      }
    }
  });

  it("prints 不适用 for an indicator of one group only (人均结案数, 一类法庭), never a 0", () => {
    const trial = grouped.rulebook.sections[0]!;
    const at = trial.indicators.findIndex((i) => i.key === "T8");
    expect(trial.indicators[at]!.groups).toEqual(["large"]);
    const [large, small] = gDoc.tables.filter((t) => t.caption.includes("审判工作各项指标"));
    for (const r of small!.rows.slice(1)) expect(r[1 + at]).toEqual(["不适用", "—"]);
    for (const r of large!.rows.slice(1)) expect(r[1 + at]![0]).toMatch(/^\d+\.\d{2}$/);
    expect(gDoc.text).toContain("“不适用”表示该项指标不考核本类法庭");
    // in the workbook too: text, not a number
    const ws = gWb.getWorksheet("各项指标")!;
    const cells: unknown[] = [];
    ws.eachRow((row) => row.eachCell((cell) => void cells.push(cell.value)));
    expect(cells.filter((v) => v === "不适用")).toHaveLength(4);
  });

  it("prints a section of committee scores (评议打分) group by group: each score with the engine's words and reason", () => {
    const tables = gDoc.tables.filter((t) => t.caption.includes("评议考核"));
    expect(tables.map((t) => t.caption)).toEqual(["表7 一类法庭评议考核情况", "表8 二类法庭评议考核情况"]);
    for (const [t, g] of tables.map((t, i) => [t, grouped.rulebook.groups[i]!] as const)) {
      const rows = t.rows.map((r) => r.map((c) => c.join("")));
      expect(rows[0]).toEqual(["法庭", "得分", "评议情况"]);
      const keys = courtOrder.filter((k) => groupOf.get(k) === g);
      expect(rows.slice(1)).toEqual(
        keys.map((k) => {
          const m1 = gEngine.units.find((u) => u.unit === k)!.indicators.M1!;
          return [name(k), m1.score.toFixed(2), m1.explanation!.text];
        }),
      );
    }
    const dayushu = tables[0]!.rows[1]![2]!.join("");
    expect(dayushu).toMatch(/^庭务管理与作风建设评议:考评委员会评议 [\d.]+ 分\(2023年3月(?:,计分期间内最近一次)?\),理由:“.+”\(一类法庭中第 \d 名\)。按评议分计,得 [\d.]+ 分\(满分 5 分\)。$/);
    // 麦新 has no score of March yet: the latest of the window, February's, counts
    expect(tables[1]!.rows.find((r) => r[0]!.join("") === "麦新人民法庭")![2]!.join("")).toContain("(2023年2月,计分期间内最近一次)");
  });

  it("says under the ranking the cap that cut a penalty item (the engine's words)", () => {
    const maixin = gEngine.units.find((u) => u.unit === "maixin")!;
    expect(maixin.itemCaps).toHaveLength(1);
    const text = `麦新人民法庭,${adjustmentCapText(maixin, grouped.rulebook)}。`;
    expect(text).toBe("麦新人民法庭,“有效投诉、涉执信访”扣分 2.00 分,超过该项上限 1.50 分,按 1.50 分计。");
    const note = gDoc.paragraphs[gDoc.paragraphs.indexOf(gDoc.tables[1]!.caption) + 1];
    expect(gDoc.paragraphs.some((p) => p === `注:加减分封顶:${text}`)).toBe(true);
    expect(note).toBeDefined();
    expect(gHtml).toContain(`加减分封顶:${text}`);
    // the tribunals the caps did not cut are not named
    expect(gDoc.paragraphs.filter((p) => p.includes("加减分封顶"))).toHaveLength(1);
  });

  it("names last places and first places per group, never one across groups", () => {
    const warn = gDoc.tables.find((t) => t.caption.includes("预警情况"))!;
    const last = warn.rows.filter((r) => r[0]!.join("") === "排名末位").map((r) => r[2]!.join(""));
    expect(last).toEqual(grouped.rulebook.groups.map((g) => {
      const u = engineGroup(gEngine, g.key).at(-1)!;
      return `${name(u.unit)}(${u.total.toFixed(2)} 分,${g.name}第 ${u.rank} 名)`;
    }));
    const highlights = gDoc.tables.find((t) => t.caption.includes("工作亮点"))!;
    expect(highlights.rows[0]!.map((c) => c.join(""))).toEqual(["分组", "项目", "法庭", "情况"]);
    const firsts = highlights.rows.filter((r) => r[1]!.join("") === "排名第一").map((r) => [r[0]!.join(""), r[2]!.join("")]);
    expect(firsts).toEqual(grouped.rulebook.groups.map((g) => [g.name, name(engineGroup(gEngine, g.key)[0]!.unit)]));
  });

  it("drafts a 情况分析 that leads and trails within each group, naming the group", () => {
    const lead = gNotice.commentary.split("\n")[0]!;
    const [, large, small] = lead.split(/一类法庭中,|二类法庭中,/);
    for (const [part, g] of [[large!, "large"], [small!, "small"]] as const) {
      const units = engineGroup(gEngine, g);
      expect(part).toContain(`${name(units[0]!.unit)}以${units[0]!.total.toFixed(2)}分位列第一`);
      expect(part).toContain(`${name(units.at(-1)!.unit)}以${units.at(-1)!.total.toFixed(2)}分排名末位`);
      // the other group's tribunals are not in this group's sentence
      for (const u of gEngine.units.filter((x) => x.group !== g)) expect(part.split("。")[0]).not.toContain(name(u.unit));
    }
  });

  it("compares places only within a group: a tribunal moved to another group has no rank change", () => {
    // 麦新 moved to 一类法庭 from 2023-03: last month's place in 二类法庭 is not compared
    const moved = structuredClone(grouped.rulebook) as unknown as RulebookInput;
    moved.version = "2023.1";
    moved.effectiveFrom = "2023-03";
    moved.groups = [
      { key: "large", name: "一类法庭", units: ["dayushu", "dongfeng", "heilongba", "xiaojieji", "maixin"] },
      { key: "small", name: "二类法庭", units: ["yihetala", "jianhua", "jirigalangtu"] },
    ];
    const s = buildNoticeSnapshot({
      rulebooks: [grouped.rulebook, parseRulebook(moved, "moved")],
      data: grouped,
      period: "2023-03",
      units: grouped.units,
      revision: 1,
      number: null,
      issuedBy: null,
      issuedAt: "2023-04-05T02:00:00.000Z",
    });
    expect(s.change!.maixin).toBeNull();
    expect(s.change!.dayushu).not.toBeNull();
  });

  it("freezes the window's committee scores with the notice (none for a rulebook without manual indicators)", () => {
    const months = ["2023-01", "2023-02", "2023-03"];
    const key = (m: { period: string; unit: string }) => `${m.period} ${m.unit}`;
    const inWindow = grouped.manual.filter((m) => months.includes(m.period)).sort((a, b) => (key(a) < key(b) ? -1 : 1));
    expect(gNotice.manual).toEqual(inWindow);
    expect(gNotice.manual!.length).toBe(8 * 3 - 2);
    expect("manual" in demoSnapshot("2023-03")).toBe(false);
  });

  it("prints the same groups on the print page and in the workbook", () => {
    expect(gHtml).toContain("表1 2023年1月至3月一类法庭考核排名");
    expect(gHtml).toContain("表2 2023年1月至3月二类法庭考核排名");
    const ws = gWb.getWorksheet("排名")!;
    const heads: number[] = [];
    ws.eachRow((r, n) => void (r.getCell(1).value === "名次" && heads.push(n)));
    expect(heads).toHaveLength(2);
    // under each header the ranks of its group, 1 to 4, as numbers
    for (const h of heads) expect([1, 2, 3, 4].map((k) => ws.getRow(h + k).getCell(1).value)).toEqual(engineGroup(gEngine, "large").map((u) => u.rank));
  });

  it("keeps the default court's ranking in one table, without a group's name", async () => {
    const plain = await word(await noticeDocx(demoSnapshot("2023-03")));
    expect(plain.tables.filter((t) => t.caption.includes("考核排名")).map((t) => t.caption)).toEqual(["表1 2023年1月至3月各人民法庭考核排名"]);
    expect(plain.text).not.toContain("一类法庭");
    expect(plain.text).not.toContain("不适用");
  });
});

describe("the caps in a grouped notice", () => {
  it("says the penalty cap (penaltyCap) that cut a tribunal's penalties over the year", async () => {
    const s = demoSnapshot("2022-12", {}, "grouped");
    const u = s.result.units.find((x) => x.unit === "jirigalangtu")!;
    expect([u.penaltyUncapped, u.penalty]).toEqual([3.5, 3]);
    const doc = await word(await noticeDocx(s));
    expect(doc.paragraphs).toContain("注:加减分封顶:吉日嘎郎吐人民法庭,扣分合计 3.50 分,超过扣分上限 3.00 分,按 3.00 分计。");
  });
});

const iPeriod: Period = "2023-02";
const iNotice = demoSnapshot(iPeriod, {}, "internal");
const iEngine = scorePeriod({ rulebooks: internal.rulebook, data: internal, period: iPeriod });
const iDoc = await word(await noticeDocx(iNotice));
const iWb = await workbook(await noticeXlsx(iNotice));
const iHtml = noticeHtml(iNotice);
describe("a notice whose rulebook keeps ranking internal (不通报排名)", () => {

  it("has no rank, place, order word or rank change in the Word file, the workbook, the print page or the 情况分析", () => {
    expectNoRank(iDoc.text, "docx");
    expectNoRank(workbookText(iWb), "xlsx");
    expectNoRank(iHtml.replace(/<[^>]+>/g, ""), "iHtml");
    expectNoRank(iNotice.commentary, "情况分析");
    expect(iWb.worksheets.map((w) => w.name)).toEqual(["得分", "各项指标", "预警", "原始数据", "情况分析"]);
  });

  it("(the check finds the rank words where ranks are published)", () => {
    for (const text of [gDoc.text, gNotice.commentary])
      expect(RANK_WORDS.filter((re) => re.test(text)).length).toBeGreaterThanOrEqual(5);
  });

  it("lists the tribunals of every table in court order within their group, with totals and indicator scores as the iEngine's", () => {
    const tables = iDoc.tables.filter((t) => t.caption.includes("考核得分"));
    expect(tables.map((t) => t.caption)).toEqual(["表1 2023年1月至2月一类法庭考核得分", "表2 2023年1月至2月二类法庭考核得分"]);
    for (const [i, g] of internal.rulebook.groups.entries()) {
      const rows = tables[i]!.rows.map((r) => r.map((c) => c.join("")));
      expect(rows[0]).toEqual(["法庭", "审判工作", "执行工作", "评议考核", "加分", "扣分", "总分"]);
      const keys = courtOrder.filter((k) => groupOf.get(k)!.key === g.key);
      expect(rows.slice(1).map((r) => [r[0], r[6]])).toEqual(keys.map((k) => [name(k), iEngine.units.find((u) => u.unit === k)!.total.toFixed(2)]));
    }
    // the court order is not the ranking's: the print would otherwise give the order away
    expect(tables[1]!.rows.slice(1).map((r) => r[0]!.join(""))).not.toEqual(engineGroup(iEngine, "small").map((u) => name(u.unit)));
  });

  it("prints each indicator's score with 达标 where it is the full points, 未达标 ones plain", async () => {
    const trial = iDoc.tables.find((t) => t.caption === "表3 一类法庭审判工作各项指标完成情况")!;
    expect(trial.rows[1]!.slice(1).map((c) => c[0]).length).toBeGreaterThan(0);
    const dayushu = iEngine.units.find((u) => u.unit === "dayushu")!;
    internal.rulebook.sections[0]!.indicators.forEach((ind, i) => {
      const r = dayushu.indicators[ind.key]!;
      const full = r.score === ind.points;
      expect(trial.rows[1]![1 + i]![1]).toBe(`${r.score.toFixed(2)}分${full ? "(达标)" : ""}`);
    });
    expect(iDoc.text).toContain("“达标”表示该项得满分");
    // in the workbook the score is a number; a full score is shown with (达标) by its format
    const ws = iWb.getWorksheet("各项指标")!;
    const row = (() => {
      let found: ExcelJS.Row | undefined;
      ws.eachRow((r) => void (r.getCell(1).value === "大榆树人民法庭" && !found && (found = r)));
      return found!;
    })();
    const t1 = dayushu.indicators.T1!;
    expect(row.getCell(3).value).toBe(t1.score);
    expect(row.getCell(3).numFmt).toBe(t1.score === 7 ? '0.00"(达标)"' : "0.00");
  });

  it("keeps 样本不足 (a minimum base), red and yellow marks, and the caps", () => {
    const small = iDoc.tables.find((t) => t.caption === "表4 二类法庭审判工作各项指标完成情况")!;
    const jirigalangtu = small.rows.find((r) => r[0]!.join("") === "吉日嘎郎吐人民法庭")!;
    const t5 = internal.rulebook.sections[0]!.indicators.findIndex((i) => i.key === "T5");
    expect(iEngine.units.find((u) => u.unit === "jirigalangtu")!.indicators.T5!.explanation!.nullReason).toBe("smallBase");
    expect(jirigalangtu[1 + t5]![0]).toBe("样本不足");
    const warn = iDoc.tables.find((t) => t.caption.includes("预警情况"))!;
    expect(warn.rows.some((r) => r[0]!.join("") === "红色预警")).toBe(true);
    // the red list in court order, not in rank order
    const reds = warn.rows.find((r) => r[1]!.join("").startsWith("执结率") && r[0]!.join("") === "红色预警")![2]!.join("");
    const order = [...reds.matchAll(/(\p{Script=Han}+人民法庭)\(/gu)].map((m) => m[1]!);
    expect(order).toEqual(courtOrder.map(name).filter((n) => order.includes(n)));
  });

  it("still freezes the engine's ranks in the snapshot (admin, hr and stats see them; the API hides them from leaders and heads)", () => {
    expect(iNotice.result.ranking).toBe("internal");
    expect(iNotice.result.units.map((u) => u.rank)).toEqual(iEngine.units.map((u) => u.rank));
  });

  it("says a correction without any rank change", async () => {
    // the first revision had 麦新's enforcement figures of February far higher, and so another order
    const wrong = internal.facts.map((f) =>
      f.unit === "maixin" && f.period === iPeriod ? { ...f, values: { ...f.values, enf_closed: f.values.enf_closed! + 60, enf_first_completed: f.values.enf_first_completed! + 30 } } : f,
    );
    const of = buildNoticeSnapshot({ rulebooks: [internal.rulebook], data: { ...internal, facts: wrong }, period: iPeriod, units: internal.units, revision: 1, number: "开法考〔2023〕2号", issuedBy: null, issuedAt: "2023-03-05T02:00:00.000Z" });
    const corrected = demoSnapshot(iPeriod, { revision: 2, number: "开法考〔2023〕4号", correction: { reason: "执行结案数录入有误", of } }, "internal");
    expect(corrected.correction!.changes.some((c) => c.what === "rank")).toBe(true);
    const d = await word(await noticeDocx(corrected));
    expectNoRank(d.text, "corrected docx");
    const said = d.paragraphs.find((p) => p.startsWith("更正内容:"))!;
    expect(said).toContain("数据更正:麦新人民法庭2023年2月");
    expect(said).toContain("总分变化:");
    // the table of the changes lists figures, scores and totals, never a rank
    const table = d.tables.find((t) => t.caption.endsWith("更正内容"))!;
    expect(new Set(table.rows.slice(1).map((r) => r[0]!.join("")))).toEqual(new Set(["数据", "指标得分", "总分"]));
  });
});

const gSummary = demoSummary("2023-Q1", {}, "grouped");
const gsDoc = await word(await summaryDocx(gSummary));
describe("a grouped quarterly summary", () => {

  it("prints the ranking, the rank paths and the totals group by group, and the movers within each group", async () => {
    expect(gsDoc.tables.map((t) => t.caption).filter((c) => /考核排名|各月/.test(c))).toEqual([
      "表1 2023年第一季度一类法庭考核排名(2023年1月至3月累计)",
      "表2 2023年第一季度二类法庭考核排名(2023年1月至3月累计)",
      "表3 一类法庭各月排名",
      "表4 二类法庭各月排名",
      "表5 一类法庭各月总分",
      "表6 二类法庭各月总分",
    ]);
    expect(gSummary.movers!.climb).toBeNull();
    expect(gSummary.movers!.groups!.map((g) => g.group)).toEqual(["large", "small"]);
    for (const g of gSummary.movers!.groups!) for (const m of [g.climb, g.fall]) for (const u of m?.units ?? []) expect(groupOf.get(u)!.key).toBe(g.group);
    const movers = gsDoc.paragraphs.find((p) => p.startsWith("一类法庭中,"))!;
    expect(movers).toContain("二类法庭中,");
    const trend = (await workbook(await summaryXlsx(gSummary))).getWorksheet("走势")!;
    const captions: unknown[] = [];
    trend.eachRow((r) => void (String(r.getCell(1).value).startsWith("表") && captions.push(r.getCell(1).value)));
    expect(captions).toEqual(["表3 一类法庭各月排名", "表4 二类法庭各月排名", "表5 一类法庭各月总分", "表6 二类法庭各月总分"]);
  });
});

const iSummary = demoSummary("2022-Q4", {}, "internal");
const isDoc = await word(await summaryDocx(iSummary));
describe("a quarterly summary whose rulebook keeps ranking internal", () => {

  it("has no rank anywhere: no rank paths, no movers, no leaders", async () => {
    expectNoRank(isDoc.text, "docx");
    expectNoRank(workbookText(await workbook(await summaryXlsx(iSummary))), "xlsx");
    expectNoRank(summaryHtml(iSummary).replace(/<[^>]+>/g, ""), "html");
    expectNoRank(iSummary.commentary, "情况分析");
    expect(isDoc.tables.map((t) => t.caption).filter((c) => c.includes("各月"))).toEqual(["表5 一类法庭各月总分", "表6 二类法庭各月总分"]);
    expect(iSummary.commentary).toContain("得满分(达标)的指标数");
    // the year'iSummary penalty cap is said under the year-to-date table
    expect(isDoc.paragraphs).toContain("注:加减分封顶:吉日嘎郎吐人民法庭,扣分合计 3.50 分,超过扣分上限 3.00 分,按 3.00 分计。");
  });
});

const gAnnual = demoAnnual(2022, {}, "grouped");
const gaEngine = evaluateYear({ rulebooks: grouped.rulebook, data: grouped, year: 2022 });
const gaDoc = await word(await annualDocx(gAnnual));
describe("a grouped annual evaluation", () => {

  it("ranks, grades under each group's own quotas, rewards and talks within the group", () => {
    expect(gaDoc.tables.map((t) => t.caption)).toEqual([
      "表1 2022年度一类法庭绩效考核结果",
      "表2 2022年度二类法庭绩效考核结果",
      "表3 等次名额与评定",
      "表4 一类法庭等次评定依据",
      "表5 二类法庭等次评定依据",
    ]);
    for (const [i, g] of grouped.rulebook.groups.entries()) {
      const rows = gaDoc.tables[i]!.rows.slice(1).map((r) => r.map((c) => c.join("")));
      expect(rows.map((r) => [r[0], r[1]!.replace("(否决)", "")])).toEqual(gaEngine.units.filter((u) => u.group === g.key).map((u) => [String(u.rank), name(u.unit)]));
    }
    const quotas = gaDoc.tables[2]!.rows.slice(1).map((r) => r[1]!.join(""));
    expect(quotas).toHaveLength(gaEngine.quotas.length);
    expect(quotas.filter((q) => q.startsWith("一类法庭 "))).toHaveLength(quotas.length / 2);
    expect(quotas[0]).toBe("一类法庭 优秀:名额 4 × 25% = 1 个,评定 1 个");
    for (const g of grouped.rulebook.groups) {
      const top = gaEngine.units.filter((u) => u.group === g.key && u.rewards.length).map((u) => name(u.unit));
      expect(gaDoc.paragraphs).toContain(`${top.join("、")}被评为“先进法庭”(${g.name}年度排名前 2 名且年内无一票否决事项)。`);
    }
    for (const t of gAnnual.talks) {
      const u = gaEngine.units.find((x) => x.unit === t.unit)!;
      // the months it was last in its own group, as the gaEngine counts them
      expect(t.monthsLast).toHaveLength(u.monthsLast);
      expect(gaDoc.paragraphs.find((p) => p.startsWith(`${name(t.unit)}:`))).toContain(`位列${groupOf.get(t.unit)!.name}末位`);
    }
  });
});

const iAnnual = demoAnnual(2022, {}, "internal");
const iaDoc = await word(await annualDocx(iAnnual));
describe("an annual evaluation whose rulebook keeps ranking internal", () => {

  it("has grades, rewards, talks and vetoes, and no rank, first or last place", async () => {
    expectNoRank(iaDoc.text, "docx");
    expectNoRank(workbookText(await workbook(await annualXlsx(iAnnual))), "xlsx");
    expectNoRank(annualHtml(iAnnual).replace(/<[^>]+>/g, ""), "html");
    expectNoRank(iAnnual.commentary, "情况分析");
    const results = iaDoc.tables[0]!.rows.map((r) => r.map((c) => c.join("")));
    expect(results[0]).toEqual(["法庭", "审判工作", "执行工作", "评议考核", "总分", "等次"]);
    expect(results.slice(1).map((r) => r[0]!.replace("(否决)", ""))).toEqual(courtOrder.filter((k) => groupOf.get(k)!.key === "large").map(name));
    expect(iaDoc.text).toContain("被评为“先进法庭”");
    expect(iaDoc.text).toContain("二、等次评定");
    expect(iAnnual.talks.length).toBeGreaterThan(0);
    expect(iaDoc.paragraphs).toContain("对上述法庭进行约谈,由法庭负责人说明情况、提出整改措施。");
    expect(iaDoc.text).toContain("一票否决");
    // a talk is said without why in places: neither the year's last place nor the months it was last
    expect(iaDoc.text).toContain("属于考核办法规定的约谈情形");
    expect(iaDoc.text).not.toMatch(/\d+ ?个月的月度|月度考核结果属于/);
    expect(iAnnual.commentary).toContain("按考核办法规定列入约谈");
  });
});

describe("a tie for a grade's last place when ranks are kept internal", () => {
  it("is said as equal totals, not as a shared rank", async () => {
    // 建华 given 义和塔拉's figures, adjustments and committee scores: the two tie for 二类法庭's one 优秀
    const copy = <T extends { unit: string }>(rows: readonly T[]) => [...rows.filter((r) => r.unit !== "jianhua"), ...rows.filter((r) => r.unit === "yihetala").map((r) => ({ ...r, unit: "jianhua" }))];
    const data = { facts: copy(internal.facts), adjustments: copy(internal.adjustments), manual: copy(internal.manual) };
    const engine = evaluateYear({ rulebooks: internal.rulebook, data, year: 2022 });
    const tied = engine.units.filter((u) => u.unit === "jianhua" || u.unit === "yihetala");
    expect(tied.map((u) => u.gradeReason.code)).toEqual(["quotaTie", "quotaTie"]);
    const s = demoAnnual(2022, { data }, "internal");
    const doc = await word(await annualDocx(s));
    expectNoRank(doc.text, "docx");
    const reasons = doc.tables.find((t) => t.caption === "表5 二类法庭等次评定依据")!;
    const jianhua = reasons.rows.find((r) => r[0]!.join("") === "建华人民法庭")![2]!.join("");
    expect(jianhua).toContain("总分相同的 2 个法庭,优秀仅剩 1 个名额,不能都评为优秀");
  });
});

describe("a committee-scored indicator among measured ones", () => {
  it("is printed as a score in 分 — even with a percent sign for its unit — and stored as that number, 0.00", async () => {
    const raw = structuredClone(grouped.rulebook) as unknown as RulebookInput;
    const m1 = raw.sections.pop()!.indicators[0]!;
    raw.sections[0]!.indicators.push({ ...m1, unit: "%" });
    const rb = parseRulebook(raw, "mixed");
    const s = buildNoticeSnapshot({ rulebooks: [rb], data: grouped, period: "2023-03", units: grouped.units, revision: 1, number: null, issuedBy: null, issuedAt: "2023-04-05T02:00:00.000Z" });
    const dayushu = s.result.units.find((u) => u.unit === "dayushu")!.indicators.M1!;
    const doc = await word(await noticeDocx(s));
    const t = doc.tables.find((x) => x.caption === "表3 一类法庭审判工作各项指标完成情况")!;
    const at = t.rows[0]!.findIndex((c) => c.join("") === "庭务管理与作风建设评议(分)");
    expect(at).toBeGreaterThan(0);
    expect(t.rows[1]![at]).toEqual([dayushu.value!.toFixed(2), `第${dayushu.rank}名`]);
    // and its reasons after the section's indicator tables
    expect(doc.tables.map((x) => x.caption)).toContain("表5 一类法庭审判工作评议打分及理由");
    const ws = (await workbook(await noticeXlsx(s))).getWorksheet("各项指标")!;
    let cell: ExcelJS.Cell | undefined;
    ws.eachRow((r) => {
      if (r.getCell(1).value === "大榆树人民法庭" && !cell) cell = r.getCell(2 + 2 * (at - 1));
    });
    expect(cell?.value).toBe(dayushu.value);
    expect(cell?.numFmt).toBe("0.00");
  });
});
