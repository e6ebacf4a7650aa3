/**
 * The Excel round trip through /files (product.md "The monthly cycle", step 1): download the
 * month's template, change a figure, upload the raw bytes, see the difference, commit it; a file
 * with any error is refused with its row and column and changes nothing.
 */
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeResult, startTestServer, testBackends, withoutSessionTables, type ApiClient, type TestServer } from "./test-server";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const SHEET = "数据填报";

interface Problem {
  zh: string;
  en: string;
  file?: string;
  line?: number;
  column?: number;
  field?: string;
}
interface Preview {
  importId: string;
  diff: {
    period: string;
    changedUnits: number;
    changedCells: number;
    units: Array<{ unit: string; status: string; changes: Array<{ field: string; label: string; from: number | null; to: number }> }>;
  };
}
interface Facts {
  rows: Array<{ unit: string; values: Record<string, number>; version: number }>;
}

/** The row (1-based) of a tribunal and the column (1-based) of a field label in the template. */
function locate(ws: ExcelJS.Worksheet, unit: string, label: string): { row: number; column: number } {
  let row = 0;
  let column = 0;
  ws.eachRow((r, n) => {
    if (r.getCell(1).value === unit) row = n;
  });
  ws.getRow(1).eachCell((c, n) => {
    if (c.value === label) column = n;
  });
  if (!row || !column) throw new Error(`${unit}/${label} not in the template`);
  return { row, column };
}

