import { useQuery } from "@pinia/colada";
import { yearOf } from "@scorecard/rules";
import { storeToRefs } from "pinia";
import { computed, watchEffect } from "vue";
import { periodQueries } from "../api/periods";
import { usePeriodChoice } from "../stores/period";

/**
 * The months that exist (newest first) and the user's chosen period and window, shared across
 * pages; the latest month is chosen until the user picks another.
 */
export function usePeriods() {
  const choice = usePeriodChoice();
  const { period, window } = storeToRefs(choice);
  const periods = useQuery(periodQueries.list);
  watchEffect(() => {
    const list = periods.data.value;
    if (!period.value && list?.length) period.value = list[0]!.period;
  });
  const state = computed(() => periods.data.value?.find((p) => p.period === period.value) ?? null);
  const year = computed(() => (period.value ? yearOf(period.value) : null));
  /** the newest published month, if any */
  const latestPublished = computed(() => periods.data.value?.find((p) => p.status === "published")?.period ?? null);
  return { periods, period, window, state, year, latestPublished };
}
