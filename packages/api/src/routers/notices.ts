import { z } from "zod";
import { appendAudit, findNotice, getPeriod, listNotices, listPeriods, setPeriod, type StoredNotice } from "@scorecard/db";
import { findVersionAt, PeriodSchema, periodLabel } from "@scorecard/rules";
import { renderNotice } from "@scorecard/documents";
import { draftNotice, frozenNoticeFile, monthDataWarnings, parseSnapshot, publishNotice } from "../cycle";
import { rankView } from "../ranks";
import { authedProcedure, fail, rolesProcedure, router } from "../trpc";

const revisionInput = z.object({ period: PeriodSchema, revision: z.number().int().min(1).optional() });

const CONTENT_TYPES = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  html: "text/html; charset=utf-8",
} as const;

/** A published revision as the API gives it: the frozen snapshot and its seal. */
function published(n: StoredNotice) {
  const snapshot = parseSnapshot(n);
  return {
    period: n.subject,
    revision: n.revision,
    number: n.number,
    hash: n.hash,
    publishedAt: n.publishedAt,
    publishedBy: snapshot.issuedBy,
    rulebook: { id: snapshot.rulebook.id, version: snapshot.rulebook.version, title: snapshot.rulebook.title },
    ranking: snapshot.result.units.map((u) => ({ unit: u.unit, rank: u.rank, total: u.total, sections: u.sections, bonus: u.bonus, penalty: u.penalty, veto: u.veto, change: snapshot.change?.[u.unit] ?? null })),
    commentary: snapshot.commentary,
    correction: snapshot.correction,
    snapshot,
  };
}

export const noticesRouter = router({
  /** The notice as it would be published now: the drafted 情况分析 and the warnings to acknowledge. */
  draft: rolesProcedure("stats")
    .input(z.object({ period: PeriodSchema }))
    .query(async ({ ctx, input }) => {
      const snapshot = await draftNotice(ctx.db, ctx.scores, input.period, ctx.now(), { username: ctx.user.username, name: ctx.user.name });
      const view = await rankView(ctx);
      return view.apply({ period: input.period, revision: snapshot.revision, commentary: snapshot.commentary, dataWarnings: await monthDataWarnings(ctx.db, ctx.scores, input.period), snapshot }, snapshot.result.ranking);
    }),

  publish: rolesProcedure("stats")
    .input(z.object({ period: PeriodSchema, commentary: z.string().trim().min(1, "情况分析不能为空").max(20000), acknowledgeWarnings: z.boolean().optional() }))
    .mutation(({ ctx, input }) =>
      publishNotice(ctx.db, ctx.scores, {
        period: input.period,
        commentary: input.commentary,
        ...(input.acknowledgeWarnings === undefined ? {} : { acknowledgeWarnings: input.acknowledgeWarnings }),
        by: { username: ctx.user.username, name: ctx.user.name },
        at: ctx.now(),
      }),
    ),

  /** A frozen notice (the latest revision unless one is asked for), to everyone. */
  get: authedProcedure.input(revisionInput).query(async ({ ctx, input }) => {
    const n = await findNotice(ctx.db, "notice", input.period, input.revision);
    if (!n) fail("NOT_FOUND", input.revision ? `${periodLabel(input.period)}没有第 ${input.revision} 版通报。` : `${periodLabel(input.period)}的考核通报尚未发布。`);
    const [state, view] = await Promise.all([getPeriod(ctx.db, input.period), rankView(ctx)]);
    const p = published(n);
    return view.apply({ ...p, status: state.status, needsCorrection: state.needsCorrection, correcting: state.status === "correcting" || (state.status === "review" && state.revision > 0) }, p.snapshot.result.ranking);
  }),

  /**
   * A notice's document (only through GET /files/notice): a published revision's file exactly as
   * rendered at publication; before the first publication, or during a correction when no
   * revision is asked for, stats, hr, admin and leaders get the draft, marked 草稿.
   */
  file: authedProcedure
    .input(revisionInput.extend({ format: z.enum(["docx", "xlsx", "html"], { message: "格式只能是 docx、xlsx 或 html" }), draft: z.boolean().optional() }))
    .query(async ({ ctx, input }) => {
      const label = periodLabel(input.period);
      const name = (suffix: string) => `${label}考核通报${suffix}.${input.format}`;
      const state = await getPeriod(ctx.db, input.period);
      const wantsDraft = input.draft === true || (state.revision === 0 && input.revision === undefined);
      if (!wantsDraft) {
        const n = await findNotice(ctx.db, "notice", input.period, input.revision);
        if (!n) fail("NOT_FOUND", input.revision ? `${label}没有第 ${input.revision} 版通报。` : `${label}的考核通报尚未发布。`);
        const content = await frozenNoticeFile(ctx.db, n, input.format);
        return { format: input.format, contentType: CONTENT_TYPES[input.format], fileName: name(n.revision > 1 ? `(第${n.revision}版)` : ""), content };
      }
      if (ctx.user.role === "head") fail("FORBIDDEN", `${label}的通报尚未发布,庭长可在发布后查看;草稿只向统计员、政治处和党组成员开放。`);
      const snapshot = await draftNotice(ctx.db, ctx.scores, input.period, ctx.now(), null);
      const content = await renderNotice(snapshot, input.format);
      return { format: input.format, contentType: CONTENT_TYPES[input.format], fileName: name("(草稿)"), content };
    }),

  /** Every published revision (of a year when given), newest month first. */
  list: authedProcedure.input(z.object({ year: z.number().int().min(2000).max(2100).optional() }).default({})).query(async ({ ctx, input }) => {
    const [periods, view, rulebooks] = await Promise.all([listPeriods(ctx.db), rankView(ctx), ctx.scores.rulebooks(ctx.db)]);
    const states = new Map(periods.map((p) => [p.period, p]));
    return (await listNotices(ctx.db, "notice", input.year)).map((n) => {
      const p = states.get(n.subject);
      return {
        period: n.subject,
        revision: n.revision,
        number: n.number,
        hash: n.hash,
        publishedAt: n.publishedAt,
        latest: p?.revision === n.revision,
        status: p?.status ?? "published",
        needsCorrection: p?.needsCorrection ?? false,
        /** the version in force that month keeps its ranking internal, and this user is kept from it */
        ranksHidden: view.hidden(findVersionAt(rulebooks, n.subject)?.ranking),
      };
    });
  }),

  /** Reopens a published month as revision n+1 (更正); publishing it issues the corrected notice. */
  correct: rolesProcedure("stats")
    .input(z.object({ period: PeriodSchema, reason: z.string().trim().min(1, "请写明更正的原因").max(2000) }))
    .mutation(async ({ ctx, input }) => {
      const at = ctx.now().toISOString();
      await ctx.db.transaction().execute(async (trx) => {
        const p = await getPeriod(trx, input.period);
        if (p.status !== "published") fail("BAD_REQUEST", `${periodLabel(input.period)}当前${p.status === "correcting" ? "已在更正中" : "尚未发布"},不能发起更正。`);
        await setPeriod(trx, { ...p, status: "correcting", correctionReason: input.reason }, ctx.user.username, at);
        await appendAudit(trx, { username: ctx.user.username, action: "notices.correct", target: input.period, before: { status: "published", revision: p.revision }, after: { status: "correcting", revision: p.revision + 1, reason: input.reason } }, at);
      });
      return { ok: true as const };
    }),
});
