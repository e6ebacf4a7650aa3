import { describe, expect, it } from "vitest";
import { demoCourt } from "@scorecard/demo";
import { scorePeriod } from "@scorecard/scoring";
import { noticeDocx } from "./docx";
import { noticeXlsx } from "./xlsx";
import { all, demoSnapshot, first, parseXml, unzipText, wordText, type XmlNode } from "./test-support";

const snapshot = demoSnapshot();
const files = await unzipText(await noticeDocx(snapshot));
const doc = parseXml(files.get("word/document.xml")!);
const styles = parseXml(files.get("word/styles.xml")!);
const paragraphs = all(doc, "w:p");
const tables = all(doc, "w:tbl");
const byText = (text: string) => paragraphs.find((p) => wordText(p) === text);

/** The run properties in force for a paragraph's first run: its own, else its style's, else the defaults. */
function runProps(p: XmlNode): { fonts: Record<string, string>; size: string | undefined; color: string | undefined } {
  const rPr = all(p, "w:rPr")[0];
  const styleId = all(p, "w:pStyle")[0]?.attrs["w:val"];
  const style = styleId ? all(styles, "w:style").find((s) => s.attrs["w:styleId"] === styleId) : undefined;
  const defaults = first(styles, "w:rPrDefault");
  const pick = (name: string) => (rPr && all(rPr, name)[0]) ?? (style && all(style, name)[0]) ?? all(defaults, name)[0];
  return { fonts: pick("w:rFonts")?.attrs ?? {}, size: pick("w:sz")?.attrs["w:val"], color: pick("w:color")?.attrs["w:val"] };
}

