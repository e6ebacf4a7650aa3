import { z } from "zod";
import { appendAudit, getPeriod, listAdjustments, newId } from "@scorecard/db";
import { AdjustmentRowSchema, PeriodSchema } from "@scorecard/rules";
import { canSee, periodAccess, requireUnpublished } from "../access";
import { authedProcedure, fail, rolesProcedure, router } from "../trpc";

export const adjustmentsRouter = router({
  /** A month's bonus, penalty and veto records, as the user may see them. */
  list: authedProcedure.input(z.object({ period: PeriodSchema })).query(async ({ ctx, input }) => {
    const access = await periodAccess(ctx, ctx.user, input.period);
    const rb = await ctx.scores.versionAt(ctx.db, input.period);
    const items = new Map((rb?.adjustments ?? []).map((a) => [a.key, a]));
    return (await listAdjustments(ctx.db, { period: input.period }))
      .filter((a) => canSee(access, a.unit))
      .map((a) => ({ ...a, name: items.get(a.item)?.name ?? a.item, kind: items.get(a.item)?.kind ?? null, points: items.get(a.item)?.points ?? null }));
  }),

  add: rolesProcedure("stats")
    .input(AdjustmentRowSchema.extend({ note: z.string().trim().max(500).optional(), evidence: z.string().trim().max(500).optional() }))
    .mutation(async ({ ctx, input }) => {
      const rb = await ctx.scores.versionAt(ctx.db, input.period);
      if (!rb) fail("BAD_REQUEST", `${input.period} 没有生效的考核办法。`);
      const item = rb.adjustments.find((a) => a.key === input.item);
      if (!item) fail("BAD_REQUEST", `考核办法 ${rb.version} 中没有加减分项目 "${input.item}"。`);
      if (!(await ctx.scores.units(ctx.db)).some((u) => u.key === input.unit)) fail("BAD_REQUEST", `没有代码为 ${input.unit} 的法庭。`);
      const at = new Date().toISOString();
      const id = newId();
      await ctx.db.transaction().execute(async (trx) => {
        requireUnpublished(await getPeriod(trx, input.period));
        const row = { id, period: input.period, unit_key: input.unit, item: input.item, count: input.count, note: input.note ?? null, evidence: input.evidence ?? null, created_by: ctx.user.username, created_at: at };
        await trx.insertInto("adjustments").values(row).execute();
        await appendAudit(trx, { username: ctx.user.username, action: "adjustments.add", target: `${input.period}/${input.unit}`, after: { id, item: input.item, name: item.name, count: input.count, note: input.note ?? null } }, at);
      });
      return { id };
    }),

  remove: rolesProcedure("stats")
    .input(z.object({ id: z.string().uuid() }))
    .mutation(async ({ ctx, input }) => {
      await ctx.db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom("adjustments").selectAll().where("id", "=", input.id).executeTakeFirst();
        if (!row) fail("NOT_FOUND", "找不到这条加减分记录,可能已被删除。");
        requireUnpublished(await getPeriod(trx, row.period));
        await trx.deleteFrom("adjustments").where("id", "=", input.id).execute();
        await appendAudit(trx, { username: ctx.user.username, action: "adjustments.remove", target: `${row.period}/${row.unit_key}`, before: { id: row.id, item: row.item, count: row.count, note: row.note } });
      });
      return { ok: true as const };
    }),
});
