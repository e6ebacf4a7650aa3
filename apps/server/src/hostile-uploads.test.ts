/**
 * Uploads never hold the server (issue 17, item 1), over real HTTP: the probe's worst upload — the
 * facts template plus 70,000 rows of unknown tribunal codes — is read in a worker thread and
 * refused in Chinese while /healthz and a ranking keep answering, and the server's memory comes
 * back; a 4.5 MB committee-score CSV gets a short answer; a file with thousands of problems lists
 * the first 200 and the total, and the whole list downloads as .xlsx. The figures are printed.
 */
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, testBackends, withoutSessionTables, type ApiClient, type TestServer } from "./test-server";

const mb = (n: number) => Math.round(n / 1024 / 1024);

/** The month's template with `rows` more rows of unknown tribunal codes in its 数据填报 sheet, as the probe sent. */
async function templatePlusUnknownRows(template: Buffer, rows: number): Promise<Buffer> {
  const zip = await JSZip.loadAsync(template);
  const wbXml = await zip.file("xl/workbook.xml")!.async("string");
  const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
  const rid = /<sheet [^>]*name="数据填报"[^>]*r:id="([^"]+)"/.exec(wbXml)![1]!;
  const target = new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`Target="([^"]+)"[^>]*Id="${rid}"`).exec(rels)![1]!;
  const path = `xl/${target.replace(/^\/?xl\//, "")}`;
  const xml = await zip.file(path)!.async("string");
  const start = (xml.match(/<row /g)?.length ?? 0) + 1;
  const extra: string[] = [];
  for (let i = 0; i < rows; i++) {
    const r = start + i;
    extra.push(`<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>zz${i}</t></is></c><c r="C${r}"><v>1</v></c></row>`);
  }
  zip.file(path, xml.replace("</sheetData>", `${extra.join("")}</sheetData>`));
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}

async function settledRss(limit: number): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  let rss = process.memoryUsage().rss;
  for (let i = 0; i < 40 && rss > limit; i++) {
    gc?.();
    await new Promise((r) => setTimeout(r, 250));
    rss = process.memoryUsage().rss;
  }
  return rss;
}

/** Times /healthz and scores.ranking, one after the other, until `done` settles; returns the slowest of each. */
async function probeWhile(t: TestServer, reader: ApiClient, done: Promise<unknown>) {
  let finished = false;
  void done.finally(() => (finished = true));
  const worst = { healthz: 0, ranking: 0, calls: 0, failures: 0 };
  while (!finished) {
    let at = performance.now();
    const h = await fetch(`${t.url}/healthz`);
    worst.healthz = Math.max(worst.healthz, performance.now() - at);
    at = performance.now();
    const r = await reader.query("scores.ranking", { period: "2023-02" });
    worst.ranking = Math.max(worst.ranking, performance.now() - at);
    worst.calls++;
    if (h.status !== 200 || !r.ok) worst.failures++;
    await new Promise((res) => setTimeout(res, 20));
  }
  return worst;
}


