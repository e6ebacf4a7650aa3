import { useQuery } from "@pinia/colada";
import { addMonths, splitPeriod } from "@scorecard/rules";
import { computed, toValue, type MaybeRefOrGetter } from "vue";
import { scoreQueries, type RankingRow, type WindowChoice } from "../api/scores";
import { groupsOf, ranksHidden, rankOf } from "../components/RankingShared";

/** The rank change of a tribunal since the previous month (same window). */
export type RankChange =
  | { kind: "up" | "down"; by: number }
  | { kind: "same" }
  /** not ranked last month */
  | { kind: "new" }
  /** a cumulative window starts again this month (January under 年初至当月累计): nothing to compare with */
  | { kind: "start"; label: "年初" | "季初" }
  /** last month the tribunal was ranked in another group (rulebook.md §9): the places do not compare */
  | { kind: "regrouped" }
  /** the previous month has no ranking, or it may not be seen */
  | { kind: "none" };

/**
 * The ranking of a period (and window) and of the month before it, with each tribunal's change,
 * and the version in force's sections and indicators as the server sent them with the ranking.
 * A change is only shown between months in which the tribunal is in the same group, and none at
 * all when the server withholds the ranks (不通报排名).
 */
export function useRankingWithChange(period: MaybeRefOrGetter<string | null>, window: MaybeRefOrGetter<WindowChoice>) {
  const ranking = useQuery(() => scoreQueries.ranking(toValue(period), toValue(window)));
  const kind = computed(() => ranking.data.value?.window.kind ?? toValue(window) ?? null);
  /** the window starts again with this month, so last month is not comparable */
  const start = computed<"年初" | "季初" | null>(() => {
    const p = toValue(period);
    if (!p) return null;
    const { month } = splitPeriod(p);
    if (kind.value === "ytd" && month === 1) return "年初";
    if (kind.value === "quarter" && month % 3 === 1) return "季初";
    return null;
  });
  const previousPeriod = computed(() => {
    const p = toValue(period);
    return p && !start.value ? addMonths(p, -1) : null;
  });
  const previous = useQuery(() => scoreQueries.ranking(previousPeriod.value, toValue(window)));
  /** true when last month's ranking is there to compare with */
  const hasPrevious = computed(() => !!previous.data.value?.units.some((u) => !u.hidden) && !previous.error.value);
  /** the server withheld the ranks of this period: no rank, order or change is shown */
  const hidden = computed(() => ranksHidden(ranking.data.value));
  const groups = computed(() => groupsOf(ranking.data.value));
  const changes = computed(() => {
    const out = new Map<string, RankChange>();
    if (hidden.value) return out;
    const prev = hasPrevious.value && !ranksHidden(previous.data.value) ? previous.data.value : undefined;
    const before = new Map<string, RankingRow>((prev?.units ?? []).map((u) => [u.unit, u]));
    for (const row of ranking.data.value?.units ?? []) {
      if (row.hidden) continue;
      const p = before.get(row.unit);
      if (start.value) out.set(row.unit, { kind: "start", label: start.value });
      else if (!prev) out.set(row.unit, { kind: "none" });
      else if (!p) out.set(row.unit, { kind: "new" });
      else if (p.hidden) out.set(row.unit, { kind: "none" });
      else if (p.group !== row.group) out.set(row.unit, { kind: "regrouped" });
      else {
        const [was, now] = [rankOf(p), rankOf(row)];
        if (was === null || now === null) out.set(row.unit, { kind: "none" });
        else if (was === now) out.set(row.unit, { kind: "same" });
        else out.set(row.unit, was > now ? { kind: "up", by: was - now } : { kind: "down", by: now - was });
      }
    }
    return out;
  });

  const sections = computed(() => ranking.data.value?.sections ?? []);
  const indicators = computed(() => new Map((ranking.data.value?.indicators ?? []).map((i) => [i.key, i])));
  /** a section's short name for table headers: 审判工作 → 审判 */
  const sectionShort = (key: string) => {
    const name = sections.value.find((s) => s.key === key)?.name ?? key;
    return name.endsWith("工作") && name.length > 2 ? name.slice(0, -2) : name;
  };
  return { ranking, previous, previousPeriod, hasPrevious, start, changes, hidden, groups, sections, indicators, sectionShort };
}
