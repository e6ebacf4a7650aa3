import { z } from "zod";
import { appendAudit, deletePendingCorrection, findNotice, findPendingCorrection, insertPendingCorrection, listNotices, type StoredNotice } from "@scorecard/db";
import { buildSummarySnapshot, quarterLabel, quarterMonths, renderSummary, snapshotHash, type Quarter, type SummarySnapshot } from "@scorecard/documents";
import { periodLabel, periodsOfYear } from "@scorecard/rules";
import type { Kysely } from "kysely";
import type { Database } from "@scorecard/db";

import { frozenFile, publishNumbered } from "../cycle";
import type { ScoreService } from "../scores-service";
import { rankView } from "../ranks";
import { authedProcedure, fail, rolesProcedure, router } from "../trpc";

const QuarterSchema = z.string().regex(/^\d{4}-Q[1-4]$/, { message: "季度必须写成 YYYY-Qn,如 2023-Q1" }).transform((q) => q as Quarter);
const FormatSchema = z.enum(["docx", "xlsx", "html"], { message: "格式只能是 docx、xlsx 或 html" });

/** A stored summary, checked as it comes out of the database. */
const SummaryShape = z.looseObject({ format: z.literal("scorecard-summary/1"), quarter: z.string(), revision: z.number().int().min(1) });
function parseSummary(n: StoredNotice): SummarySnapshot {
  return SummaryShape.parse(JSON.parse(n.snapshot)) as unknown as SummarySnapshot;
}

/**
 * Whether a quarter may be summarised (product.md): every month of its year up to its end is
 * published, none in correction and none marked 需更正 — the ytd figures at its end rest on them.
 */
async function whyNotReady(db: Kysely<Database>, scores: ScoreService, quarter: Quarter): Promise<string | null> {
  const { periods } = await scores.inputs(db);
  const last = quarterMonths(quarter)[2]!;
  for (const m of periodsOfYear(Number(quarter.slice(0, 4))).filter((p) => p <= last)) {
    const st = periods.get(m);
    if (!st || st.revision === 0) return `${periodLabel(m)}的考核通报尚未发布`;
    if (st.status !== "published") return `${periodLabel(m)}正在更正中`;
    if (st.needsCorrection) return `${periodLabel(m)}已被标记为需更正`;
  }
  return null;
}

async function draftSummary(db: Kysely<Database>, scores: ScoreService, quarter: Quarter, at: Date, by: { username: string; name: string } | null): Promise<SummarySnapshot> {
  const { rulebooks, index, units } = await scores.inputs(db);
  const last = await findNotice(db, "summary", quarter);
  const pending = await findPendingCorrection(db, "summary", quarter);
  if (last && !pending) fail("BAD_REQUEST", `${quarterLabel(quarter)}总结已发布(第 ${last.revision} 版);如需改正请发起更正。`);
  if (!index.facts.get(quarterMonths(quarter)[2]!)?.size) fail("BAD_REQUEST", `${quarterLabel(quarter)}最后一个月还没有考核数据,无法生成季度总结。`);
  return buildSummarySnapshot({
    rulebooks,
    data: index,
    quarter,
    units: units.map((u) => ({ key: u.key, name: u.name })),
    revision: (last?.revision ?? 0) + 1,
    number: null,
    issuedBy: by,
    issuedAt: at.toISOString(),
    ...(last && pending ? { correction: { reason: pending.reason, of: parseSummary(last) } } : {}),
  });
}

const CONTENT_TYPES = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  html: "text/html; charset=utf-8",
} as const;

