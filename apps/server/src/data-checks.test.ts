/**
 * The data checks of the Excel import through /files (rulebook.md §7c, product.md "Collect"): a
 * file with a row that breaks an error check is refused naming its row and column, and nothing
 * changes; a valid file's warnings are listed beside its differences and stored on commit. (The
 * checks of facts.save itself: packages/api/src/routers/facts-checks.test.ts.)
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

describe.each(testBackends())("data checks of the Excel import (%s)", (backend) => {
  let t: TestServer;
  let stats: ApiClient;

  beforeAll(async () => {
    t = await startTestServer(backend);
    stats = await t.login("stats");
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
  const stableDump = async () => withoutSessionTables(await t.dump());

  describe("the Excel import", () => {
    // the warnings the procedures' tests store (packages/api/src/routers/facts-checks.test.ts), stored here too:
    // a 上诉案件数 above 审判结案数 at 建华 (W2) and a tenfold 执行收案数 at 东风 (an outlier)
    beforeAll(async () => {
      const jianhua = await row("jianhua");
      expect((await save("jianhua", { ...jianhua.values, trial_appealed: jianhua.values.trial_closed! + 3 }, jianhua.version)).ok).toBe(true);
      const dongfeng = await row("dongfeng");
      expect((await save("dongfeng", { ...dongfeng.values, enf_received: dongfeng.values.enf_received! * 10 }, dongfeng.version)).ok).toBe(true);
      expect((await month()).dataWarnings.map((w) => [w.unit, w.check])).toEqual([
        ["dongfeng", "outlier"],
        ["jianhua", "W2"],
      ]);
    });
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
