/**
 * The court's profile (product.md "Documents a court office issues unedited"): every document
 * reads the court's name, 版头, 版记 and words from its snapshot, none from code.
 */
import { describe, expect, it } from "vitest";
import { demoCourt, DISTRICT_COURT_PROFILE as DISTRICT } from "@scorecard/demo";
import { DEFAULT_COURT_PROFILE, type Rulebook } from "@scorecard/rules";
import { buildAnnualSnapshot, renderAnnual } from "../annual";
import { buildNoticeSnapshot, renderNotice } from "../notice";
import { buildSummarySnapshot, renderSummary } from "../summary";
import { OFFICIAL_FORMATS } from "./render";
import { unzipText } from "./test-support";
import { demoAnnual } from "../annual/test-support";
import { demoSnapshot } from "../notice/test-support";
import { demoSummary } from "../summary/test-support";


/** The demo's data under another court's rulebook and names: its own 考核办法, basic courts for tribunals. */
function districtInput(number: string, issuedAt: string) {
  const d = demoCourt();
  const rulebook = JSON.parse(JSON.stringify(d.rulebook).replaceAll("开鲁县人民法院人民法庭", "某中级人民法院基层法院").replaceAll("法庭", "法院")) as Rulebook;
  return {
    rulebooks: [rulebook],
    data: { facts: d.facts, adjustments: d.adjustments, manual: d.manual },
    units: d.units.map((u, i) => ({ key: u.key, name: `${"甲乙丙丁戊己庚辛壬癸"[i]}县人民法院` })),
    profile: DISTRICT,
    revision: 1,
    number,
    issuedBy: { username: "stats", name: "刘统计" },
    issuedAt,
  };
}

/** Every text a file holds: each entry of a docx/xlsx archive, or the HTML page. */
async function texts(bytes: Uint8Array, format: string): Promise<string> {
  if (format === "html") return new TextDecoder().decode(bytes);
  return [...(await unzipText(bytes)).values()].join("\n");
}

describe("a second court's documents", () => {
  const documents = () => [
    { what: "notice", render: (f: (typeof OFFICIAL_FORMATS)[number]) => renderNotice(buildNoticeSnapshot({ ...districtInput("某中法考〔2023〕3号", "2023-04-05T02:00:00.000Z"), period: "2023-03" }), f) },
    { what: "summary", render: (f: (typeof OFFICIAL_FORMATS)[number]) => renderSummary(buildSummarySnapshot({ ...districtInput("某中法考〔2023〕5号", "2023-04-10T02:00:00.000Z"), quarter: "2023-Q1" }), f) },
    { what: "annual", render: (f: (typeof OFFICIAL_FORMATS)[number]) => renderAnnual(buildAnnualSnapshot({ ...districtInput("某中法考〔2023〕1号", "2023-01-10T02:00:00.000Z"), year: 2022 }), f) },
  ];

  it("a 中级人民法院 ranking its 基层法院: no 开鲁 and no 法庭 in any notice, summary or evaluation, Word, Excel or print", { timeout: 60_000 }, async () => {
    for (const d of documents())
      for (const f of OFFICIAL_FORMATS) {
        const text = await texts(await d.render(f), f);
        expect(text, `${d.what}.${f}`).toContain("某中级人民法院");
        expect(text.match(/.{0,20}(开鲁|法庭).{0,20}/u)?.[0] ?? null, `${d.what}.${f}`).toBeNull();
      }
  });

  it("carries its 版头 and 版记 and says its own words: 各基层人民法院, 全市, 政治部", { timeout: 60_000 }, async () => {
    const [notice, , annual] = documents();
    const html = await texts(await notice!.render("html"), "html");
    expect(html).toContain("某中法考〔2023〕3号");
    expect(html).toContain("各基层人民法院:");
    expect(html).toContain("审判管理办公室对2023年1月至3月累计全市");
    expect(html).toContain("抄送:院党组成员。");
    expect(html).toContain("某中级人民法院审判管理办公室");
    const evaluation = await texts(await annual!.render("html"), "html");
    expect(evaluation).toContain("某中级人民法院政治部");
    expect(evaluation).toContain("抄送:院党组成员,审判管理办公室。");
    expect(evaluation).toContain("先进法院");
  });
});

describe("the demo court's documents", () => {
  it("are the same bytes with the demo court's profile in the snapshot as without one (a snapshot from before profiles)", { timeout: 60_000 }, async () => {
    const pairs = [
      [demoSnapshot(), demoSnapshot("2023-03", { profile: DEFAULT_COURT_PROFILE })] as const,
    ];
    for (const [old, now] of pairs) {
      expect(now.profile).toEqual(DEFAULT_COURT_PROFILE);
      expect(old.profile).toBeUndefined();
      for (const f of OFFICIAL_FORMATS) expect(Buffer.from(await renderNotice(now, f)).equals(Buffer.from(await renderNotice(old, f))), f).toBe(true);
    }
    for (const f of OFFICIAL_FORMATS) {
      expect(Buffer.from(await renderSummary(demoSummary("2023-Q1", { profile: DEFAULT_COURT_PROFILE }), f)).equals(Buffer.from(await renderSummary(demoSummary(), f))), f).toBe(true);
      expect(Buffer.from(await renderAnnual(demoAnnual(2022, { profile: DEFAULT_COURT_PROFILE }), f)).equals(Buffer.from(await renderAnnual(demoAnnual(), f))), f).toBe(true);
    }
  });

  it("issue the annual evaluation by 政治处 with its own 抄送, and the notice by 审判管理办公室", async () => {
    const annual = new TextDecoder().decode(await renderAnnual(demoAnnual(), "html"));
    expect(annual).toContain("开鲁县人民法院政治处");
    expect(annual).toContain("抄送:院党组成员,审判管理办公室。");
    const notice = new TextDecoder().decode(await renderNotice(demoSnapshot(), "html"));
    expect(notice).toContain("开鲁县人民法院审判管理办公室");
    expect(notice).toContain("各人民法庭:");
  });
});
