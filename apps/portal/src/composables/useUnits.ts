import { useQuery } from "@pinia/colada";
import { computed } from "vue";
import { unitQueries } from "../api/units";

/** The tribunals in the court's order, and a tribunal's name by its key. */
export function useUnits() {
  const units = useQuery(unitQueries.list);
  const names = computed(() => new Map((units.data.value ?? []).map((u) => [u.key, u.name])));
  const active = computed(() => (units.data.value ?? []).filter((u) => u.active));
  /** the name, never the key: blank while the list loads, 未知法庭 for a key not in it */
  const nameOf = (key: string) => names.value.get(key) ?? (units.data.value ? "未知法庭" : "");
  return { units, names, active, nameOf };
}