async function editWorkbook(template: Buffer, edit: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(template as unknown as ArrayBuffer);
  const ws = wb.getWorksheet(SHEET);
  if (!ws) throw new Error(`no sheet ${SHEET}`);
  edit(ws);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe.each(testBackends())("Excel import through /files (%s)", (backend) => {
  let t: TestServer;
  let stats: ApiClient;
  let admin: ApiClient;
  let head: ApiClient;

  beforeAll(async () => {
    t = await startTestServer(backend);
    [stats, admin, head] = await Promise.all([t.login("stats"), t.login("admin"), t.login("head-dayushu")]);
  }, 60_000);
  afterAll(() => t?.stop());

  const template = async (client: ApiClient = stats, period = "2023-03") => client.fetch(`/files/facts-template?period=${period}`);
  const upload = (body: Uint8Array, opts: { client?: ApiClient; period?: string; name?: string; type?: string } = {}) =>
    (opts.client ?? stats).fetch(`/files/facts-import?period=${opts.period ?? "2023-03"}&name=${encodeURIComponent(opts.name ?? "x.xlsx")}`, {
      method: "POST",
      headers: { "content-type": opts.type ?? "application/octet-stream" },
      body,
    });
  const templateBytes = async () => {
    const res = await template();
    expect(res.status).toBe(200);
    return Buffer.from(await res.arrayBuffer());
  };
  const facts = async () => (await stats.query<Facts>("facts.get", { period: "2023-03" })).data.rows;
  const ranking = async () =>
    (await stats.query<{ units: Array<{ unit: string; total: number; indicators: Record<string, { value: number }> }> }>("scores.ranking", { period: "2023-03" })).data.units;
  const stableDump = async () => withoutSessionTables(await t.dump());

  it("downloads the month's template as an xlsx workbook", async () => {
    const res = await template();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(XLSX);
    expect(res.headers.get("content-disposition")).toContain(encodeURIComponent("2023-03"));
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]); // PK\3\4
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const ws = wb.getWorksheet(SHEET)!;
    expect(ws.getRow(1).getCell(1).value).toBe("法庭代码");
    const stored = (await facts()).find((r) => r.unit === "dayushu")!;
    const { row, column } = locate(ws, "dayushu", "审判结案数");
    expect(ws.getRow(row).getCell(column).value).toBe(stored.values.trial_closed);
  });

  it("previews exactly the one changed figure, commits it with one audit entry, and the ranking changes", async () => {
    const before = (await facts()).find((r) => r.unit === "dayushu")!;
    const rankingBefore = (await ranking()).find((u) => u.unit === "dayushu")!;
    const newValue = before.values.trial_closed! + 20; // a whole stays at least its parts (data checks)
    const file = await editWorkbook(await templateBytes(), (ws) => {
      const { row, column } = locate(ws, "dayushu", "审判结案数");
      ws.getRow(row).getCell(column).value = newValue;
    });

    const dumpBeforePreview = await stableDump();
    const res = await upload(file);
    expect(res.status).toBe(200);
    const preview = (await res.json()) as Preview;
    expect(preview.importId).toMatch(/^[0-9a-f-]{36}$/);
    expect(preview.diff.changedUnits).toBe(1);
    expect(preview.diff.changedCells).toBe(1);
    const changed = preview.diff.units.filter((u) => u.status !== "unchanged");
    expect(changed).toEqual([{ unit: "dayushu", name: expect.any(String), status: "changed", changes: [{ field: "trial_closed", label: "审判结案数", from: before.values.trial_closed, to: newValue }] }]);
    expect(preview.diff.units.filter((u) => u.status === "unchanged")).toHaveLength(7);

    // a preview writes no figure and no audit entry (only the pending import itself)
    const afterPreview = await stableDump();
    expect({ ...afterPreview, imports: [] }).toEqual({ ...dumpBeforePreview, imports: [] });
    expect(afterPreview.imports!.length).toBe(dumpBeforePreview.imports!.length + 1);

    const auditBefore = await admin.query<Array<{ id: number }>>("audit.list", { limit: 1 });
    const commit = await stats.mutate<{ period: string; changedUnits: number }>("facts.importCommit", { importId: preview.importId });
    expect(commit.ok, describeResult(commit)).toBe(true);
    expect(commit.data).toEqual({ period: "2023-03", changedUnits: 1 });

    const after = (await facts()).find((r) => r.unit === "dayushu")!;
    expect(after.values).toEqual({ ...before.values, trial_closed: newValue });
    expect(after.version).toBe(before.version + 1);

    const audit = await admin.query<Array<{ id: number; action: string; target: string; user: string; before: unknown; after: unknown }>>("audit.list", { limit: 50 });
    const fresh = audit.data.filter((e) => e.id > auditBefore.data[0]!.id);
    expect(fresh).toHaveLength(1);
    expect(fresh[0]).toMatchObject({ action: "facts.import", target: "2023-03/dayushu", user: "stats", before: before.values, after: after.values });

    const rankingAfter = (await ranking()).find((u) => u.unit === "dayushu")!;
    expect(rankingAfter.indicators.T1!.value).not.toBe(rankingBefore.indicators.T1!.value);
    expect(rankingAfter.total).not.toBe(rankingBefore.total);

    // an import is committed once
    const again = await stats.mutate("facts.importCommit", { importId: preview.importId });
    expect(again.code).toBe("BAD_REQUEST");
  });

  it("refuses a workbook with a text in a number cell, naming its row and column, and changes nothing", async () => {
    const dump = await stableDump();
    let where = { row: 0, column: 0 };
    const file = await editWorkbook(await templateBytes(), (ws) => {
      where = locate(ws, "dongfeng", "执行结案数");
      ws.getRow(where.row).getCell(where.column).value = "十二";
    });
    const res = await upload(file);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string; problems: Problem[] } };
    expect(body.error.code).toBe("BAD_REQUEST");
    expect(body.error.problems).toEqual([expect.objectContaining({ line: where.row, column: where.column, field: "enf_closed", file: "x.xlsx" })]);
    expect(body.error.message).toContain(`第 ${where.row} 行`);
    expect(await stableDump()).toEqual(dump);
  });

  it("lists every error of a workbook, not only the first", async () => {
    const dump = await stableDump();
    const file = await editWorkbook(await templateBytes(), (ws) => {
      const a = locate(ws, "maixin", "审判结案数");
      ws.getRow(a.row).getCell(a.column).value = -3;
      const b = locate(ws, "jianhua", "执行收案数");
      ws.getRow(b.row).getCell(b.column).value = "12%";
    });
    const res = await upload(file);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { problems: Problem[] } };
    expect(body.error.problems.map((p) => p.field)).toEqual(["trial_closed", "enf_received"]);
    expect(await stableDump()).toEqual(dump);
  });

  it("refuses a commit whose preview is out of date (CONFLICT) and writes nothing", async () => {
    const file = await editWorkbook(await templateBytes(), (ws) => {
      const { row, column } = locate(ws, "heilongba", "审判结案数");
      ws.getRow(row).getCell(column).value = Number(ws.getRow(row).getCell(column).value) + 1;
    });
    const preview = (await (await upload(file)).json()) as Preview;
    const row = (await facts()).find((r) => r.unit === "heilongba")!;
    const saved = await stats.mutate("facts.save", { period: "2023-03", unit: "heilongba", values: { ...row.values, trial_closed: row.values.trial_closed! + 2 }, version: row.version });
    expect(saved.ok, describeResult(saved)).toBe(true);
    const dump = await stableDump();
    const commit = await stats.mutate("facts.importCommit", { importId: preview.importId });
    expect(commit.code).toBe("CONFLICT");
    expect(await stableDump()).toEqual(dump);
  });

  it("refuses the template and the upload to a head (FORBIDDEN) and to no session (UNAUTHORIZED)", async () => {
    const dump = await stableDump();
    const file = await templateBytes();
    expect((await template(head)).status).toBe(403);
    expect((await template(t.anonymous())).status).toBe(401);
    const asHead = await upload(file, { client: head });
    expect(asHead.status).toBe(403);
    expect(((await asHead.json()) as { error: { code: string } }).error.code).toBe("FORBIDDEN");
    const anonymous = await upload(file, { client: t.anonymous() });
    expect(anonymous.status).toBe(401);
    expect(await stableDump()).toEqual(dump);
  });

  it("refuses a file over 5 MB, a PNG renamed .xlsx, a published month and another month's template", async () => {
    const dump = await stableDump();
    const big = Buffer.alloc(5 * 1024 * 1024 + 1);
    big.set([0x50, 0x4b, 0x03, 0x04]);
    const tooBig = await upload(big);
    expect(tooBig.status).toBe(413);
    expect(((await tooBig.json()) as { error: { message: string } }).error.message).toContain("5 MB");

    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2000, 7)]);
    const notXlsx = await upload(png, { name: "picture.xlsx" });
    expect(notXlsx.status).toBe(400);
    const body = (await notXlsx.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("BAD_REQUEST");
    expect(body.error.message).toMatch(/[\u4e00-\u9fff]/);

    const published = await upload(await templateBytes(), { period: "2023-02" });
    expect(published.status).toBe(400);
    expect(((await published.json()) as { error: { message: string } }).error.message).toContain("已发布");

    const otherMonth = await upload(await templateBytes(), { period: "2023-04" });
    expect(otherMonth.status).toBe(400);

    expect(await stableDump()).toEqual(dump);
  });
});
