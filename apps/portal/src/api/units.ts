import { defineQueryOptions } from "@pinia/colada";
import { useApiMutation } from "./invalidation";
import { unitKeys } from "./keys";
import { api, type Inputs, type Outputs } from "./trpc";

export { unitKeys };

/** The tribunals, in the court's order, with their head and overseeing leaders. */

export type Unit = Outputs["units"]["list"][number];

export const unitQueries = {
  list: () => defineQueryOptions({ key: unitKeys.list(), query: () => api.units.list.query(), staleTime: 5 * 60_000 }),
};

/** Adds a tribunal or renames it (and adds leaders): its name shows in every score and account. */
export const useSaveUnit = () => useApiMutation("units.save", (input: Inputs["units"]["save"]) => api.units.save.mutate(input));
