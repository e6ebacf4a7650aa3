import { z } from "zod";
import { appendAudit, insertNotifications, listPeriods, listUsers, newId, setPeriod, untouchedPeriod, lockMonth } from "@scorecard/db";
import { deadlineLabel } from "@scorecard/rules";
import { addMonths, PeriodSchema, periodLabel } from "@scorecard/rules";
import { authedProcedure, fail, rolesProcedure, router } from "../trpc";

/** Review lasts three days by default (product.md). */
const REVIEW_DAYS = 3;

export const periodsRouter = router({
  /** Every month that has figures or a state, newest first. */
  list: authedProcedure.query(async ({ ctx }) => {
    const states = new Map((await listPeriods(ctx.db)).map((p) => [p.period, p]));
    for (const p of await ctx.scores.periodsWithFacts(ctx.db)) if (!states.has(p)) states.set(p, untouchedPeriod(p));
    return [...states.values()].sort((a, b) => (a.period < b.period ? 1 : -1));
  }),

  /** Opens the review window: heads see their draft scores and may object. */
  openReview: rolesProcedure("stats")
    .input(z.object({ period: PeriodSchema, days: z.number().int().min(1).max(30).default(REVIEW_DAYS) }))
    .mutation(async ({ ctx, input }) => {
      // product.md, "States": only a month with facts, at most one month after the latest month with facts
      const withFacts = await ctx.scores.periodsWithFacts(ctx.db);
      const latest = withFacts[withFacts.length - 1];
      const label = periodLabel(input.period);
      if (!latest) fail("BAD_REQUEST", `还没有任何月份的考核数据,不能开启${label}的审核;请先录入或导入数据。`);
      if (input.period > addMonths(latest, 1))
        fail("BAD_REQUEST", `${label}晚于最近有数据的月份(${periodLabel(latest)})一个月以上,不能开启审核;请检查所选月份。`);
      if (!withFacts.includes(input.period)) fail("BAD_REQUEST", `${label}还没有录入任何数据,不能开启审核;请先录入或导入该月数据。`);
      const heads = (await listUsers(ctx.db)).filter((u) => u.role === "head" && u.active);
      const now = ctx.now();
      await ctx.db.transaction().execute(async (trx) => {
        const p = await lockMonth(trx, input.period, ctx.now().toISOString());
        // a first review from collecting; during a correction, a review of the new revision
        if (p.status !== "collecting" && p.status !== "correcting")
          fail("BAD_REQUEST", `${label}当前状态为${p.status === "review" ? "审核中" : "已发布"},不能再开启审核。`);
        const reviewUntil = new Date(now.getTime() + input.days * 86400000).toISOString();
        const at = now.toISOString();
        await setPeriod(trx, { ...p, status: "review", reviewUntil }, ctx.user.username, at);
        await insertNotifications(
          trx,
          heads.map((h) => ({ id: newId(), username: h.username, kind: "review.opened", title: `${label}考核数据已进入审核,请在${deadlineLabel(reviewUntil)}前核对本庭数据,如有异议请提出`, link: `/review/${input.period}`, at })),
        );
        await appendAudit(trx, { username: ctx.user.username, action: "periods.openReview", target: input.period, before: { status: p.status }, after: { status: "review", reviewUntil } }, at);
      });
      return { ok: true as const };
    }),

  /** Ends review without publishing: back to collecting. */
  reopen: rolesProcedure("stats")
    .input(z.object({ period: PeriodSchema }))
    .mutation(async ({ ctx, input }) => {
      await ctx.db.transaction().execute(async (trx) => {
        const p = await lockMonth(trx, input.period, ctx.now().toISOString());
        if (p.status !== "review") fail("BAD_REQUEST", `${periodLabel(input.period)}不在审核中,无需结束审核。`);
        // back to where the review came from: collecting, or the correction under way
        await setPeriod(trx, { ...p, status: p.revision > 0 ? "correcting" : "collecting", reviewUntil: null }, ctx.user.username, ctx.now().toISOString());
        await appendAudit(trx, { username: ctx.user.username, action: "periods.reopen", target: input.period, before: { status: "review" }, after: { status: "collecting" } }, ctx.now().toISOString());
      });
      return { ok: true as const };
    }),
});