describe("the Word notice (GB/T 9704-2012)", () => {
  it("is A4 with the margins of the standard, in twips, and a 22-line grid", () => {
    const sect = all(doc, "w:sectPr").at(-1)!;
    expect(first(sect, "w:pgSz").attrs).toMatchObject({ "w:w": "11906", "w:h": "16838" });
    expect(first(sect, "w:pgMar").attrs).toMatchObject({ "w:top": "2098", "w:bottom": "1984", "w:left": "1587", "w:right": "1474" });
    expect(first(sect, "w:docGrid").attrs).toMatchObject({ "w:linePitch": "579" });
  });

  it("sets the body in 3号 仿宋_GB2312 at exactly 28.95 pt, condensed so that 28 characters fill the 156 mm line", () => {
    const defaults = first(styles, "w:rPrDefault");
    expect(first(defaults, "w:rFonts").attrs["w:eastAsia"]).toBe("仿宋_GB2312");
    expect(first(defaults, "w:sz").attrs["w:val"]).toBe("32");
    expect(first(first(styles, "w:pPrDefault"), "w:spacing").attrs).toMatchObject({ "w:line": "579", "w:lineRule": "exact" });
    const spacing = Number(first(defaults, "w:spacing").attrs["w:val"]);
    // 28 characters of 16 pt plus the spacing fit 156 mm (442.25 pt); 29 do not
    expect(28 * (16 + spacing / 20)).toBeLessThanOrEqual(442.25);
    expect(29 * (16 + spacing / 20)).toBeGreaterThan(442.25);
  });

  it("has the 发文机关标志 in red 小标宋, the 发文字号, the red line, and the title in 2号 方正小标宋简体", () => {
    const mark = byText("开鲁县人民法院")!;
    expect(runProps(mark).fonts["w:eastAsia"]).toBe("方正小标宋简体");
    expect(runProps(mark).color).toBe("FF0000");
    expect(first(mark, "w:jc").attrs["w:val"]).toBe("center");
    const number = byText("开法考〔2023〕3号")!;
    expect(first(number, "w:jc").attrs["w:val"]).toBe("center");
    expect(first(first(number, "w:pBdr"), "w:bottom").attrs["w:color"]).toBe("FF0000");
    const title = byText("关于2023年3月人民法庭审判执行工作绩效考核情况的通报")!;
    expect(runProps(title)).toMatchObject({ size: "44", fonts: { "w:eastAsia": "方正小标宋简体" } });
    expect(paragraphs.indexOf(mark)).toBeLessThan(paragraphs.indexOf(number));
    expect(paragraphs.indexOf(number)).toBeLessThan(paragraphs.indexOf(title));
  });

  it("sets 一级标题 in 黑体 and 二级标题 in 楷体_GB2312, body paragraphs in 仿宋_GB2312 at 16 pt", () => {
    const h1 = byText("一、考核排名情况")!;
    expect(runProps(h1)).toMatchObject({ size: "32", fonts: { "w:eastAsia": "黑体" } });
    const h2 = byText("(一)审判工作")!;
    expect(runProps(h2)).toMatchObject({ size: "32", fonts: { "w:eastAsia": "楷体_GB2312" } });
    const body = paragraphs.find((p) => wordText(p).startsWith("从排名情况看"))!;
    expect(runProps(body)).toMatchObject({ size: "32", fonts: { "w:eastAsia": "仿宋_GB2312" } });
  });

  it("numbers pages “— 1 —” in 4号 宋体, right on odd pages and left on even pages", () => {
    const settings = files.get("word/settings.xml")!;
    expect(settings).toContain("<w:evenAndOddHeaders/>");
    const sect = all(doc, "w:sectPr").at(-1)!;
    const refs = all(sect, "w:footerReference").map((r) => r.attrs["w:type"]).sort();
    expect(refs).toEqual(["default", "even"]);
    const rels = files.get("word/_rels/document.xml.rels")!;
    for (const [type, align] of [["default", "right"], ["even", "left"]] as const) {
      const id = all(sect, "w:footerReference").find((r) => r.attrs["w:type"] === type)!.attrs["r:id"];
      const target = new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`Target="([^"]+)"[^>]*Id="${id}"`).exec(rels)?.[1];
      const footer = parseXml(files.get(`word/${target}`)!);
      const p = first(footer, "w:p");
      expect(wordText(p)).toBe("— " + " —");
      expect(all(p, "w:instrText").map((t) => t.text.trim())).toEqual(["PAGE"]);
      expect(first(p, "w:jc").attrs["w:val"]).toBe(align);
      expect(first(p, "w:rFonts").attrs["w:eastAsia"]).toBe("宋体");
      expect(first(p, "w:sz").attrs["w:val"]).toBe("28");
    }
  });

  it("ranks the eight tribunals exactly as the engine does, with the tribunals' names", () => {
    const d = demoCourt();
    const engine = scorePeriod({ rulebooks: d.rulebook, data: d, period: "2023-03" });
    const names = new Map(d.units.map((u) => [u.key, u.name]));
    const ranking = tables[0]!;
    const rows = all(ranking, "w:tr").map((tr) => all(tr, "w:tc").map(wordText));
    expect(rows[0]).toEqual(["名次", "较上月", "法庭", "审判工作", "执行工作", "加分", "扣分", "总分"]);
    expect(rows.slice(1)).toEqual(
      engine.units.map((u) => [String(u.rank), "持平", names.get(u.unit), u.sections.trial!.toFixed(2), u.sections.enforcement!.toFixed(2), u.bonus.toFixed(2), u.penalty.toFixed(2), u.total.toFixed(2)]),
    );
    expect(rows).toHaveLength(9);
    // every table fits the 156 mm type area, its header row repeated on each page
    for (const t of tables) {
      expect(first(t, "w:tblW").attrs["w:w"]).toBe(String(11906 - 1587 - 1474));
      expect(all(first(t, "w:tblGrid"), "w:gridCol").reduce((a, c) => a + Number(c.attrs["w:w"]), 0)).toBe(8845);
    }
    expect(all(all(ranking, "w:tr")[0]!, "w:tblHeader")).toHaveLength(1);
  });

  it("lists each indicator's values and ranks per section, as the engine computed them", () => {
    const d = demoCourt();
    const engine = scorePeriod({ rulebooks: d.rulebook, data: d, period: "2023-03" });
    const maixin = engine.units.find((u) => u.unit === "maixin")!;
    const trial = tables[1]!;
    const header = all(all(trial, "w:tr")[0]!, "w:tc").map(wordText);
    expect(header).toEqual(["法庭", ...d.rulebook.sections[0]!.indicators.map((i) => (i.unit ? `${i.name}(${i.unit})` : i.name))]);
    const row = all(trial, "w:tr").find((tr) => wordText(all(tr, "w:tc")[0]!) === "麦新人民法庭")!;
    const cells = all(row, "w:tc").slice(1).map((tc) => all(tc, "w:p").map(wordText));
    const t1 = maixin.indicators.T1!;
    expect(cells[0]).toEqual([(t1.value! * 100).toFixed(2), `第${t1.rank}名`]);
  });

  it("ends with the 署名, the 成文日期 in Asia/Shanghai and the 印发 block", () => {
    const texts = paragraphs.map(wordText);
    const date = texts.indexOf("2023年4月5日");
    expect(date).toBeGreaterThan(0);
    expect(texts[date - 1]).toBe("开鲁县人民法院");
    expect(first(paragraphs[date]!, "w:jc").attrs["w:val"]).toBe("right");
    // the 版记: a text box anchored to the foot of the last page, after the date
    const box = all(doc, "v:shape").at(-1)!;
    expect(box.attrs.style).toContain("mso-position-vertical:bottom");
    expect(all(box, "w:p").map(wordText)).toEqual(["抄送:院党组成员。", "开鲁县人民法院审判管理办公室2023年4月5日印发"]);
  });

  it("dates the notice by the day in Asia/Shanghai: 17:30 UTC on 5 April is already 6 April there", async () => {
    const late = await unzipText(await noticeDocx(demoSnapshot("2023-03", { issuedAt: "2023-04-05T17:30:00.000Z" })));
    const texts = all(parseXml(late.get("word/document.xml")!), "w:p").map(wordText);
    expect(texts).toContain("2023年4月6日");
    expect(texts).not.toContain("2023年4月5日");
  });

  it("carries the issued time as the file's dates, and nothing of the clock", () => {
    const core = files.get("docProps/core.xml")!;
    expect(core).toContain(">2023-04-05T02:00:00Z</dcterms:created>");
    expect(core).toContain(">2023-04-05T02:00:00Z</dcterms:modified>");
  });

  it("marks a draft 草稿 in place of a number and at the top of every page", async () => {
    const draft = await unzipText(await noticeDocx(demoSnapshot("2023-03", { number: null })));
    const body = parseXml(draft.get("word/document.xml")!);
    const texts = all(body, "w:p").map(wordText);
    expect(texts).toContain("草  稿(未发布,无文号)");
    expect(texts.some((t) => t.includes("开法考"))).toBe(false);
    const header = [...draft.keys()].filter((k) => /^word\/header\d+\.xml$/.test(k));
    expect(header.length).toBeGreaterThan(0);
    for (const h of header) expect(wordText(parseXml(draft.get(h)!))).toContain("草稿");
  });

  it("escapes user text: a commentary and a correction reason with <>&\"' come back as written", async () => {
    const evil = `<b>“大榆树”&'第一'</b> "quoted" <script>alert(1)</script>`;
    const s = demoSnapshot("2023-03", { commentary: `${evil}\n第二段 & <i>` });
    const out = await unzipText(await noticeDocx(s));
    const xml = out.get("word/document.xml")!;
    expect(xml).not.toContain("<script>");
    expect(xml).not.toContain("<b>“");
    const texts = all(parseXml(xml), "w:p").map(wordText);
    expect(texts).toContain(evil);
    expect(texts).toContain("第二段 & <i>");
  });
});

