/**
 * The data checks of facts.save (rulebook.md §7c, product.md "Collect"): a save that breaks an
 * error check is refused with a Chinese message naming the tribunal, the fields
 * and both values, and nothing changes; a figure with a warning is stored, and facts.get lists
 * the warnings — data-check warnings and history outliers — beside it. (The Excel import's checks go through /files: apps/server/src/data-checks.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeResult, createHarness, testDatabaseKinds, withoutSessionTables, type TestClient, type Harness } from "../test/harness";

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

describe.each(testDatabaseKinds())("data checks (%s)", (backend) => {
  let t: Harness;
  let stats: TestClient;
  let head: TestClient;

  beforeAll(async () => {
    t = await createHarness(backend);
    [stats, head] = await Promise.all([t.as("stats"), t.as("head-maixin")]);
  }, 60_000);
  afterAll(() => t?.destroy());

  const month = async (client: TestClient = stats) => {
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
});
