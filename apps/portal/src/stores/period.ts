import { defineStore } from "pinia";
import { ref } from "vue";
import type { WindowKind } from "@scorecard/rules";

/** The period and window the user is looking at, shared by every page. */
export const usePeriodChoice = defineStore("period", () => {
  const period = ref<string | null>(null);
  const window = ref<WindowKind | undefined>(undefined);
  return { period, window };
});