describe.each(testBackends())(`hostile uploads through /files (%s)`, (backend) => {
  let t: TestServer;
  let stats: ApiClient;
  let hr: ApiClient;
  let leader: ApiClient;
  beforeAll(async () => {
    t = await startTestServer(backend);
    [stats, hr, leader] = await Promise.all([t.login("stats"), t.login("hr"), t.login("leader1")]);
  }, 60_000);
  afterAll(() => t?.stop());

  it("reads the probe's worst facts upload (template + 70,000 unknown rows) off the event loop: /healthz and a ranking answer, a Chinese refusal, memory back", { timeout: 120_000 }, async () => {
    const template = Buffer.from(await (await stats.fetch("/files/facts-template?period=2023-03")).arrayBuffer());
    const file = await templatePlusUnknownRows(template, 70_000);
    const dump = withoutSessionTables(await t.dump());
    const before = await settledRss(0);
    let peak = before;
    const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const started = performance.now();
    const upload = stats.files(`/files/facts-import?period=2023-03&name=${encodeURIComponent("填报.xlsx")}`, {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: file,
    });
    const worst = await probeWhile(t, leader, upload);
    const answer = await upload;
    const took = performance.now() - started;
    clearInterval(sample);
    expect(answer.code).toBe("BAD_REQUEST");
    expect(answer.message).toMatch(/^填报\.xlsx:文件有 \d+ 行,远超考核数据填报表可能有的行数\(至多 1000 行,每个法庭一行\),未导入任何数据。/);
    expect(worst.failures).toBe(0);
    expect(worst.healthz).toBeLessThan(1000);
    expect(worst.ranking).toBeLessThan(1000);
    expect(withoutSessionTables(await t.dump())).toEqual(dump);
    const after = await settledRss(before + 50 * 1024 * 1024);
    console.log(
      `worst facts upload (${Math.round(file.length / 1024)} KB, 70,000 unknown rows): answered ${answer.status} in ${Math.round(took)} ms; ` +
        `${worst.calls} rounds of /healthz + scores.ranking meanwhile, slowest ${Math.round(worst.healthz)} ms / ${Math.round(worst.ranking)} ms; ` +
        `RSS ${mb(before)} MB before, peak ${mb(peak)} MB, ${mb(after)} MB after`,
    );
    expect(after - before).toBeLessThan(50 * 1024 * 1024);
  });

  it("answers a 4.5 MB committee-score CSV briefly, in Chinese, and keeps answering meanwhile", { timeout: 60_000 }, async () => {
    const body = `period,unit,indicator,score,reason\n${Array.from({ length: 135_000 }, (_, i) => `2023-03,zz${i},M1,abc,理由${i}`).join("\n")}\n`;
    expect(body.length).toBeGreaterThan(2_000_000);
    const started = performance.now();
    const upload = hr.files(`/files/manual-import?period=2023-03&name=m.csv`, { method: "POST", headers: { "content-type": "text/csv" }, body });
    const worst = await probeWhile(t, leader, upload);
    const answer = await upload;
    const size = JSON.stringify(answer.body).length;
    console.log(
      `committee-score CSV of ${(Buffer.byteLength(body) / 1024 / 1024).toFixed(1)} MB: answered ${answer.status} in ${Math.round(performance.now() - started)} ms, ${size} bytes; ` +
        `slowest /healthz ${Math.round(worst.healthz)} ms, scores.ranking ${Math.round(worst.ranking)} ms`,
    );
    expect(answer.code).toBe("BAD_REQUEST");
    expect(answer.message).toMatch(/^m\.csv:文件有 135001 行,远超一个月的评议分数可能有的行数/);
    expect(size).toBeLessThan(10_000);
    expect(worst.healthz).toBeLessThan(1000);
    expect(worst.ranking).toBeLessThan(1000);
  });

  it("lists the first 200 problems in file order with the total, and the whole list downloads as .xlsx for the uploader only", { timeout: 60_000 }, async () => {
    const n = 3000;
    const body = `period,unit,indicator,score,reason\n${Array.from({ length: n }, (_, i) => `2023-03,zz${i},M1,1,理由`).join("\n")}\n`;
    const answer = await hr.files(`/files/manual-import?period=2023-03&name=many.csv`, { method: "POST", headers: { "content-type": "text/csv" }, body });
    expect(answer.code).toBe("BAD_REQUEST");
    const error = (answer.body as { error: { problems: Array<{ line: number }>; problemsTotal: number; problemsFile: string } }).error;
    expect(error.problems).toHaveLength(200);
    expect(error.problems.map((p) => p.line)).toEqual(Array.from({ length: 200 }, (_, i) => i + 2));
    expect(error.problemsTotal).toBe(n);
    expect(answer.message).toContain(`以上只列出前 200 个问题,共 ${n} 个;完整清单可下载(Excel):${error.problemsFile}`);
    console.log(`a CSV of ${n} bad lines: answer ${JSON.stringify(answer.body).length} bytes, ${error.problems.length} problems listed of ${error.problemsTotal}`);

    const res = await hr.fetch(error.problemsFile);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain(encodeURIComponent("导入问题清单-many.xlsx"));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(n + 1);
    expect(String(ws.getRow(2).getCell(2).value)).toBe("many.csv 第 2 行 第 2 列");
    // someone else (even HR's colleague stats) gets no list
    const other = await stats.files(error.problemsFile);
    expect(other.code).toBe("NOT_FOUND");
    expect(other.message).toContain("找不到这份问题清单");
  });
});
