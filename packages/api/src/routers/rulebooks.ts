import { z } from "zod";
import { activateRulebook, activeVersionFrom, appendAudit, getRulebook, insertRulebook, listPeriods, listRulebooks, newId } from "@scorecard/db";
import { parseRulebook, PeriodSchema, periodLabel } from "@scorecard/rules";
import { authedProcedure, fail, rolesProcedure, router } from "../trpc";

export const rulebooksRouter = router({
  /** Every version, drafts included: the 考核办法 is public within the court. */
  list: authedProcedure.query(({ ctx }) => listRulebooks(ctx.db)),

  get: authedProcedure.input(z.object({ id: z.string().uuid() })).query(async ({ ctx, input }) => {
    const r = await getRulebook(ctx.db, input.id);
    if (!r) fail("NOT_FOUND", "找不到这个考核办法版本。");
    return r;
  }),

  /** The version in force for a month (its fields, checks and adjustment items), null when none is; the portal never works it out itself. */
  inForce: authedProcedure.input(z.object({ period: PeriodSchema })).query(async ({ ctx, input }) => ({ period: input.period, rulebook: await ctx.scores.versionAt(ctx.db, input.period) })),

  /** Stores a new draft version (the studio will edit it); validated whole, every problem listed. */
  createDraft: rolesProcedure("hr")
    .input(z.object({ rulebook: z.unknown() }))
    .mutation(async ({ ctx, input }) => {
      const rb = parseRulebook(input.rulebook);
      const active = await ctx.scores.rulebooks(ctx.db);
      if (active.length && active[0]!.id !== rb.id) fail("BAD_REQUEST", `新版本的系列 id 必须是 ${active[0]!.id}(现为 ${rb.id})。`);
      const id = newId();
      const at = ctx.now().toISOString();
      await ctx.db.transaction().execute(async (trx) => {
        await insertRulebook(trx, { id, rulebook: rb, status: "draft", by: ctx.user.username, at });
        await appendAudit(trx, { username: ctx.user.username, action: "rulebooks.createDraft", target: `${rb.id} ${rb.version}`, after: { id, effectiveFrom: rb.effectiveFrom } }, at);
      });
      return { id };
    }),

  /**
   * Activates a draft from its `effectiveFrom`. Published months keep the scores they were
   * published with, so a version may not take effect in or before a published month.
   */
  activate: rolesProcedure("hr")
    .input(z.object({ id: z.string().uuid() }))
    .mutation(async ({ ctx, input }) => {
      const r = await getRulebook(ctx.db, input.id);
      if (!r) fail("NOT_FOUND", "找不到这个考核办法版本。");
      if (r.meta.status === "active") fail("BAD_REQUEST", "这个版本已经启用。");
      const published = (await listPeriods(ctx.db)).filter((p) => p.status === "published").map((p) => p.period);
      const lastPublished = published[published.length - 1];
      if (lastPublished && r.meta.effectiveFrom <= lastPublished)
        fail("BAD_REQUEST", `${periodLabel(lastPublished)}已发布,新版本只能从之后的月份起生效(现为${periodLabel(r.meta.effectiveFrom)});请修改生效月份。`);
      const at = ctx.now().toISOString();
      await ctx.db.transaction().execute(async (trx) => {
        const clash = await activeVersionFrom(trx, r.meta.effectiveFrom);
        if (clash) fail("BAD_REQUEST", `已有自${periodLabel(r.meta.effectiveFrom)}起生效的版本 ${clash.version}。`);
        await activateRulebook(trx, input.id, at);
        await appendAudit(trx, { username: ctx.user.username, action: "rulebooks.activate", target: `${r.meta.family} ${r.meta.version}`, after: { effectiveFrom: r.meta.effectiveFrom } }, at);
      });
      return { ok: true as const };
    }),
});
