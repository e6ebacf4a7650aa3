import { appRouter } from "@scorecard/api";
import { describe, expect, test } from "vitest";
import { changes, changesOf, type MutationPath } from "./invalidation";
import { annualKeys, courtKeys, factKeys, noticeKeys, periodKeys, rulebookKeys, scoreKeys, summaryKeys } from "./keys";

/** every mutation procedure of the API, read from the router itself (flat at run time: "facts.save" → procedure) */
const mutations = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>)
  .filter(([, p]) => p._def.type === "mutation")
  .map(([path]) => path)
  .sort();

const refreshed = (m: MutationPath, input: unknown, output?: unknown) => {
  const c = changesOf(m, input as never, output as never);
  if (c === "everything") throw new Error(`${m} forgets everything`);
  return c.refresh.map((k) => JSON.stringify(k));
};
/** `key` is refreshed when some refreshed key is it or a prefix of it */
const covers = (keys: string[], key: readonly unknown[]) => keys.some((k) => JSON.stringify(key).startsWith(k.slice(0, -1)));

describe("the mutation → query keys map", () => {
  test("has an entry for every mutation of the API, and none for a mutation that does not exist", () => {
    expect(mutations.length).toBeGreaterThan(30);
    expect(mutations.filter((m) => !(m in changes))).toEqual([]);
    expect(Object.keys(changes).filter((m) => !mutations.includes(m)).sort()).toEqual([]);
  });

  test("every entry answers for a plausible input, and names only keys the portal reads", () => {
    const roots = new Set(["auth", "court", "units", "users", "rulebooks", "periods", "facts", "adjustments", "manual", "scores", "objections", "notices", "summaries", "annual", "notifications", "supervision", "audit"]);
    for (const m of mutations) {
      const c = changesOf(m as MutationPath, { period: "2023-03", id: "x", quarter: "2023-Q1", year: 2023 } as never);
      if (c === "everything") continue;
      for (const k of [...c.refresh, ...(c.forget ?? [])]) expect(roots, `${m} → ${JSON.stringify(k)}`).toContain(k[0]);
    }
  });

  test("saving the court's profile refreshes the pages naming the court and every draft (its letterhead and the number it would take)", () => {
    const keys = refreshed("court.updateProfile", {});
    for (const key of [courtKeys.profile(), noticeKeys.draft("2023-03"), summaryKeys.draft("2023-Q1"), annualKeys.compute(2022)]) expect(covers(keys, key), JSON.stringify(key)).toBe(true);
  });

  test("saving a month's figures refreshes its rankings, its notice draft (and the later months'), the data warnings, the months and the what-if data", () => {
    const keys = refreshed("facts.save", { period: "2023-03", unit: "dongfeng", values: {}, version: 1 });
    expect(covers(keys, scoreKeys.ranking("2023-03", undefined))).toBe(true);
    expect(covers(keys, scoreKeys.unit("dongfeng", "2023-02", "ytd"))).toBe(true);
    expect(covers(keys, noticeKeys.draft("2023-03"))).toBe(true);
    expect(covers(keys, noticeKeys.draft("2023-04"))).toBe(true);
    expect(covers(keys, factKeys.get("2023-04"))).toBe(true); // the next months' outlier checks read this one
    expect(covers(keys, periodKeys.list())).toBe(true);
    expect(covers(keys, rulebookKeys.whatIfData(2023))).toBe(true);
    expect(covers(keys, summaryKeys.draft("2023-Q1"))).toBe(true);
    // a published notice is frozen: a save never refetches it
    expect(covers(keys, noticeKeys.get("2023-02", null))).toBe(false);
  });

  test("a published correction refreshes the summaries and annual evaluations it may mark 需更正", () => {
    const keys = refreshed("notices.publish", { period: "2023-03", commentary: "", acknowledgedWarnings: [] });
    expect(covers(keys, summaryKeys.get("2023-Q1", null))).toBe(true);
    expect(covers(keys, summaryKeys.list(2023))).toBe(true);
    expect(covers(keys, ["annual", "list"])).toBe(true);
    expect(covers(keys, noticeKeys.get("2023-04", null))).toBe(true);
  });

  test("the same month's changes agree whichever way they arrive: by hand, by import, by the committee's scores", () => {
    const byHand = refreshed("facts.save", { period: "2023-03" });
    const imported = refreshed("facts.importCommit", { importId: "x" }, { period: "2023-03", changedUnits: 1 });
    const committee = refreshed("manual.save", { period: "2023-03" });
    const shared = (ks: string[]) => ks.filter((k) => !k.startsWith('["facts"') && !k.startsWith('["manual"'));
    expect(shared(imported)).toEqual(shared(byHand));
    expect(shared(committee)).toEqual(shared(byHand));
  });

  test("signing in or out forgets every cached answer", () => {
    expect(changesOf("auth.login", { username: "a", password: "b" })).toBe("everything");
    expect(changesOf("auth.logout", undefined)).toBe("everything");
  });

  test("removing a draft forgets its body", () => {
    const c = changesOf("rulebooks.removeDraft", { id: "d1" });
    expect(c !== "everything" && c.forget).toEqual([rulebookKeys.detail("d1")]);
  });
});
