/**
 * What the shipped 2023.1 draft would have made of the demo court's 2022 (default-rulebook.md:
 * HR replays it in the studio before deciding): some monthly ranks and one grade move, the
 * order at the top and the bottom stays — a revision a court could adopt, not a reshuffle.
 */
import { describe, expect, it } from "vitest";
import { replayYear } from "@scorecard/scoring";
import { demoCourt } from "./index";

describe("the demo's 2022 replayed under the 2023.1 draft", () => {
  const court = demoCourt();
  const replay = replayYear({ rulebooks: court.rulebook, draft: court.drafts[0]!, data: court, year: 2022 });
  const by = new Map(replay.units.map((u) => [u.unit, u]));

  it("ships exactly one draft, 2023.1, beside the active 2022.1", () => {
    expect(court.drafts.map((d) => d.version)).toEqual(["2023.1"]);
    expect(demoCourt("grouped").drafts).toEqual([]);
  });

  it("lifts 麦新 from 合格 to 良好 and swaps 建华 and 小街基 in the annual ranking; the rest keep rank and grade", () => {
    const moved = replay.units.filter((u) => u.current.rank !== u.draft.rank || u.current.grade !== u.draft.grade).map((u) => [u.unit, u.current.rank, u.draft.rank, u.current.grade, u.draft.grade]);
    expect(moved).toEqual([
      ["xiaojieji", 5, 6, "good", "good"],
      ["jianhua", 6, 5, "good", "good"],
      ["maixin", 7, 7, "pass", "good"],
    ]);
    // 大榆树 first and 吉日嘎郎吐 last under both; the veto still caps 黑龙坝 at 合格
    expect([by.get("dayushu")!.draft.rank, by.get("jirigalangtu")!.draft.rank, by.get("heilongba")!.draft.grade]).toEqual([1, 8, "pass"]);
  });

  it("moves some monthly ranks, by one place at most, in a minority of the months", () => {
    const moves = replay.units.flatMap((u) => u.months.filter((m) => m.current !== m.draft).map((m) => Math.abs(m.draft! - m.current!)));
    expect(moves.length).toBeGreaterThan(5);
    expect(moves.length).toBeLessThan((8 * 12) / 4);
    expect(Math.max(...moves)).toBe(1);
  });

  it("raises totals a little, as ranges give full points inside them, never by more than 6 points", () => {
    for (const u of replay.units) {
      const d = u.draft.total! - u.current.total!;
      expect(d, u.unit).toBeGreaterThan(0);
      expect(d, u.unit).toBeLessThan(6);
    }
  });
});
