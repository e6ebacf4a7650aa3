import { defineQueryOptions, useMutation, useQueryCache } from "@pinia/colada";
import { invalidate } from "./cache";
import { api, type Inputs, type Outputs } from "./trpc";

/** The user's own notifications, newest first, with the unread count; refreshed each minute. */

export type Notifications = Outputs["notifications"]["list"];
export type Notification = Notifications["items"][number];

export const notificationKeys = {
  all: ["notifications"] as const,
  list: () => [...notificationKeys.all, "list"] as const,
};

export const notificationQueries = {
  list: () => defineQueryOptions({ key: notificationKeys.list(), query: () => api.notifications.list.query(), staleTime: 60_000 }),
};

export function useMarkRead() {
  const cache = useQueryCache();
  return useMutation({
    mutation: (input: Inputs["notifications"]["markRead"]) => api.notifications.markRead.mutate(input),
    onSettled: () => invalidate(cache, notificationKeys.all),
  });
}
