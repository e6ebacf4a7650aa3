/**
 * Adjustments the version in force does not know (rulebook.md §7b),: a revision
 * that drops an item leaves that item's earlier events uncounted, and the tribunal's page and the
 * ranking say so in words instead of letting the points disappear.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeResult, createHarness, testDatabaseKinds, type Harness } from "../test/harness";

interface Ignored {
  period: string;
  unit: string;
  item: string;
  count: number;
  text: string;
}

describe.each(testDatabaseKinds())("ignored adjustments (%s)", (backend) => {
  let t: Harness;
  beforeAll(async () => {
    t = await createHarness(backend);
  }, 60_000);
  afterAll(() => t?.destroy());

  it("lists, in words, an earlier bonus whose item the version in force dropped", { timeout: 60_000 }, async () => {
    const [hr, stats, admin] = [await t.as("hr"), await t.as("stats"), await t.as("admin")];
    // an adjustment of 2023 that a new version will not know
    let adj: { unit: string; item: string; period: string } | undefined;
    for (const period of ["2023-01", "2023-02", "2023-03"]) {
      const list = await stats.query<Array<{ unit: string; item: string; kind: string }>>("adjustments.list", { period });
      const a = list.data.find((x) => x.kind === "bonus");
      if (a) adj = { unit: a.unit, item: a.item, period };
    }
    expect(adj, "the demo has a bonus in 2023").toBeDefined();
    const { unit, item } = adj!;

    const rbs = await hr.query<Array<{ id: string; status: string }>>("rulebooks.list");
    const active = await hr.query<{ rulebook: { adjustments: Array<{ key: string }> } }>("rulebooks.get", { id: rbs.data.find((r) => r.status === "active")!.id });
    const next = { ...active.data.rulebook, version: "2023.4", effectiveFrom: "2023-04", adjustments: active.data.rulebook.adjustments.filter((a) => a.key !== item) };
    const draft = await hr.mutate<{ id: string }>("rulebooks.createDraft", { rulebook: next });
    expect(draft.ok, describeResult(draft)).toBe(true);
    expect((await hr.mutate("rulebooks.activate", { id: draft.data.id })).ok).toBe(true);

    // April's figures for that tribunal (March's again), so April is scored by the new version
    const march = await stats.query<{ rows: Array<{ unit: string; values: Record<string, number> }> }>("facts.get", { period: "2023-03" });
    const values = march.data.rows.find((r) => r.unit === unit)!.values;
    const saved = await stats.mutate("facts.save", { period: "2023-04", unit, values, version: 0 });
    expect(saved.ok, describeResult(saved)).toBe(true);

    const page = await admin.query<{ ignoredAdjustments: Ignored[]; unit: { name: string } }>("scores.unit", { unit, period: "2023-04" });
    expect(page.ok, describeResult(page)).toBe(true);
    const mine = page.data.ignoredAdjustments.filter((a) => a.item === item);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine[0]!.text).toContain(page.data.unit.name);
    expect(mine[0]!.text).toContain("2023.4 版考核办法中没有此项");
    expect(mine[0]!.text).not.toMatch(/\d{4}-\d{2}/);

    const ranking = await admin.query<{ ignoredAdjustments: Ignored[] }>("scores.ranking", { period: "2023-04" });
    expect(ranking.data.ignoredAdjustments.map((a) => a.text)).toEqual(expect.arrayContaining(mine.map((a) => a.text)));
    // March is still scored by the version that knows the item: nothing ignored there
    const before = await admin.query<{ ignoredAdjustments: Ignored[] }>("scores.unit", { unit, period: "2023-03" });
    expect(before.data.ignoredAdjustments).toEqual([]);
  });
});
