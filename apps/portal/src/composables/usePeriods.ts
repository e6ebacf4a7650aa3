import { useQuery } from "@pinia/colada";
import { storeToRefs } from "pinia";
import { computed, watchEffect } from "vue";
import { api } from "../api/trpc";
import { usePeriodChoice } from "../stores/period";

/**
 * The months that exist (newest first) and the user's chosen period and window, shared across
 * pages; the latest month is chosen until the user picks another.
 */
export function usePeriods() {
  const choice = usePeriodChoice();
  const { period, window } = storeToRefs(choice);
  const periods = useQuery({ key: ["periods"], query: () => api.periods.list.query() });
  watchEffect(() => {
    const list = periods.data.value;
    if (!period.value && list?.length) period.value = list[0]!.period;
  });
  const state = computed(() => periods.data.value?.find((p) => p.period === period.value) ?? null);
  const year = computed(() => (period.value ? Number(period.value.slice(0, 4)) : null));
  return { periods, period, window, state, year };
}
