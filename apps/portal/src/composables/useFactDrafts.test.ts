import { DEFAULT_RULEBOOK } from "@scorecard/rules";
import { TRPCClientError } from "@trpc/client";
import { describe, expect, test } from "vitest";
import { effectScope, nextTick, ref } from "vue";
import type { FactRow, Unit } from "../components/DataEntryShared";
import { useFactDrafts, type FactDraftsOptions } from "./useFactDrafts";

const rulebook = DEFAULT_RULEBOOK;
const fields = rulebook.fields;
const units = [
  { key: "dongfeng", name: "东风人民法庭" },
  { key: "jianhua", name: "建华人民法庭" },
] as Unit[];
/** every field of a row filled in: 10 cases, all closed in time, 2 mediated */
const full = (n = 10) => Object.fromEntries(fields.map((f) => [f.key, f.key.includes("mediated") ? 2 : n]));
const row = (unit: string, version: number, values = full()) => ({ unit, version, values, warnings: [], updatedAt: "2023-04-02T01:15:00Z", updatedByName: "统计员" }) as unknown as FactRow;
const conflict = (message: string) => new TRPCClientError(message, { result: { error: { message, code: -32009, data: { code: "CONFLICT" } } } } as never);

function grid(opts: Partial<FactDraftsOptions> & { stored?: FactRow[] } = {}) {
  const period = ref("2023-03");
  const rows = ref<FactRow[] | undefined>(opts.stored ?? [row("dongfeng", 3)]);
  const saved: unknown[] = [];
  const scope = effectScope();
  const g = scope.run(() =>
    useFactDrafts({
      period: () => period.value,
      rulebook: () => rulebook,
      fields: () => fields,
      units: () => units,
      readOnly: () => false,
      rows: () => rows.value,
      refetch: async () => ({ status: "success" }),
      saveRow: async (input) => {
        saved.push(input);
        return { version: input.version + 1 };
      },
      ...opts,
    }),
  )!;
  return { g, period, rows, saved, stop: () => scope.stop() };
}

describe("the data-entry grid's rows (useFactDrafts)", () => {
  test("a stored row shows its figures; typing one makes it changed and the row savable, saving sends the version it started from", async () => {
    const { g, saved } = grid();
    const f = fields[0]!.key;
    expect(g.textOf("dongfeng", f)).toBe("10");
    expect(g.rowDirty("dongfeng")).toBe(false);
    g.edit("dongfeng", f, "12");
    expect(g.isChanged("dongfeng", f)).toBe(true);
    expect(g.dirtyUnits.value).toEqual(["dongfeng"]);
    expect(g.canSave("dongfeng")).toBe(true);
    expect(await g.save(units[0]!)).toBe(4);
    expect(saved).toEqual([expect.objectContaining({ period: "2023-03", unit: "dongfeng", version: 3, values: expect.objectContaining({ [f]: 12 }) })]);
    expect(g.rowDirty("dongfeng")).toBe(false);
  });

  test("typing the stored value back is no change; a word is an error at once, an empty cell only once left", () => {
    const { g } = grid();
    const f = fields[0]!.key;
    g.edit("dongfeng", f, "10");
    expect(g.rowDirty("dongfeng")).toBe(false);
    g.edit("dongfeng", f, "十");
    expect(g.cellError("dongfeng", f)).toBeTruthy();
    expect(g.rowErrors("dongfeng")).toBe(1);
    expect(g.canSave("dongfeng")).toBe(false);
    g.edit("dongfeng", f, "");
    expect(g.cellError("dongfeng", f)).toBeNull();
    g.touch("dongfeng", f);
    expect(g.cellError("dongfeng", f)).toMatch(/必填/);
    expect(g.rowEmpty("dongfeng")).toBe(1);
  });

  test("a new row is savable only once every field is filled in, and the rulebook's checks refuse 审限内结案 above 结案", () => {
    const { g } = grid();
    for (const f of fields) g.edit("jianhua", f.key, "5");
    expect(g.canSave("jianhua")).toBe(true);
    g.edit("jianhua", "trial_closed_in_limit", "9");
    expect(g.cellError("jianhua", "trial_closed_in_limit")).toMatch(/法定审限内结案/);
    expect(g.canSave("jianhua")).toBe(false);
    expect(g.checkList.value[0]).toMatchObject({ level: "error" });
  });

  test("the 合计 row adds up the summed fields of the figures shown, typed ones included", () => {
    const { g } = grid({ stored: [row("dongfeng", 1), row("jianhua", 1)] });
    expect(g.total("trial_closed")).toBe("20");
    g.edit("jianhua", "trial_closed", "15");
    expect(g.total("trial_closed")).toBe("25");
  });

  test("refused because someone saved in between: the row says so, 载入最新数据 shows the latest and keeps the user's figures beside it", async () => {
    const { g, rows } = grid({
      saveRow: async () => {
        throw conflict("东风人民法庭2023年3月的数据已被他人修改");
      },
    });
    g.edit("dongfeng", "trial_closed", "30");
    expect(await g.save(units[0]!)).toBeNull();
    expect(g.drafts.get(g.keyOf("dongfeng"))?.conflict).toMatch(/已被他人修改/);
    expect(g.canSave("dongfeng")).toBe(false);
    expect(g.conflicts.value.map((c) => c.unit.key)).toEqual(["dongfeng"]);
    expect(g.rowState("dongfeng")).toBe("conflict");

    rows.value = [row("dongfeng", 4, { ...full(), trial_closed: 11 })];
    await g.reloadRow("dongfeng");
    const d = g.drafts.get(g.keyOf("dongfeng"))!;
    expect(g.textOf("dongfeng", "trial_closed")).toBe("11");
    expect(d.base.version).toBe(4);
    expect(d.mine).toEqual({ trial_closed: "30" });
    g.applyMine("dongfeng");
    expect(g.textOf("dongfeng", "trial_closed")).toBe("30");
    expect(g.canSave("dongfeng")).toBe(true);
  });

  test("a row saved by someone else while being edited is stale: not savable until reloaded", async () => {
    const { g, rows } = grid();
    g.edit("dongfeng", "trial_closed", "12");
    rows.value = [row("dongfeng", 4)];
    await nextTick();
    expect(g.stale("dongfeng")).toBe(true);
    expect(g.canSave("dongfeng")).toBe(false);
    expect(g.conflicts.value).toHaveLength(1);
  });

  test("each month keeps its own edits; an untouched draft is dropped once the stored row catches up; 撤销 throws the edits away", async () => {
    const { g, period, rows } = grid();
    g.edit("dongfeng", "trial_closed", "12");
    period.value = "2023-02";
    expect(g.rowDirty("dongfeng")).toBe(false);
    period.value = "2023-03";
    expect(g.textOf("dongfeng", "trial_closed")).toBe("12");
    g.edit("dongfeng", "trial_closed", "10"); // back to the stored value: nothing pending
    rows.value = [row("dongfeng", 3)];
    await nextTick();
    expect(g.drafts.size).toBe(0);
    g.edit("dongfeng", "trial_closed", "12");
    g.discard("dongfeng");
    expect(g.textOf("dongfeng", "trial_closed")).toBe("10");
  });
});
