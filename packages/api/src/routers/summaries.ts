import { z } from "zod";
import { findNotice, findNoticeHead, listNoticeHeads } from "@scorecard/db";
import { quarterLabel, QuarterSchema, type Quarter, textInput } from "@scorecard/rules";
import { draftFile, draftOf, frozenFile, marksOf, needsCorrectionOf, openCorrection, publish, readPublished, summaryKind } from "../publication";
import { rankView } from "../ranks";
import { authedProcedure, fail, rolesProcedure, router } from "../trpc";
import { CONTENT_TYPES, FormatSchema } from "./files";
import { ExpectedNumber } from "./notices";

/** 季度总结: drafted by the engine, edited and published by stats once the quarter's months are published; frozen, numbered, corrected like a notice. */
export const summariesRouter = router({
  /** As notices.draft: `commentary` to start from (the published text during a correction), `drafted` the machine's, sentences marked. */
  draft: rolesProcedure("stats")
    .input(z.object({ quarter: QuarterSchema }))
    .query(async ({ ctx, input }) => {
      const last = await findNotice(ctx.db, "summary", input.quarter);
      if (last && (await summaryKind.correction(ctx.db, input.quarter)) === null)
        fail("BAD_REQUEST", `${quarterLabel(input.quarter)}总结已发布(第 ${last.revision} 版);如需改正请发起更正。`);
      const d = await draftOf(ctx, summaryKind, input.quarter, ctx.now(), { username: ctx.user.username, name: ctx.user.name });
      const view = await rankView(ctx);
      return view.apply(
        { quarter: input.quarter, revision: d.snapshot.revision, nextNumber: d.nextNumber, commentary: d.commentary, drafted: d.drafted, notReady: await summaryKind.notReady(ctx.db, ctx, input.quarter), snapshot: d.snapshot },
        d.snapshot.result.ranking,
      );
    }),

  publish: rolesProcedure("stats")
    .input(z.object({ quarter: QuarterSchema, commentary: textInput(20000, "情况分析不能为空"), expectedNumber: ExpectedNumber }))
    .mutation(({ ctx, input }) => publish(ctx, summaryKind, { subject: input.quarter, commentary: input.commentary, ...(input.expectedNumber === undefined ? {} : { expectedNumber: input.expectedNumber }), by: { username: ctx.user.username, name: ctx.user.name }, at: ctx.now() })),

  correct: rolesProcedure("stats")
    .input(z.object({ quarter: QuarterSchema, reason: textInput(2000, "请写明更正的原因") }))
    .mutation(async ({ ctx, input }) => {
      await openCorrection(ctx, summaryKind, input.quarter, input.reason, ctx.user.username, ctx.now());
      return { ok: true as const };
    }),

  get: authedProcedure.input(z.object({ quarter: QuarterSchema, revision: z.number().int().min(1).optional() })).query(async ({ ctx, input }) => {
    const found = await readPublished(ctx.db, summaryKind, input.quarter, input.revision);
    if (!found) fail("NOT_FOUND", `${quarterLabel(input.quarter)}总结${input.revision ? `没有第 ${input.revision} 版` : "尚未发布"}。`);
    const { head: n, snapshot } = found;
    const [correcting, latest, needsCorrection, view] = await Promise.all([
      summaryKind.correction(ctx.db, input.quarter),
      findNoticeHead(ctx.db, "summary", input.quarter),
      needsCorrectionOf(ctx.db, "summary", input.quarter),
      rankView(ctx),
    ]);
    return view.apply(
      {
        quarter: input.quarter,
        revision: n.revision,
        number: n.number,
        hash: n.hash,
        publishedAt: n.publishedAt,
        publishedBy: snapshot.issuedBy,
        commentary: snapshot.commentary,
        correction: snapshot.correction,
        correcting: correcting !== null,
        latest: latest?.revision === n.revision,
        needsCorrection: latest?.revision === n.revision ? needsCorrection : null,
        snapshot,
      },
      snapshot.result.ranking,
    );
  }),

  list: authedProcedure.input(z.object({ year: z.number().int().min(2000).max(2100).optional() }).default({})).query(async ({ ctx, input }) => {
    const [all, marks] = await Promise.all([listNoticeHeads(ctx.db, "summary", input.year), marksOf(ctx.db, "summary")]);
    const latest = new Map<string, number>();
    for (const n of all) latest.set(n.subject, Math.max(latest.get(n.subject) ?? 0, n.revision));
    return all.map((n) => {
      const isLatest = latest.get(n.subject) === n.revision;
      return { quarter: n.subject as Quarter, revision: n.revision, number: n.number, hash: n.hash, publishedAt: n.publishedAt, latest: isLatest, needsCorrection: isLatest ? (marks.get(n.subject) ?? null) : null };
    });
  }),

  /** A summary's document (only through GET /files/summary): a published revision as stored at publication, else the draft (草稿) for all but heads. */
  file: authedProcedure.input(z.object({ quarter: QuarterSchema, revision: z.number().int().min(1).optional(), format: FormatSchema, draft: z.boolean().optional() })).query(async ({ ctx, input }) => {
    const label = quarterLabel(input.quarter);
    const n = input.draft ? undefined : await findNoticeHead(ctx.db, "summary", input.quarter, input.revision);
    if (n) {
      const content = await frozenFile(ctx.db, summaryKind, n, input.format);
      return { format: input.format, contentType: CONTENT_TYPES[input.format], fileName: `${label}总结${n.revision > 1 ? `(第${n.revision}版)` : ""}.${input.format}`, content };
    }
    if (input.revision) fail("NOT_FOUND", `${label}总结没有第 ${input.revision} 版。`);
    if (ctx.user.role === "head") fail("FORBIDDEN", `${label}总结尚未发布,庭长可在发布后查看。`);
    const { content } = await draftFile(ctx, summaryKind, input.quarter, input.format, ctx.now());
    return { format: input.format, contentType: CONTENT_TYPES[input.format], fileName: `${label}总结(草稿).${input.format}`, content };
  }),
});
