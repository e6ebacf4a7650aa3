import { defineQueryOptions, useMutation, useQueryCache } from "@pinia/colada";
import { auditKeys } from "./audit";
import { invalidate } from "./cache";
import { api, type Inputs, type Outputs } from "./trpc";
import { unitKeys } from "./units";

/** Accounts (admin only) and who oversees which tribunal. */

export type User = Outputs["users"]["list"][number];

export const userKeys = {
  all: ["users"] as const,
  list: () => [...userKeys.all, "list"] as const,
};

export const userQueries = {
  list: () => defineQueryOptions({ key: userKeys.list(), query: () => api.users.list.query() }),
};

/** A new account; a head or leader account changes the tribunals' head and leaders. */
export function useCreateUser() {
  const cache = useQueryCache();
  return useMutation({
    mutation: (input: Inputs["users"]["create"]) => api.users.create.mutate(input),
    onSettled: () => invalidate(cache, userKeys.all, unitKeys.all, auditKeys.all),
  });
}

/** Enables, disables or resets the password of an account. */
export function useUpdateUser() {
  const cache = useQueryCache();
  return useMutation({
    mutation: (input: Inputs["users"]["update"]) => api.users.update.mutate(input),
    onSettled: () => invalidate(cache, userKeys.all, unitKeys.all, auditKeys.all),
  });
}
