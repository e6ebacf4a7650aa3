import { textInput } from "@scorecard/rules";
import { z } from "zod";
import { findNotice, findNoticeHead, insertNotifications, listNoticeHeads, listUsers, newId, setAnnualOverride, userDisplayNames, appendAudit } from "@scorecard/db";
import { buildAnnualSnapshot } from "@scorecard/documents";
import { overQuotaText, quotasAfterOverrides } from "@scorecard/scoring";
import { annualKind, draftFile, draftOf, frozenFile, marksOf, needsCorrectionOf, openCorrection, publish, readPublished, yearData } from "../publication";
import { rankView } from "../ranks";
import { authedProcedure, fail, rolesProcedure, router } from "../trpc";
import type { Context } from "../trpc";
import { CONTENT_TYPES, FormatSchema } from "./files";
import { ExpectedNumber } from "./notices";

const YearSchema = z.number().int().min(2000).max(2100);

/** Published, and no correction under way: overrides and publication wait for a correction. */
async function requireOpen(ctx: Context, year: number): Promise<void> {
  const last = await findNotice(ctx.db, "annual", String(year));
  if (last && (await annualKind.correction(ctx.db, String(year))) === null) fail("BAD_REQUEST", `${year}年度考核结果已发布(${last.number});如需改正请发起更正。`);
}

