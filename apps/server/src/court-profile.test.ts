/**
 * The court's profile over real HTTP, on SQLite and PostgreSQL (product.md "Documents a court office
 * issues unedited"): after the administrator changes it, the next published notice carries it — its
 * 版头, 版记, number and words — and the revision published before downloads byte for byte as it did.
 */
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DISTRICT_COURT_PROFILE as DISTRICT } from "@scorecard/demo";
import { describeResult, startTestServer, testBackends, type ApiClient, type TestServer } from "./test-server";

const FORMATS = ["docx", "xlsx", "html"] as const;

describe.each(testBackends())("the court's profile in what is published (%s)", (backend) => {
  let t: TestServer;
  let admin: ApiClient, stats: ApiClient, head: ApiClient;
  const first = new Map<string, Buffer>();
  const download = async (format: string, revision?: number) => {
    const r = await head.files<Buffer>(`/files/notice?period=2023-03&format=${format}${revision ? `&revision=${revision}` : ""}`);
    expect(r.ok, describeResult(r)).toBe(true);
    return Buffer.from(r.data);
  };
  const publishMarch = async (expectedNumber: string) => {
    const draft = await stats.query<{ commentary: string; nextNumber: string }>("notices.draft", { period: "2023-03" });
    expect(draft.data.nextNumber).toBe(expectedNumber);
    const r = await stats.mutate<{ number: string }>("notices.publish", { period: "2023-03", commentary: draft.data.commentary, acknowledgeWarnings: true, expectedNumber });
    expect(r.ok, describeResult(r)).toBe(true);
    return r.data.number;
  };

  beforeAll(async () => {
    t = await startTestServer(backend, { clock: () => new Date("2023-04-10T02:00:00Z") });
    [admin, stats, head] = [await t.login("admin"), await t.login("stats"), await t.login("head-heilongba")];
    expect(await publishMarch("开法考〔2023〕4号")).toBe("开法考〔2023〕4号");
    for (const f of FORMATS) first.set(f, await download(f));
  }, 180_000);
  afterAll(() => t?.stop());

  it("the notice published after the change carries the new profile; the one before keeps its bytes", { timeout: 120_000 }, async () => {
    const saved = await admin.mutate("court.updateProfile", DISTRICT);
    expect(saved.ok, describeResult(saved)).toBe(true);
    expect((await stats.mutate("notices.correct", { period: "2023-03", reason: "本院信息变更后重新印发" })).ok).toBe(true);
    expect(await publishMarch("某中法考〔2023〕5号")).toBe("某中法考〔2023〕5号");

    // revision 1, as published before the change: the same bytes in every format
    for (const f of FORMATS) expect((await download(f, 1)).equals(first.get(f)!), f).toBe(true);
    const before = first.get("html")!.toString("utf8");
    expect(before).toContain("开法考〔2023〕4号");
    expect(before).toContain("各人民法庭:");

    // revision 2 speaks as the new profile: its 版头, 主送, body, 版记 and number
    const html = (await download("html", 2)).toString("utf8");
    for (const text of ["某中法考〔2023〕5号", "各基层人民法院:", "审判管理办公室对2023年1月至3月累计全市8个基层人民法院", "某中级人民法院审判管理办公室", "抄送:院党组成员。"]) expect(html).toContain(text);
    // the correction names the revision it corrects by that revision's own number
    expect(html).toContain("现对开法考〔2023〕4号通报予以更正");
    expect(html).not.toContain("开鲁县人民法院审判管理办公室");
    // (its 情况分析 is the text published before, as a correction starts from it: the statistician edits it)
    expect(html.match(/.{0,40}各人民法庭.{0,40}/g)).toEqual([expect.stringContaining("请各人民法庭对照本通报")]);
    const xml = await (await JSZip.loadAsync(await download("docx", 2))).file("word/document.xml")!.async("string");
    expect(xml).toContain("某中级人民法院");
    expect(xml).toContain("各基层人民法院");
    expect(xml).not.toContain("开鲁县人民法院审判管理办公室");
  });
});
