import { useQuery } from "@pinia/colada";
import { addMonths } from "@scorecard/rules";
import { computed, toValue, type MaybeRefOrGetter } from "vue";
import { api, type Inputs, type Outputs } from "../api/trpc";

/**
 * What the overview, compare and my-tribunals pages share: the ranking of a period with its
 * change since last month, and the rulebook version that scored it (section and indicator names).
 */

export type Ranking = Outputs["scores"]["ranking"];
export type RankingRow = Ranking["units"][number];
export type VisibleRow = Extract<RankingRow, { hidden: false }>;
export type Warning = Ranking["warnings"][number];
export type WindowChoice = Inputs["scores"]["ranking"]["window"];
export type Rulebook = Outputs["rulebooks"]["get"]["rulebook"];
export type Trend = Outputs["scores"]["trend"];

/** "default" stands for the rulebook's own window in cache keys. */
export const windowKey = (w: WindowChoice) => w ?? "default";

/** The rank change of a tribunal since the previous month (same window). */
export type RankChange =
  | { kind: "up" | "down"; by: number }
  | { kind: "same" }
  | { kind: "new" }
  /** the previous month has no ranking (or it may not be seen) */
  | { kind: "none" };

export function rankChangeText(c: RankChange | undefined): string {
  if (!c) return "";
  switch (c.kind) {
    case "up":
      return `↑${c.by}`;
    case "down":
      return `↓${c.by}`;
    case "same":
      return "—";
    case "new":
      return "新";
    default:
      return "";
  }
}

export function rankChangeTitle(c: RankChange | undefined): string {
  if (!c) return "";
  switch (c.kind) {
    case "up":
      return `比上月上升 ${c.by} 名`;
    case "down":
      return `比上月下降 ${c.by} 名`;
    case "same":
      return "名次与上月相同";
    case "new":
      return "上月未参加排名";
    default:
      return "上月没有可比的排名";
  }
}

/** The ranking of a period (and window) and of the month before it, with each tribunal's change. */
export function useRankingWithChange(period: MaybeRefOrGetter<string | null>, window: MaybeRefOrGetter<WindowChoice>) {
  const ranking = useQuery({
    key: () => ["scores", "ranking", toValue(period) ?? "", windowKey(toValue(window))],
    query: () => api.scores.ranking.query({ period: toValue(period)!, window: toValue(window) }),
    enabled: () => !!toValue(period),
  });
  const previousPeriod = computed(() => {
    const p = toValue(period);
    return p ? addMonths(p, -1) : null;
  });
  const previous = useQuery({
    key: () => ["scores", "ranking", previousPeriod.value ?? "", windowKey(toValue(window))],
    query: () => api.scores.ranking.query({ period: previousPeriod.value!, window: toValue(window) }),
    enabled: () => !!previousPeriod.value,
  });
  /** true when last month's ranking is there to compare with */
  const hasPrevious = computed(() => !!previous.data.value?.units.some((u) => !u.hidden) && !previous.error.value);
  const changes = computed(() => {
    const out = new Map<string, RankChange>();
    const prev = hasPrevious.value ? previous.data.value : undefined;
    const before = new Map<string, RankingRow>((prev?.units ?? []).map((u) => [u.unit, u]));
    for (const row of ranking.data.value?.units ?? []) {
      if (row.hidden) continue;
      const p = before.get(row.unit);
      if (!prev) out.set(row.unit, { kind: "none" });
      else if (!p) out.set(row.unit, { kind: "new" });
      else if (p.hidden) out.set(row.unit, { kind: "none" });
      else if (p.rank === row.rank) out.set(row.unit, { kind: "same" });
      else out.set(row.unit, p.rank > row.rank ? { kind: "up", by: p.rank - row.rank } : { kind: "down", by: row.rank - p.rank });
    }
    return out;
  });
  return { ranking, previous, previousPeriod, hasPrevious, changes };
}

/** The rulebook version a result names ({ id: family, version }), read whole from the API. */
export function useRulebookOf(ref: MaybeRefOrGetter<{ id: string; version: string } | null | undefined>) {
  const q = useQuery({
    key: () => ["rulebooks", "version", toValue(ref)?.id ?? "", toValue(ref)?.version ?? ""],
    query: async (): Promise<Rulebook> => {
      const r = toValue(ref)!;
      const list = await api.rulebooks.list.query();
      const v = list.find((x) => x.family === r.id && x.version === r.version && x.status === "active") ?? list.find((x) => x.family === r.id && x.version === r.version);
      if (!v) throw new Error(`找不到考核办法 ${r.id} 的 ${r.version} 版本。`);
      return (await api.rulebooks.get.query({ id: v.id })).rulebook;
    },
    enabled: () => !!toValue(ref),
    staleTime: 10 * 60_000,
  });
  const sections = computed(() => (q.data.value?.sections ?? []).map((s) => ({ key: s.key, name: s.name, points: s.indicators.reduce((a, i) => a + i.points, 0) })));
  const indicators = computed(() => {
    const m = new Map<string, { key: string; name: string; unit: string | undefined; section: string }>();
    for (const s of q.data.value?.sections ?? []) for (const i of s.indicators) m.set(i.key, { key: i.key, name: i.name, unit: i.unit, section: s.key });
    return m;
  });
  /** a section's short name for table headers: 审判工作 → 审判 */
  const sectionShort = (key: string) => {
    const name = sections.value.find((s) => s.key === key)?.name ?? key;
    return name.endsWith("工作") && name.length > 2 ? name.slice(0, -2) : name;
  };
  return { rulebook: q, sections, indicators, sectionShort };
}

/** The tribunals (names, sort order as the court keeps them). */
export function useUnitList() {
  return useQuery({ key: ["units", "list"], query: () => api.units.list.query(), staleTime: 5 * 60_000 });
}

/**
 * The year's trend (each month's own ranking), kept to the months the court has: a cumulative
 * window would otherwise carry January's figures into months not yet begun.
 */
export function useTrend(year: MaybeRefOrGetter<number | null>, window: MaybeRefOrGetter<WindowChoice>) {
  const trend = useQuery({
    key: () => ["scores", "trend", toValue(year) ?? 0, windowKey(toValue(window))],
    query: () => api.scores.trend.query({ year: toValue(year)!, window: toValue(window) }),
    enabled: () => !!toValue(year),
  });
  const periods = useQuery({ key: ["periods"], query: () => api.periods.list.query() });
  const months = computed(() => {
    const known = new Set((periods.data.value ?? []).map((p) => p.period));
    return (trend.data.value?.months ?? []).filter((m) => known.has(m.period));
  });
  return { trend, months };
}

/** `2023-03` → `3月` */
export const monthLabel = (period: string) => `${Number(period.slice(5, 7))}月`;

/** A signed score: +0.40 / −1.00 */
export function signed(x: number): string {
  if (x === 0) return "0.00";
  return `${x > 0 ? "+" : "−"}${Math.abs(x).toFixed(2)}`;
}
