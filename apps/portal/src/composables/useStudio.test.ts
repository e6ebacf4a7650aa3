import { DEFAULT_RULEBOOK_JSON, type RulebookInput } from "@scorecard/rules";
import { describe, expect, test } from "vitest";
import { effectScope, nextTick, ref, shallowRef } from "vue";
import type { PeriodState } from "../api/periods";
import type { RulebookVersion, StoredRulebook } from "../api/rulebooks";
import { effectiveText, firstOpenMonth, nextVersion, useActivation, useRulebookDraft } from "./useStudio";

const stored = (id: string, at: string, status: "draft" | "active" = "draft", title = "试行草稿"): StoredRulebook =>
  ({ meta: { id, status, updatedAt: at, version: "2023.9" }, rulebook: { ...structuredClone(DEFAULT_RULEBOOK_JSON), title } }) as unknown as StoredRulebook;
const version = (v: string, status: "draft" | "active", effectiveFrom: string) => ({ id: v, version: v, status, effectiveFrom, family: "kailu", title: v }) as unknown as RulebookVersion;
const period = (p: string, status: string, revision = status === "published" ? 1 : 0) => ({ period: p, status, revision }) as unknown as PeriodState;

function editor() {
  const openId = ref<string | null>("d1");
  const s = shallowRef<StoredRulebook | undefined>(stored("d1", "t1")); // as Pinia Colada holds an answer
  let loads = 0;
  const scope = effectScope();
  const e = scope.run(() => useRulebookDraft({ openId: () => openId.value, stored: () => s.value, onLoad: () => loads++ }))!;
  return { e, openId, s, loads: () => loads };
}

describe("the studio's open version (useRulebookDraft)", () => {
  test("a draft opens in forms, valid and unchanged; typing makes it dirty; saving marks it saved", () => {
    const { e } = editor();
    expect(e.readOnly.value).toBe(false);
    expect(e.dirty.value).toBe(false);
    expect(e.problems.value).toEqual([]);
    expect(e.parsed.value?.title).toBe("试行草稿");
    expect(e.full.value).toBe(100);
    e.draft.value!.title = "改过的标题";
    expect(e.dirty.value).toBe(true);
    e.markSaved("d1", e.body(), "t2");
    expect(e.dirty.value).toBe(false);
    expect(e.loaded.value?.at).toBe("t2");
  });

  test("a wrong entry is a problem placed on its tab, and the draft no longer parses", () => {
    const { e } = editor();
    (e.draft.value as RulebookInput & { sections: Array<{ indicators: Array<{ points: unknown }> }> }).sections[0]!.indicators[0]!.points = -5;
    expect(e.problems.value.length).toBeGreaterThan(0);
    expect(e.parsed.value).toBeNull();
    expect([...e.perTab.value.values()].reduce((a, b) => a + b, 0)).toBe(e.placed.value.length);
  });

  test("someone else's save reloads a draft with nothing unsaved, and waits while it has unsaved changes", async () => {
    const { e, s, loads } = editor();
    s.value = stored("d1", "t2", "draft", "他人保存的标题");
    await nextTick();
    expect(e.draft.value?.title).toBe("他人保存的标题");
    expect(loads()).toBe(2);
    e.draft.value!.title = "我的修改";
    s.value = stored("d1", "t3", "draft", "第三次保存");
    await nextTick();
    expect(e.draft.value?.title).toBe("我的修改");
    e.revert();
    expect(e.draft.value?.title).toBe("他人保存的标题");
  });

  test("an active version opens read only, never dirty; closing forgets the draft", async () => {
    const { e, openId, s } = editor();
    openId.value = "a1";
    s.value = stored("a1", "t1", "active");
    await nextTick();
    expect(e.readOnly.value).toBe(true);
    e.draft.value!.title = "x";
    expect(e.dirty.value).toBe(false);
    openId.value = null;
    await nextTick();
    expect(e.draft.value).toBeNull();
  });
});

describe("the versions and activation", () => {
  const periods = [period("2023-01", "published"), period("2023-02", "published"), period("2023-03", "review"), period("2023-04", "collecting")];

  test("a new version may start only after the last published month, and the versions say when they apply", () => {
    expect(firstOpenMonth(periods)).toBe("2023-03");
    expect(firstOpenMonth([])).toBeNull();
    const all = [version("2022.1", "active", "2022-01"), version("2023.1", "draft", "2023-01")];
    expect(effectiveText(all[0]!, all, "2023-03")).toBe("自2022年1月起生效");
    expect(effectiveText(all[1]!, all, "2023-03")).toBe("拟自2023年1月起生效;该月已发布,最早可自2023年3月起启用");
    expect(effectiveText(all[0]!, [...all, version("2023.2", "active", "2023-03")], "2023-03")).toBe("2022年1月至2023年2月施行");
  });

  test("a new draft is offered the next label not taken", () => {
    expect(nextVersion("2022.1", ["2022.1", "2022.2"])).toBe("2022.3");
    expect(nextVersion("试行", [])).toBe("试行-修订");
  });

  test("activating offers 24 months from the first open one, names the version it replaces and the unpublished months it rescores", () => {
    const scope = effectScope();
    const a = scope.run(() =>
      useActivation({ firstOpen: () => "2023-03", draftFrom: () => "2023-01", versions: () => [version("2022.1", "active", "2022-01")], periods: () => periods }),
    )!;
    a.start();
    expect(a.activating.value).toBe(true);
    expect(a.monthChoices.value).toHaveLength(24);
    expect(a.from.value).toBe("2023-03"); // the draft's own 2023-01 is published
    expect(a.before.value?.version).toBe("2022.1");
    expect(a.rescored.value).toEqual(["2023年3月(审核中)", "2023年4月(数据采集中)"]);
    a.from.value = "2023-04";
    expect(a.rescored.value).toEqual(["2023年4月(数据采集中)"]);
  });
});
