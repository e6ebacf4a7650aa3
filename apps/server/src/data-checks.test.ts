/**
 * The data checks over real HTTP (rulebook.md §7c, product.md "Collect"): a save or an import
 * that breaks an error check is refused with a Chinese message naming the tribunal, the fields
 * and both values, and nothing changes; a figure with a warning is stored, and facts.get lists
 * the warnings — data-check warnings and history outliers — beside it.
 */
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeResult, startTestServer, testBackends, withoutSessionTables, type ApiClient, type TestServer } from "./test-server";

interface Finding {
  check: string;
  level: "error" | "warning";
  unit: string;
  period?: string;
  field: string;
  value?: number;
  median?: number;
  months?: string[];
  zh: string;
  en: string;
  line?: number;
  column?: number;
  file?: string;
}
interface FactsGet {
  status: string;
  rows: Array<{ unit: string; values: Record<string, number>; version: number; warnings: Finding[]; errors: Finding[] }>;
  dataWarnings: Finding[];
}
interface ErrorBody {
  error: { code: string; message: string; data?: { problems?: Finding[] }; problems?: Finding[] };
}

const PERIOD = "2023-03";
const SHEET = "数据填报";

describe.each(testBackends())("data checks over HTTP (%s)", (backend) => {
  let t: TestServer;
  let stats: ApiClient;
  let head: ApiClient;

  beforeAll(async () => {
    t = await startTestServer(backend);
    [stats, head] = await Promise.all([t.login("stats"), t.login("head-maixin")]);
  }, 60_000);
  afterAll(() => t?.stop());

  const month = async (client: ApiClient = stats) => {
    const r = await client.query<FactsGet>("facts.get", { period: PERIOD });
    expect(r.ok, describeResult(r)).toBe(true);
    return r.data;
  };
  const row = async (unit: string) => (await month()).rows.find((r) => r.unit === unit)!;
  const save = (unit: string, values: Record<string, number>, version: number) =>
    stats.mutate<{ version: number; warnings: Finding[] }>("facts.save", { period: PERIOD, unit, values, version });
  const problems = (r: { body: unknown }) => ((r.body as ErrorBody).error.data?.problems ?? []) as Finding[];
  const stableDump = async () => withoutSessionTables(await t.dump());

  it("the demo month in review carries no error and no warning", async () => {
    const m = await month();
    expect(m.status).toBe("review");
    expect(m.rows).toHaveLength(8);
    expect(m.rows.every((r) => r.errors.length === 0 && r.warnings.length === 0)).toBe(true);
    expect(m.dataWarnings).toEqual([]);
  });

  it("refuses 法定审限内结案数 greater than 审判结案数, naming the tribunal, both labels and both values; nothing changes", async () => {
    const before = await row("maixin");
    const dump = await stableDump();
    const closed = before.values.trial_closed!;
    const r = await save("maixin", { ...before.values, trial_closed_in_limit: closed + 2 }, before.version);
    expect(r.code, describeResult(r)).toBe("BAD_REQUEST");
    expect(r.status).toBe(400);
    expect(r.message).toContain(`麦新人民法庭:法定审限内结案数(${closed + 2})不能大于审判结案数(${closed})`);
    expect(problems(r)).toEqual([expect.objectContaining({ check: "C1", field: "trial_closed_in_limit", unit: "maixin", value: closed + 2, right: { field: "trial_closed", value: closed } })]);
    expect(await stableDump()).toEqual(dump);
    expect(await row("maixin")).toEqual(before);
  });

  it("refuses 12.5 件 with a Chinese message, and lists every problem of the row at once", async () => {
    const before = await row("maixin");
    const dump = await stableDump();
    const r = await save("maixin", { ...before.values, trial_closed: 12.5, enf_first_completed: before.values.enf_first_closed! + 1 }, before.version);
    expect(r.code, describeResult(r)).toBe("BAD_REQUEST");
    expect(r.message).toContain("麦新人民法庭:审判结案数必须是整数,收到 12.5");
    expect(problems(r).map((p) => [p.check, p.field])).toEqual([
      ["integer", "trial_closed"],
      ["C7", "enf_first_completed"],
    ]);
    expect(await stableDump()).toEqual(dump);
    expect(await row("maixin")).toEqual(before);
  });

  it("stores a figure with a warning, returns the warning, and facts.get lists it beside the row and for the month", async () => {
    const before = await row("jianhua");
    const appealed = before.values.trial_closed! + 3;
    const values = { ...before.values, trial_appealed: appealed };
    const r = await save("jianhua", values, before.version);
    expect(r.ok, describeResult(r)).toBe(true);
    expect(r.data.version).toBe(before.version + 1);
    expect(r.data.warnings.map((w) => [w.check, w.level, w.field])).toEqual([["W2", "warning", "trial_appealed"]]);
    expect(r.data.warnings[0]!.zh).toMatch(new RegExp(`^建华人民法庭:上诉案件数\\(${appealed}\\)大于审判结案数\\(\\d+\\)。`));

    const m = await month();
    const stored = m.rows.find((x) => x.unit === "jianhua")!;
    expect(stored.values).toEqual(values); // stored as given
    expect(stored.warnings).toEqual(r.data.warnings);
    expect(m.rows.filter((x) => x.unit !== "jianhua").every((x) => x.warnings.length === 0)).toBe(true);
    expect(m.dataWarnings).toEqual(r.data.warnings);
  });

  it("flags a figure far from the tribunal's own median of the previous six months as an outlier, and stores it", async () => {
    const before = await row("dongfeng");
    const tenfold = before.values.enf_received! * 10;
    const r = await save("dongfeng", { ...before.values, enf_received: tenfold }, before.version);
    expect(r.ok, describeResult(r)).toBe(true);
    const outlier = r.data.warnings.find((w) => w.check === "outlier")!;
    expect(outlier).toMatchObject({ unit: "dongfeng", period: PERIOD, field: "enf_received", value: tenfold, months: ["2022-09", "2022-10", "2022-11", "2022-12", "2023-01", "2023-02"] });
    expect(outlier.zh).toMatch(new RegExp(`^东风人民法庭 执行收案数 2023年3月为 ${tenfold} 件,是前 6 个月中位数 [\\d.]+ 件的 [\\d.]+ 倍,请核实。$`));
    const m = await month();
    expect(m.rows.find((x) => x.unit === "dongfeng")!.values.enf_received).toBe(tenfold);
    expect(m.dataWarnings.map((w) => [w.unit, w.check])).toEqual([
      ["dongfeng", "outlier"],
      ["jianhua", "W2"],
    ]);
  });

  it("shows a head only the warnings of their own tribunal", async () => {
    const m = await month(head);
    expect(m.rows.map((r) => r.unit)).toEqual(["maixin"]);
    expect(m.dataWarnings).toEqual([]);
  });

  describe("the Excel import", () => {
    const template = async () => Buffer.from(await (await stats.fetch(`/files/facts-template?period=${PERIOD}`)).arrayBuffer());
    const upload = (body: Uint8Array) =>
      stats.fetch(`/files/facts-import?period=${PERIOD}&name=${encodeURIComponent("三月.xlsx")}`, { method: "POST", headers: { "content-type": "application/octet-stream" }, body });
    async function edited(change: (ws: ExcelJS.Worksheet, at: (unit: string, label: string) => ExcelJS.Cell) => void): Promise<Buffer> {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await template()) as unknown as ArrayBuffer);
      const ws = wb.getWorksheet(SHEET)!;
      const at = (unit: string, label: string) => {
        let r = 0;
        let c = 0;
        ws.eachRow((row, n) => {
          if (row.getCell(1).value === unit) r = n;
        });
        ws.getRow(1).eachCell((cell, n) => {
          if (cell.value === label) c = n;
        });
        return ws.getCell(r, c);
      };
      change(ws, at);
      return Buffer.from(await wb.xlsx.writeBuffer());
    }

    it("refuses a file with one row breaking a check, naming its row and column, and writes nothing", async () => {
      const dump = await stableDump();
      let line = 0;
      const file = await edited((_ws, at) => {
        const closed = at("heilongba", "执行结案数");
        line = Number(closed.row);
        closed.value = 0; // the whole below each of its parts
        at("dayushu", "审判新收案件数").value = (at("dayushu", "审判新收案件数").value as number) + 1; // a fine change elsewhere
      });
      const res = await upload(file);
      expect(res.status).toBe(400);
      const body = (await res.json()) as ErrorBody;
      const ps = body.error.problems ?? [];
      // every part of 执行结案数, at its own cell, in column order
      expect(ps.map((p) => [p.line, p.field, p.check])).toEqual([
        [line, "enf_asset_closed", "C4"],
        [line, "enf_first_closed", "C6"],
        [line, "enf_terminated", "C8"],
      ]);
      for (const p of ps) {
        expect(p.file).toBe("三月.xlsx");
        expect(p.zh).toMatch(new RegExp(`^第 ${line} 行 [A-Z]+ 列\\([^)]+\\):黑龙坝人民法庭:.+不能大于执行结案数\\(0\\)`));
      }
      expect(await stableDump()).toEqual(dump);
    });

    it("lists the warnings of a valid file beside its differences, and stores them on commit", async () => {
      const before = await row("yihetala");
      const file = await edited((_ws, at) => {
        at("yihetala", "被改判发回重审案件数").value = before.values.trial_judged_first! + 1;
      });
      const res = await upload(file);
      expect(res.status).toBe(200);
      const preview = (await res.json()) as { importId: string; diff: { changedCells: number }; warnings: Finding[] };
      expect(preview.diff.changedCells).toBe(1);
      const mine = preview.warnings.filter((w) => w.unit === "yihetala");
      expect(mine.map((w) => [w.check, w.field, w.file])).toEqual([["W3", "trial_reversed", "三月.xlsx"]]);
      expect(mine[0]!.zh).toMatch(/^第 \d+ 行 [A-Z]+ 列\(被改判发回重审案件数\):义和塔拉人民法庭:被改判发回重审案件数\(\d+\)大于一审判决结案数\(\d+\)。/);
      // the warnings already stored for other tribunals are listed too, being in the file as well
      expect(preview.warnings.map((w) => w.unit).sort()).toEqual(["dongfeng", "jianhua", "yihetala"]);

      const commit = await stats.mutate("facts.importCommit", { importId: preview.importId });
      expect(commit.ok, describeResult(commit)).toBe(true);
      const m = await month();
      expect(m.rows.find((r) => r.unit === "yihetala")!.warnings.map((w) => w.check)).toEqual(["W3"]);
    });
  });
});
