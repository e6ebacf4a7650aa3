import { z } from "zod";
import { listNotifications, markNotificationsRead } from "@scorecard/db";
import { authedProcedure, router } from "../trpc";

/** Each user's own notifications, newest first, with the unread count. */
export const notificationsRouter = router({
  list: authedProcedure.query(({ ctx }) => listNotifications(ctx.db, ctx.user.username)),
  markRead: authedProcedure.input(z.object({ ids: z.array(z.string().uuid()).max(500) })).mutation(async ({ ctx, input }) => {
    await markNotificationsRead(ctx.db, ctx.user.username, input.ids, ctx.now().toISOString());
    return { ok: true as const };
  }),
});
