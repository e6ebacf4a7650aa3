import { useMutation, useQueryCache } from "@pinia/colada";
import { auditKeys } from "./audit";
import { invalidate } from "./cache";
import { scoreKeys } from "./scores";
import { api, type Inputs } from "./trpc";
import { unitKeys } from "./units";
import { userKeys } from "./users";

/** Who oversees which tribunal: read in users.list and units.list, changed here. */

/** Sets the tribunals a leader oversees; what a leader may see of draft scores follows it. */
export function useSetAssignments() {
  const cache = useQueryCache();
  return useMutation({
    mutation: (input: Inputs["assignments"]["set"]) => api.assignments.set.mutate(input),
    onSettled: () => invalidate(cache, userKeys.all, unitKeys.all, scoreKeys.all, auditKeys.all),
  });
}