/** 季度总结: drafted by the engine, edited and published by stats once the quarter's months are published; frozen, numbered, corrected like a notice. */
export const summariesRouter = router({
  draft: rolesProcedure("stats")
    .input(z.object({ quarter: QuarterSchema }))
    .query(async ({ ctx, input }) => {
      const snapshot = await draftSummary(ctx.db, ctx.scores, input.quarter, ctx.now(), { username: ctx.user.username, name: ctx.user.name });
      const view = await rankView(ctx);
      return view.apply({ quarter: input.quarter, revision: snapshot.revision, commentary: snapshot.commentary, notReady: await whyNotReady(ctx.db, ctx.scores, input.quarter), snapshot }, snapshot.result.ranking);
    }),

  publish: rolesProcedure("stats")
    .input(z.object({ quarter: QuarterSchema, commentary: z.string().trim().min(1, "情况分析不能为空").max(20000) }))
    .mutation(async ({ ctx, input }) => {
      const label = quarterLabel(input.quarter);
      const why = await whyNotReady(ctx.db, ctx.scores, input.quarter);
      if (why) fail("BAD_REQUEST", `${why},${label}总结暂不能发布;请先发布或更正该月通报。`);
      const dataRevision = await ctx.scores.revisionOf(ctx.db);
      const at = ctx.now();
      const by = { username: ctx.user.username, name: ctx.user.name };
      const draft = await draftSummary(ctx.db, ctx.scores, input.quarter, at, by);
      return publishNumbered(ctx.db, {
        kind: "summary",
        subject: input.quarter,
        revision: draft.revision,
        dataRevision,
        at,
        by,
        seal: (number) => {
          const snapshot: SummarySnapshot = { ...draft, number, commentary: input.commentary };
          return { snapshot, hash: snapshotHash(snapshot) };
        },
        title: (number, revision) => (revision > 1 ? `${label}总结已更正(第 ${revision} 版,${number})` : `${label}总结已发布(${number})`),
        link: `/summaries/${input.quarter}`,
        action: "summaries",
        async inside(trx) {
          await deletePendingCorrection(trx, "summary", input.quarter);
          return { before: { revision: draft.revision - 1 }, after: {} };
        },
      });
    }),

  correct: rolesProcedure("stats")
    .input(z.object({ quarter: QuarterSchema, reason: z.string().trim().min(1, "请写明更正的原因").max(2000) }))
    .mutation(async ({ ctx, input }) => {
      const at = ctx.now().toISOString();
      await ctx.db.transaction().execute(async (trx) => {
        const last = await findNotice(trx, "summary", input.quarter);
        if (!last) fail("BAD_REQUEST", `${quarterLabel(input.quarter)}总结尚未发布,不能发起更正。`);
        if (await findPendingCorrection(trx, "summary", input.quarter)) fail("BAD_REQUEST", `${quarterLabel(input.quarter)}总结已在更正中。`);
        await insertPendingCorrection(trx, { kind: "summary", subject: input.quarter, reason: input.reason, by: ctx.user.username, at });
        await appendAudit(trx, { username: ctx.user.username, action: "summaries.correct", target: input.quarter, before: { revision: last.revision }, after: { revision: last.revision + 1, reason: input.reason } }, at);
      });
      return { ok: true as const };
    }),

  get: authedProcedure.input(z.object({ quarter: QuarterSchema, revision: z.number().int().min(1).optional() })).query(async ({ ctx, input }) => {
    const n = await findNotice(ctx.db, "summary", input.quarter, input.revision);
    if (!n) fail("NOT_FOUND", `${quarterLabel(input.quarter)}总结${input.revision ? `没有第 ${input.revision} 版` : "尚未发布"}。`);
    const pending = await findPendingCorrection(ctx.db, "summary", input.quarter);
    const snapshot = parseSummary(n);
    const view = await rankView(ctx);
    return view.apply(
      { quarter: input.quarter, revision: n.revision, number: n.number, hash: n.hash, publishedAt: n.publishedAt, publishedBy: snapshot.issuedBy, commentary: snapshot.commentary, correction: snapshot.correction, correcting: !!pending, snapshot },
      snapshot.result.ranking,
    );
  }),

  list: authedProcedure.input(z.object({ year: z.number().int().min(2000).max(2100).optional() }).default({})).query(async ({ ctx, input }) =>
    (await listNotices(ctx.db, "summary", input.year)).map((n) => ({ quarter: n.subject, revision: n.revision, number: n.number, hash: n.hash, publishedAt: n.publishedAt })),
  ),

  /** A summary's document (only through GET /files/summary): a published revision as frozen, else the draft (草稿) for all but heads. */
  file: authedProcedure.input(z.object({ quarter: QuarterSchema, revision: z.number().int().min(1).optional(), format: FormatSchema, draft: z.boolean().optional() })).query(async ({ ctx, input }) => {
    const label = quarterLabel(input.quarter);
    const n = input.draft ? undefined : await findNotice(ctx.db, "summary", input.quarter, input.revision);
    if (n) {
      const content = await frozenFile(ctx.db, n, input.format, () => renderSummary(parseSummary(n), input.format));
      return { format: input.format, contentType: CONTENT_TYPES[input.format], fileName: `${label}总结${n.revision > 1 ? `(第${n.revision}版)` : ""}.${input.format}`, content };
    }
    if (input.revision) fail("NOT_FOUND", `${label}总结没有第 ${input.revision} 版。`);
    if (ctx.user.role === "head") fail("FORBIDDEN", `${label}总结尚未发布,庭长可在发布后查看。`);
    const snapshot = await draftSummary(ctx.db, ctx.scores, input.quarter, ctx.now(), null);
    return { format: input.format, contentType: CONTENT_TYPES[input.format], fileName: `${label}总结(草稿).${input.format}`, content: await renderSummary(snapshot, input.format) };
  }),
});
