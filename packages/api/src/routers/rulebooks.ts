import { z } from "zod";
import { appendAudit, getRulebook, listPeriods, listRulebooks, newId } from "@scorecard/db";
import { parseRulebook } from "@scorecard/rules";
import { authedProcedure, fail, rolesProcedure, router } from "../trpc";

export const rulebooksRouter = router({
  /** Every version, drafts included: the 考核办法 is public within the court. */
  list: authedProcedure.query(({ ctx }) => listRulebooks(ctx.db)),

  get: authedProcedure.input(z.object({ id: z.string().uuid() })).query(async ({ ctx, input }) => {
    const r = await getRulebook(ctx.db, input.id);
    if (!r) fail("NOT_FOUND", "找不到这个考核办法版本。");
    return r;
  }),

  /** Stores a new draft version (the studio will edit it); validated whole, every problem listed. */
  createDraft: rolesProcedure("hr")
    .input(z.object({ rulebook: z.unknown() }))
    .mutation(async ({ ctx, input }) => {
      const rb = parseRulebook(input.rulebook);
      const active = await ctx.scores.rulebooks(ctx.db);
      if (active.length && active[0]!.id !== rb.id) fail("BAD_REQUEST", `新版本的系列 id 必须是 ${active[0]!.id}(现为 ${rb.id})。`);
      const id = newId();
      const at = new Date().toISOString();
      await ctx.db.transaction().execute(async (trx) => {
        await trx
          .insertInto("rulebooks")
          .values({ id, family: rb.id, version: rb.version, title: rb.title, status: "draft", effective_from: rb.effectiveFrom, body: JSON.stringify(rb), created_by: ctx.user.username, created_at: at, activated_at: null })
          .execute();
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
        fail("BAD_REQUEST", `${lastPublished} 已发布,新版本只能从之后的月份起生效(现为 ${r.meta.effectiveFrom});请修改生效月份。`);
      const at = new Date().toISOString();
      await ctx.db.transaction().execute(async (trx) => {
        const clash = await trx.selectFrom("rulebooks").select("version").where("status", "=", "active").where("effective_from", "=", r.meta.effectiveFrom).executeTakeFirst();
        if (clash) fail("BAD_REQUEST", `已有自 ${r.meta.effectiveFrom} 起生效的版本 ${clash.version}。`);
        await trx.updateTable("rulebooks").set({ status: "active", activated_at: at }).where("id", "=", input.id).execute();
        await appendAudit(trx, { username: ctx.user.username, action: "rulebooks.activate", target: `${r.meta.family} ${r.meta.version}`, after: { effectiveFrom: r.meta.effectiveFrom } }, at);
      });
      return { ok: true as const };
    }),
});
