import { z } from "zod";
import { findNoticeHead, getPeriod, listNoticeHeads, listPeriods, type NoticeHead } from "@scorecard/db";
import { PeriodSchema, periodLabel, versionAt, textInput } from "@scorecard/rules";
import { draftFile, draftOf, frozenFile, marksOf, needsCorrectionOf, noticeKind, openCorrection, publish, readPublished } from "../publication";
import { rankView } from "../ranks";
import { authedProcedure, fail, rolesProcedure, router } from "../trpc";
import { CONTENT_TYPES, FormatSchema } from "./files";

/** The number the user confirmed a publication takes (the draft's `nextNumber`), e.g. 开法考〔2023〕5号. */
export const ExpectedNumber = z.string().min(1).max(40).optional();

const revisionInput = z.object({ period: PeriodSchema, revision: z.number().int().min(1).optional() });

/** A published revision as the API gives it: the frozen snapshot and its seal. */
function published(n: NoticeHead, snapshot: ReturnType<typeof noticeKind.parse>) {
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
  /**
   * The notice as it would be published now. `commentary` is what the editor starts from — during
   * a correction the text published in the revision corrected — and `drafted` the machine's 情况分析
   * of the figures now, each sentence marked where it changed.
   */
  draft: rolesProcedure("stats")
    .input(z.object({ period: PeriodSchema }))
    .query(async ({ ctx, input }) => {
      const d = await draftOf(ctx, noticeKind, input.period, ctx.now(), { username: ctx.user.username, name: ctx.user.name });
      const view = await rankView(ctx);
      return view.apply(
        { period: input.period, revision: d.snapshot.revision, nextNumber: d.nextNumber, commentary: d.commentary, drafted: d.drafted, dataWarnings: d.snapshot.dataWarnings, snapshot: d.snapshot },
        d.snapshot.result.ranking,
      );
    }),

  publish: rolesProcedure("stats")
    .input(z.object({ period: PeriodSchema, commentary: textInput(20000, "情况分析不能为空"), acknowledgeWarnings: z.boolean().optional(), expectedNumber: ExpectedNumber }))
    .mutation(({ ctx, input }) =>
      publish(ctx, noticeKind, {
        subject: input.period,
        commentary: input.commentary,
        ...(input.acknowledgeWarnings === undefined ? {} : { acknowledgeWarnings: input.acknowledgeWarnings }),
        ...(input.expectedNumber === undefined ? {} : { expectedNumber: input.expectedNumber }),
        by: { username: ctx.user.username, name: ctx.user.name },
        at: ctx.now(),
      }),
    ),

  /** A frozen notice (the latest revision unless one is asked for), to everyone. */
  get: authedProcedure.input(revisionInput).query(async ({ ctx, input }) => {
    const n = await readPublished(ctx.db, noticeKind, input.period, input.revision);
    if (!n) fail("NOT_FOUND", input.revision ? `${periodLabel(input.period)}没有第 ${input.revision} 版通报。` : `${periodLabel(input.period)}的考核通报尚未发布。`);
    const [state, view, needsCorrection] = await Promise.all([getPeriod(ctx.db, input.period), rankView(ctx), needsCorrectionOf(ctx.db, "notice", input.period)]);
    const p = published(n.head, n.snapshot);
    return view.apply({ ...p, status: state.status, needsCorrection, correcting: state.status === "correcting" || (state.status === "review" && state.revision > 0) }, p.snapshot.result.ranking);
  }),

  /**
   * A notice's document (only through GET /files/notice): a published revision's file exactly as
   * stored at publication; before the first publication, or during a correction when no
   * revision is asked for, stats, hr, admin and leaders get the draft, marked 草稿.
   */
  file: authedProcedure.input(revisionInput.extend({ format: FormatSchema, draft: z.boolean().optional() })).query(async ({ ctx, input }) => {
    const label = periodLabel(input.period);
    const name = (suffix: string) => `${label}考核通报${suffix}.${input.format}`;
    const state = await getPeriod(ctx.db, input.period);
    const wantsDraft = input.draft === true || (state.revision === 0 && input.revision === undefined);
    if (!wantsDraft) {
      const n = await findNoticeHead(ctx.db, "notice", input.period, input.revision);
      if (!n) fail("NOT_FOUND", input.revision ? `${label}没有第 ${input.revision} 版通报。` : `${label}的考核通报尚未发布。`);
      const content = await frozenFile(ctx.db, noticeKind, n, input.format);
      return { format: input.format, contentType: CONTENT_TYPES[input.format], fileName: name(n.revision > 1 ? `(第${n.revision}版)` : ""), content };
    }
    if (ctx.user.role === "head") fail("FORBIDDEN", `${label}的通报尚未发布,庭长可在发布后查看;草稿只向统计员、政治处和党组成员开放。`);
    const { content } = await draftFile(ctx, noticeKind, input.period, input.format, ctx.now());
    return { format: input.format, contentType: CONTENT_TYPES[input.format], fileName: name("(草稿)"), content };
  }),

  /** Every published revision (of a year when given), newest month first; the latest of each month with its 需更正. */
  list: authedProcedure.input(z.object({ year: z.number().int().min(2000).max(2100).optional() }).default({})).query(async ({ ctx, input }) => {
    const [periods, view, rulebooks, marks] = await Promise.all([listPeriods(ctx.db), rankView(ctx), ctx.scores.rulebooks(ctx.db), marksOf(ctx.db, "notice")]);
    const states = new Map(periods.map((p) => [p.period, p]));
    return (await listNoticeHeads(ctx.db, "notice", input.year)).map((n) => {
      const p = states.get(n.subject);
      const latest = p?.revision === n.revision;
      return {
        period: n.subject,
        revision: n.revision,
        number: n.number,
        hash: n.hash,
        publishedAt: n.publishedAt,
        latest,
        status: p?.status ?? "published",
        needsCorrection: latest ? (marks.get(n.subject) ?? null) : null,
        /** the version in force that month keeps its ranking internal, and this user is kept from it */
        ranksHidden: view.hidden(versionAt(rulebooks, n.subject)?.ranking),
      };
    });
  }),

  /** Reopens a published month as revision n+1 (更正); publishing it issues the corrected notice. */
  correct: rolesProcedure("stats")
    .input(z.object({ period: PeriodSchema, reason: textInput(2000, "请写明更正的原因") }))
    .mutation(async ({ ctx, input }) => {
      await openCorrection(ctx, noticeKind, input.period, input.reason, ctx.user.username, ctx.now());
      return { ok: true as const };
    }),
});
