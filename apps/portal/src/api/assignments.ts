import { useApiMutation } from "./invalidation";
import { api, type Inputs } from "./trpc";

/** Who oversees which tribunal: read in users.list and units.list, changed here. */

/** Sets the tribunals a leader oversees; what a leader may see of draft scores follows it. */
export function useSetAssignments() {
  return useApiMutation("assignments.set", (input: Inputs["assignments"]["set"]) => api.assignments.set.mutate(input));
}
