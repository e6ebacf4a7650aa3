import { z } from "zod";
import { appendAudit, findObjection, insertNotifications, insertObjection, listObjections, listUsers, newId, ObjectionStatusSchema, resolveObjection, lockMonth } from "@scorecard/db";
import { KeySchema, PeriodSchema, periodLabel, textInput } from "@scorecard/rules";
import { deadlineLabel } from "@scorecard/rules";
import { unitNames } from "../names";
import { authedProcedure, fail, rolesProcedure, router } from "../trpc";

const TextSchema = textInput(1000, "请写明异议的内容", "异议内容不能超过 1000 字");

/** Objections (提出异议): a head's on their own tribunal's draft, while review is open; stats accepts or rejects with a reason. */
export const objectionsRouter = router({
  raise: rolesProcedure("head")
    .input(z.object({ period: PeriodSchema, unit: KeySchema, indicator: KeySchema.optional(), field: KeySchema.optional(), text: TextSchema }))
    .mutation(async ({ ctx, input }) => {
      const label = periodLabel(input.period);
      if (ctx.user.unit !== input.unit) fail("FORBIDDEN", "庭长只能对本庭的数据提出异议。");
      const rb = await ctx.scores.versionAt(ctx.db, input.period);
      if (input.indicator && !rb?.sections.some((s) => s.indicators.some((i) => i.key === input.indicator))) fail("BAD_REQUEST", `考核办法中没有指标 ${input.indicator}。`);
      if (input.field && !rb?.fields.some((f) => f.key === input.field)) fail("BAD_REQUEST", `考核办法中没有数据项 ${input.field}。`);
      const name = await unitNames(ctx);
      const stats = (await listUsers(ctx.db)).filter((u) => u.role === "stats" && u.active);
      const now = ctx.now();
      const id = newId();
      await ctx.db.transaction().execute(async (trx) => {
        const p = await lockMonth(trx, input.period, ctx.now().toISOString());
        if (p.status !== "review") fail("BAD_REQUEST", `${label}不在审核期间,不能提出异议;审核开启后方可提出。`);
        if (p.reviewUntil && now.toISOString() > p.reviewUntil) fail("BAD_REQUEST", `${label}的异议期已于${deadlineLabel(p.reviewUntil)}截止,不能再提出异议;如确有错误请联系统计员。`);
        const at = now.toISOString();
        await insertObjection(trx, { id, period: input.period, unit: input.unit, indicator: input.indicator ?? null, field: input.field ?? null, text: input.text, raisedBy: ctx.user.username, at });
        await insertNotifications(trx, stats.map((s) => ({ id: newId(), username: s.username, kind: "objection.raised", title: `${name(input.unit)}对${label}的数据提出异议`, link: `/review/${input.period}`, at })));
        await appendAudit(trx, { username: ctx.user.username, action: "objections.raise", target: `${input.period}/${input.unit}`, after: { id, indicator: input.indicator ?? null, field: input.field ?? null, text: input.text } }, at);
      });
      return { id };
    }),

  /** A month's objections: a head sees their own tribunal's, everyone else all. */
  list: authedProcedure.input(z.object({ period: PeriodSchema, status: ObjectionStatusSchema.optional() })).query(async ({ ctx, input }) => {
    if (ctx.user.role === "head" && !ctx.user.unit) return [];
    const rows = await listObjections(ctx.db, { period: input.period, ...(input.status ? { status: input.status } : {}), ...(ctx.user.role === "head" ? { unit: ctx.user.unit! } : {}) });
    const name = await unitNames(ctx);
    return rows.map((o) => ({ ...o, unitName: name(o.unit) }));
  }),

  resolve: rolesProcedure("stats")
    .input(z.object({ id: z.string().uuid(), decision: z.enum(["accepted", "rejected"]), reply: textInput(1000, "请写明处理意见(驳回须说明理由)", "处理意见不能超过 1000 字") }))
    .mutation(async ({ ctx, input }) => {
      const at = ctx.now().toISOString();
      await ctx.db.transaction().execute(async (trx) => {
        const o = await findObjection(trx, input.id);
        if (!o) fail("NOT_FOUND", "找不到这条异议,可能已被删除;请刷新页面。");
        if (o.status !== "open") fail("BAD_REQUEST", `这条异议已于${o.resolvedAt ? deadlineLabel(o.resolvedAt) : ""}${o.status === "accepted" ? "采纳" : "驳回"},不能重复处理。`);
        const p = await lockMonth(trx, o.period, ctx.now().toISOString());
        if (p.status === "published") fail("BAD_REQUEST", `${periodLabel(o.period)}已发布,异议不能再处理。`);
        await resolveObjection(trx, o.id, { status: input.decision, reply: input.reply, by: ctx.user.username, at });
        const verb = input.decision === "accepted" ? "已采纳" : "已驳回";
        await insertNotifications(trx, [{ id: newId(), username: o.raisedBy, kind: "objection.resolved", title: `您对${periodLabel(o.period)}提出的异议${verb}:${input.reply}`, link: `/review/${o.period}`, at }]);
        await appendAudit(trx, { username: ctx.user.username, action: `objections.${input.decision === "accepted" ? "accept" : "reject"}`, target: `${o.period}/${o.unit}`, before: { id: o.id, status: "open", text: o.text }, after: { id: o.id, status: input.decision, reply: input.reply } }, at);
      });
      return { ok: true as const };
    }),
});