/** 年度考核 (HR): computed from the published months, grades overridden only with a reason, published once December is. */
export const annualRouter = router({
  compute: rolesProcedure("hr")
    .input(z.object({ year: YearSchema }))
    .query(async ({ ctx, input }) => {
      const d = await draftOf(ctx, annualKind, String(input.year), ctx.now(), { username: ctx.user.username, name: ctx.user.name });
      const view = await rankView(ctx);
      const notReady = d.snapshot.provisional ? `${input.year}年12月的考核通报尚未发布,年度考核只能预估` : await annualKind.notReady(ctx.db, ctx, String(input.year));
      return view.apply(
        { year: input.year, revision: d.snapshot.revision, nextNumber: d.nextNumber, provisional: d.snapshot.provisional, notReady, commentary: d.commentary, drafted: d.drafted, snapshot: d.snapshot },
        d.snapshot.rulebook.ranking,
      );
    }),

  override: rolesProcedure("hr")
    .input(z.object({ year: YearSchema, unit: z.string().min(1), grade: z.string().min(1), reason: textInput(2000, "调整等次必须写明理由") }))
    .mutation(async ({ ctx, input }) => {
      await requireOpen(ctx, input.year);
      const at = ctx.now();
      const draft = await annualKind.build(ctx, String(input.year), { at, by: null });
      if (!draft.rulebook.annual.grades.some((g) => g.key === input.grade)) fail("BAD_REQUEST", `考核办法中没有等次 "${input.grade}"。`);
      if (!draft.units.some((u) => u.key === input.unit)) fail("BAD_REQUEST", `没有代码为 ${input.unit} 的法庭。`);
      // the builder checks what an override may do (never above the veto cap): refused before anything is stored
      const names = await userDisplayNames(ctx.db);
      const others = draft.overrides.filter((o) => o.unit !== input.unit).map(({ from: _f, ...o }) => o);
      const checked = buildAnnualSnapshot({
        rulebooks: await ctx.scores.rulebooks(ctx.db),
        data: await yearData(ctx, input.year),
        year: input.year,
        units: draft.units,
        revision: draft.revision,
        number: null,
        overrides: [...others, { unit: input.unit, to: input.grade, reason: input.reason, by: { username: ctx.user.username, name: names.get(ctx.user.username) ?? ctx.user.name }, at: at.toISOString() }],
        issuedBy: null,
        issuedAt: at.toISOString(),
      });
      const before = draft.overrides.find((o) => o.unit === input.unit) ?? null;
      // an override may put its grade beyond the quota (HR decides, with the reason): the notification and the audit entry say so
      const group = checked.result.units.find((u) => u.unit === input.unit)?.group;
      const overQuota = overQuotaText(quotasAfterOverrides(checked.result, checked.overrides).filter((q) => q.grade === input.grade && q.group === group), checked.rulebook);
      const unitName = draft.units.find((u) => u.key === input.unit)!.name;
      const gradeName = draft.rulebook.annual.grades.find((g) => g.key === input.grade)!.name;
      // an override is told to the court's leaders, HR and the tribunal's head (product.md: shown in the document and the log)
      const told = (await listUsers(ctx.db)).filter((u) => u.active && (u.role === "leader" || u.role === "hr" || u.role === "admin" || (u.role === "head" && u.unit === input.unit)));
      await ctx.db.transaction().execute(async (trx) => {
        // the year's locks, as its publication takes them: the override lands before a publication (and is in it) or is refused after it
        await annualKind.lock(trx, String(input.year), at.toISOString());
        const published = await findNotice(trx, "annual", String(input.year));
        if (published && (await annualKind.correction(trx, String(input.year))) === null) fail("CONFLICT", `${input.year}年度考核结果刚刚发布(${published.number}),等次调整未保存;如需改正请发起更正。`);
        await setAnnualOverride(trx, { year: input.year, unit: input.unit, grade: input.grade, reason: input.reason, by: ctx.user.username, at: at.toISOString() });
        await insertNotifications(
          trx,
          // a head may not read an unpublished grade (annual.get refuses it): told that the grade changed, not to what or why
          told.map((u) => ({
            id: newId(),
            username: u.username,
            kind: "annual.override",
            title:
              u.role === "head"
                ? `${input.year}年度考核:${unitName}的年度等次有人工调整,结果发布后可在年度考核结果中查看。`
                : `${input.year}年度考核:${unitName}的等次调整为${gradeName}${overQuota ? `(${overQuota})` : ""},理由:${input.reason}`,
            link: `/annual/${input.year}`,
            at: at.toISOString(),
          })),
        );
        await appendAudit(
          trx,
          { username: ctx.user.username, action: "annual.override", target: `${input.year}/${input.unit}`, before: before ? { grade: before.to, reason: before.reason } : null, after: { grade: input.grade, reason: input.reason, ...(overQuota ? { overQuota } : {}) } },
          at.toISOString(),
        );
      });
      return { ok: true as const };
    }),

  publish: rolesProcedure("hr")
    .input(z.object({ year: YearSchema, commentary: textInput(20000, "情况分析不能为空").optional(), expectedNumber: ExpectedNumber }))
    .mutation(({ ctx, input }) =>
      publish(ctx, annualKind, { subject: String(input.year), ...(input.commentary ? { commentary: input.commentary } : {}), ...(input.expectedNumber === undefined ? {} : { expectedNumber: input.expectedNumber }), by: { username: ctx.user.username, name: ctx.user.name }, at: ctx.now() }),
    ),

  correct: rolesProcedure("hr")
    .input(z.object({ year: YearSchema, reason: textInput(2000, "请写明更正的原因") }))
    .mutation(async ({ ctx, input }) => {
      await openCorrection(ctx, annualKind, String(input.year), input.reason, ctx.user.username, ctx.now());
      return { ok: true as const };
    }),

  /** A published evaluation (heads read it only once published: it exists only then). */
  get: authedProcedure.input(z.object({ year: YearSchema, revision: z.number().int().min(1).optional() })).query(async ({ ctx, input }) => {
    const found = await readPublished(ctx.db, annualKind, String(input.year), input.revision);
    if (!found) fail("NOT_FOUND", `${input.year}年度考核结果${input.revision ? `没有第 ${input.revision} 版` : "尚未发布"}。`);
    const { head: n, snapshot } = found;
    const [view, correcting, latest, needsCorrection] = await Promise.all([
      rankView(ctx),
      annualKind.correction(ctx.db, String(input.year)),
      findNoticeHead(ctx.db, "annual", String(input.year)),
      needsCorrectionOf(ctx.db, "annual", String(input.year)),
    ]);
    const isLatest = latest?.revision === n.revision;
    // the evaluation's own version decides whether its ranks are published
    return view.apply(
      { year: input.year, revision: n.revision, number: n.number, hash: n.hash, publishedAt: n.publishedAt, correcting: correcting !== null, latest: isLatest, needsCorrection: isLatest ? needsCorrection : null, snapshot },
      snapshot.rulebook.ranking,
    );
  }),

  list: authedProcedure.query(async ({ ctx }) => {
    const [all, marks] = await Promise.all([listNoticeHeads(ctx.db, "annual"), marksOf(ctx.db, "annual")]);
    const latest = new Map<string, number>();
    for (const n of all) latest.set(n.subject, Math.max(latest.get(n.subject) ?? 0, n.revision));
    return all.map((n) => {
      const isLatest = latest.get(n.subject) === n.revision;
      return { year: Number(n.subject), revision: n.revision, number: n.number, hash: n.hash, publishedAt: n.publishedAt, latest: isLatest, needsCorrection: isLatest ? (marks.get(n.subject) ?? null) : null };
    });
  }),

  /** Its document (only through GET /files/annual): a published revision as frozen; the draft or 预估 to admin, hr, stats and leaders. */
  file: authedProcedure.input(z.object({ year: YearSchema, revision: z.number().int().min(1).optional(), format: FormatSchema, draft: z.boolean().optional() })).query(async ({ ctx, input }) => {
    const n = input.draft ? undefined : await findNoticeHead(ctx.db, "annual", String(input.year), input.revision);
    const name = (suffix: string) => `${input.year}年度考核结果${suffix}.${input.format}`;
    if (n) return { format: input.format, contentType: CONTENT_TYPES[input.format], fileName: name(n.revision > 1 ? `(第${n.revision}版)` : ""), content: await frozenFile(ctx.db, annualKind, n, input.format) };
    if (input.revision) fail("NOT_FOUND", `${input.year}年度考核结果没有第 ${input.revision} 版。`);
    if (ctx.user.role === "head") fail("FORBIDDEN", `${input.year}年度考核结果尚未发布,庭长可在发布后查看。`);
    const { snapshot: draft, content } = await draftFile(ctx, annualKind, String(input.year), input.format, ctx.now());
    return { format: input.format, contentType: CONTENT_TYPES[input.format], fileName: name(draft.provisional ? "(预估)" : "(草稿)"), content };
  }),
});