describe("the Word notice as an office issues it", () => {
  it("prints no data check: the statistician's acknowledged warnings stay in the snapshot (and the audit log)", async () => {
    const warned = demoSnapshot("2023-03", { dataWarnings: [{ kind: "jump", period: "2023-03", unit: "dayushu", field: "trial_closed", zh: "大榆树人民法庭 审判结案数 是前 6 个月中位数的 4.71 倍,请核实。", en: "x" }] as never });
    expect(warned.dataWarnings).toHaveLength(1);
    for (const bytes of [await noticeDocx(warned), await noticeXlsx(warned)]) {
      const text = [...(await unzipText(bytes)).values()].join("");
      expect(text).not.toContain("数据核查");
      expect(text).not.toContain("请核实");
      expect(text).not.toContain("4.71 倍");
    }
  });

  it("breaks the title between words only, and keeps its tables off the line grid (a cell line is not a 28.95 pt body line)", () => {
    const title = paragraphs.find((p) => wordText(p).startsWith("关于2023年3月"))!;
    expect(all(title, "w:br")).toHaveLength(1);
    expect(all(title, "w:t").map((t) => t.text)).toEqual(["关于2023年3月人民法庭审判执行", "工作绩效考核情况的通报"]);
    for (const t of tables) for (const p of all(t, "w:p")) expect(first(p, "w:snapToGrid").attrs["w:val"]).toBe("0");
  });
});
