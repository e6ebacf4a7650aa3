/**
 * The second demo version, 2023.1 (default-rulebook.md: shipped as a draft, never activated).
 * Why it differs from 2022.1, as a court would write it in its 修订说明 (each change's reason is
 * also the indicator's `note`, which the studio shows):
 * - 结收比 (T1), 平均审理天数 (T3) and 调解撤诉率 (T4) are scored against reasonable ranges
 *   (合理区间, `band`) instead of against each other, as the Supreme People's Court's 2024
 *   审判质量管理指标体系 does ("在区间范围内即为达标,防止盲目攀比"): 结收比 85 %–115 % year to
 *   date (a low ratio early in the year is normal, a very high one means cases held back),
 *   平均审理天数 up to 60 days, 调解撤诉率 45 %–70 % (mediation encouraged, not forced);
 * - 人均结案数 (T8), which that system no longer uses, is dropped; its 4 points go to the quality
 *   indicators 改判发回重审率 (T5, 7 → 9) and 一审服判息诉率 (T6, 5 → 7);
 * - 首执完毕率 (E4) by 功效系数法 instead of 排名赋分, so that two tribunals a hair apart do not
 *   lose a whole step of points for one rank;
 * everything else (fields, checks, the other indicators, adjustments, annual rules) as in 2022.1;
 * full score still 100 (trial 45, enforcement 55).
 */
import { describe, expect, it } from "vitest";
import { fullScore, indicatorsOf, parseRulebook } from "../rulebook";
import { DEFAULT_DRAFT_RULEBOOK_JSON, DEFAULT_RULEBOOK, defaultDraftRulebook } from "./index";

const byKey = (rb: typeof DEFAULT_RULEBOOK) => new Map(indicatorsOf(rb).map((i) => [i.key, i]));

describe("the 2023.1 draft", () => {
  it("parses, in the same family, from 2023-01, its title saying 修订, full score 100", () => {
    expect(parseRulebook(structuredClone(DEFAULT_DRAFT_RULEBOOK_JSON))).toEqual(defaultDraftRulebook);
    expect(defaultDraftRulebook).toMatchObject({ id: DEFAULT_RULEBOOK.id, version: "2023.1", effectiveFrom: "2023-01" });
    expect(defaultDraftRulebook.title).toContain("2023年修订");
    expect(fullScore(defaultDraftRulebook)).toBe(100);
    const sections = (rb: typeof DEFAULT_RULEBOOK) => rb.sections.map((s) => [s.key, s.indicators.reduce((a, i) => a + i.points, 0)]);
    expect(sections(defaultDraftRulebook)).toEqual(sections(DEFAULT_RULEBOOK));
  });

  it("moves 结收比, 平均审理天数 and 调解撤诉率 to 合理区间, drops 人均结案数 for quality points, scores 首执完毕率 by 功效系数法, and keeps the rest", () => {
    const [old, now] = [byKey(DEFAULT_RULEBOOK), byKey(defaultDraftRulebook)];
    expect(now.get("T1")!.method).toEqual({ type: "band", low: 0.85, high: 1.15, step: 0.01, deduct: 0.3 });
    expect(now.get("T3")!.method).toEqual({ type: "band", high: 60, step: 1, deduct: 0.2 });
    expect(now.get("T4")!.method).toEqual({ type: "band", low: 0.45, high: 0.7, step: 0.01, deduct: 0.3 });
    expect(now.has("T8")).toBe(false);
    expect([now.get("T5")!.points, now.get("T6")!.points]).toEqual([9, 7]);
    expect(now.get("E4")!.method).toEqual({ type: "efficacy", floor: 0.6 });
    for (const k of ["T1", "T3", "T4", "T5", "T6", "E4"]) expect(now.get(k)!.note, k).toMatch(/^2023年修订:/);

    const changed = new Set(["T1", "T3", "T4", "T5", "T6", "E4"]);
    for (const [k, i] of now) if (!changed.has(k)) expect(i, k).toEqual(old.get(k));
    const { sections: _a, version: _b, title: _c, effectiveFrom: _d, ...rest } = defaultDraftRulebook;
    const { sections: _e, version: _f, title: _g, effectiveFrom: _h, ...restOld } = DEFAULT_RULEBOOK;
    expect(rest).toEqual(restOld);
  });
});
