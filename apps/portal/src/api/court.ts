import { defineQueryOptions } from "@pinia/colada";
import { useApiMutation } from "./invalidation";
import { courtKeys } from "./keys";
import { api, type Inputs, type Outputs } from "./trpc";

export { courtKeys };

/**
 * The court's profile (本院信息): its name, the words for its units, and per kind of document the
 * 发文机关标志, 文号代字, 主送, 抄送, 印发机关 and 署名. Everyone signed in reads it; the
 * administrator changes it, and the change applies to documents published after it.
 */

export type CourtProfile = Outputs["court"]["profile"];
export type CourtProfileInput = Inputs["court"]["updateProfile"];

export const courtQueries = {
  /** `enabled` false before a session (the profile is for signed-in users) */
  profile: (enabled = true) => defineQueryOptions({ key: courtKeys.profile(), query: () => api.court.profile.query(), staleTime: 10 * 60_000, enabled }),
};

/** Saves the profile: the pages naming the court and every draft (its number and letterhead) follow. */
export const useUpdateCourtProfile = () => useApiMutation("court.updateProfile", (input: CourtProfileInput) => api.court.updateProfile.mutate(input));
