import { defineQueryOptions } from "@pinia/colada";
import { useApiMutation } from "./invalidation";
import { notificationKeys } from "./keys";
import { api, type Inputs, type Outputs } from "./trpc";

export { notificationKeys };

/** The user's own notifications, newest first, with the unread count; refreshed each minute. */

export type Notifications = Outputs["notifications"]["list"];
export type Notification = Notifications["items"][number];

export const notificationQueries = {
  list: () => defineQueryOptions({ key: notificationKeys.list(), query: () => api.notifications.list.query(), staleTime: 60_000 }),
};

export const useMarkRead = () => useApiMutation("notifications.markRead", (input: Inputs["notifications"]["markRead"]) => api.notifications.markRead.mutate(input));
