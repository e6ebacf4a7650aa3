import { useQuery } from "@pinia/colada";
import { computed, toValue, type MaybeRefOrGetter } from "vue";
import { periodQueries } from "../api/periods";
import { scoreQueries, type WindowChoice } from "../api/scores";

/**
 * The year's trend (each month's own ranking), kept to the months the court has: a cumulative
 * window would otherwise carry January's figures into months not yet begun.
 */
export function useTrend(year: MaybeRefOrGetter<number | null>, window: MaybeRefOrGetter<WindowChoice>) {
  const trend = useQuery(() => scoreQueries.trend(toValue(year), toValue(window)));
  const periods = useQuery(periodQueries.list);
  const months = computed(() => {
    const known = new Set((periods.data.value ?? []).map((p) => p.period));
    return (trend.data.value?.months ?? []).filter((m) => known.has(m.period));
  });
  return { trend, months };
}
