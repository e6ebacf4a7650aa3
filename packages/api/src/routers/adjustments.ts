import { z } from "zod";
import { appendAudit, deleteAdjustment, findAdjustment, insertAdjustment, listAdjustments, newId, lockMonth } from "@scorecard/db";
import { AdjustmentRowSchema, PeriodSchema, periodLabel, textInput } from "@scorecard/rules";
import { canSee, monthAccess, requireUnpublished } from "../access";
import { unitNames } from "../names";
import { requirePeriodInRange } from "../period-range";
import { authedProcedure, fail, rolesProcedure, router } from "../trpc";

export const adjustmentsRouter = router({
  /** A month's bonus, penalty and veto records, as the user may see them. */
  list: authedProcedure.input(z.object({ period: PeriodSchema })).query(async ({ ctx, input }) => {
    const access = await monthAccess(ctx, ctx.user, input.period);
    const rb = await ctx.scores.versionAt(ctx.db, input.period);
    const items = new Map((rb?.adjustments ?? []).map((a) => [a.key, a]));
    return (await listAdjustments(ctx.db, { period: input.period }))
      .filter((a) => canSee(access, a.unit))
      .map((a) => ({ ...a, name: items.get(a.item)?.name ?? a.item, kind: items.get(a.item)?.kind ?? null, points: items.get(a.item)?.points ?? null }));
  }),

  add: rolesProcedure("stats")
    .input(AdjustmentRowSchema.extend({ note: textInput(500).optional(), evidence: textInput(500).optional() }))
    .mutation(async ({ ctx, input }) => {
      requirePeriodInRange(ctx, input.period);
      const rb = await ctx.scores.versionAt(ctx.db, input.period);
      if (!rb) fail("BAD_REQUEST", `${periodLabel(input.period)}没有生效的考核办法,请政治处先启用适用于该月的版本。`);
      const item = rb.adjustments.find((a) => a.key === input.item);
      if (!item) fail("BAD_REQUEST", `考核办法 ${rb.version} 中没有加减分项目 "${input.item}",请从列表中选择。`);
      if (!(await ctx.scores.units(ctx.db)).some((u) => u.key === input.unit)) fail("BAD_REQUEST", `没有代码为 ${input.unit} 的法庭。`);
      const name = await unitNames(ctx);
      const at = ctx.now().toISOString();
      const id = newId();
      await ctx.db.transaction().execute(async (trx) => {
        requireUnpublished(await lockMonth(trx, input.period, ctx.now().toISOString()));
        await insertAdjustment(trx, { id, period: input.period, unit: input.unit, item: input.item, count: input.count, note: input.note ?? null, evidence: input.evidence ?? null, createdBy: ctx.user.username, createdAt: at });
        await appendAudit(trx, { username: ctx.user.username, action: "adjustments.add", target: `${input.period}/${input.unit}`, after: { id, item: input.item, name: item.name, unitName: name(input.unit), count: input.count, note: input.note ?? null } }, at);
      });
      return { id };
    }),

  remove: rolesProcedure("stats")
    .input(z.object({ id: z.string().uuid() }))
    .mutation(async ({ ctx, input }) => {
      await ctx.db.transaction().execute(async (trx) => {
        const row = await findAdjustment(trx, input.id);
        if (!row) fail("NOT_FOUND", "找不到这条加减分记录,可能已被删除;请刷新页面。");
        requireUnpublished(await lockMonth(trx, row.period, ctx.now().toISOString()));
        await deleteAdjustment(trx, input.id, ctx.now().toISOString());
        await appendAudit(trx, { username: ctx.user.username, action: "adjustments.remove", target: `${row.period}/${row.unit}`, before: { id: row.id, item: row.item, count: row.count, note: row.note } }, ctx.now().toISOString());
      });
      return { ok: true as const };
    }),
});
