import { z } from "zod";
import { listNotifications, markNotificationsRead } from "@scorecard/db";
import { authedProcedure, router } from "../trpc";
import { notifyOverdueSupervisions } from "./supervision";

/** Each user's own notifications, newest first, with the unread count. */
export const notificationsRouter = router({
  list: authedProcedure.query(async ({ ctx }) => {
    // an instruction that ran overdue since anyone last looked is announced first (once)
    await notifyOverdueSupervisions(ctx);
    return listNotifications(ctx.db, ctx.user.username);
  }),
  markRead: authedProcedure.input(z.object({ ids: z.array(z.string().uuid()).max(500) })).mutation(async ({ ctx, input }) => {
    await markNotificationsRead(ctx.db, ctx.user.username, input.ids, ctx.now().toISOString());
    return { ok: true as const };
  }),
});
