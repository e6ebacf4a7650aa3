import { appendAudit, saveCourtProfile } from "@scorecard/db";
import { CourtProfileSchema } from "@scorecard/rules";
import { readCourtProfile } from "../court-profile";
import { authedProcedure, rolesProcedure, router } from "../trpc";

/**
 * The court's profile (interfaces.md `court.profile` / `court.updateProfile`; product.md "Documents
 * a court office issues unedited"): everyone signed in reads it (pages and notifications name the
 * court by it); the administrator changes it. A change applies to documents published after it:
 * each publication copies the profile into its snapshot, so published revisions keep their bytes.
 */
export const courtRouter = router({
  profile: authedProcedure.query(({ ctx }) => readCourtProfile(ctx.db)),

  updateProfile: rolesProcedure("admin")
    .input(CourtProfileSchema)
    .mutation(async ({ ctx, input }) => {
      const at = ctx.now().toISOString();
      await ctx.db.transaction().execute(async (trx) => {
        const before = await readCourtProfile(trx);
        await saveCourtProfile(trx, input, ctx.user.username, at);
        await appendAudit(trx, { username: ctx.user.username, action: "court.updateProfile", target: "court", before, after: input }, at);
      });
      return input;
    }),
});
