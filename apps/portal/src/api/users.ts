import { defineQueryOptions } from "@pinia/colada";
import { useApiMutation } from "./invalidation";
import { userKeys } from "./keys";
import { api, type Inputs, type Outputs } from "./trpc";

export { userKeys };

/** Accounts (admin only) and who oversees which tribunal. */

export type User = Outputs["users"]["list"][number];

export const userQueries = {
  list: () => defineQueryOptions({ key: userKeys.list(), query: () => api.users.list.query() }),
};

/** A new account; a head or leader account changes the tribunals' head and leaders. */
export const useCreateUser = () => useApiMutation("users.create", (input: Inputs["users"]["create"]) => api.users.create.mutate(input));

/** Enables, disables or resets the password of an account. */
export const useUpdateUser = () => useApiMutation("users.update", (input: Inputs["users"]["update"]) => api.users.update.mutate(input));
