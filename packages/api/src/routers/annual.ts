import type { Kysely } from "kysely";
import { z } from "zod";
import {
  appendAudit,
  deletePendingCorrection,
  findNotice,
  findPendingCorrection,
  insertPendingCorrection,
  insertNotifications,
  listAnnualOverrides,
  listNotices,
  listUsers,
  newId,
  setAnnualOverride,
  userDisplayNames,
  type Database,
  type StoredNotice,
} from "@scorecard/db";
import { buildAnnualSnapshot, renderAnnual, snapshotHash, type AnnualSnapshot } from "@scorecard/documents";
import { periodLabel, periodsOfYear, type AdjustmentRow, type FactRow, type ManualRow } from "@scorecard/rules";
import { frozenFile, publishNumbered } from "../cycle";
import { dataAsPublished } from "../published-data";
import type { ScoreService } from "../scores-service";
import { rankView } from "../ranks";
import { authedProcedure, fail, rolesProcedure, router } from "../trpc";

const YearSchema = z.number().int().min(2000).max(2100);
const FormatSchema = z.enum(["docx", "xlsx", "html"], { message: "格式只能是 docx、xlsx 或 html" });
const CONTENT_TYPES = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  html: "text/html; charset=utf-8",
} as const;

const AnnualShape = z.looseObject({ format: z.literal("scorecard-annual/1"), year: z.number().int(), revision: z.number().int().min(1) });
function parseAnnual(n: StoredNotice): AnnualSnapshot {
  return AnnualShape.parse(JSON.parse(n.snapshot)) as unknown as AnnualSnapshot;
}

/**
 * The year's data as product.md says the evaluation reads it: every published month from its
 * latest published revision (its own month's facts, adjustments and committee scores as frozen),
 * the others live.
 */
function yearData(db: Kysely<Database>, scores: ScoreService, year: number): Promise<{ facts: FactRow[]; adjustments: AdjustmentRow[]; manual: ManualRow[] }> {
  return dataAsPublished(db, scores, periodsOfYear(year), { others: true });
}

/** Why the year may not be published yet (product.md): December unpublished, a month in correction or marked 需更正. */
async function whyNotReady(db: Kysely<Database>, scores: ScoreService, year: number): Promise<string | null> {
  const { periods } = await scores.inputs(db);
  const dec = periods.get(`${year}-12`);
  if (!dec || dec.revision === 0) return `${year}年12月的考核通报尚未发布,年度考核只能预估`;
  for (const m of periodsOfYear(year)) {
    const st = periods.get(m);
    if (st && st.status !== "published" && st.revision > 0) return `${periodLabel(m)}正在更正中`;
    if (st?.needsCorrection) return `${periodLabel(m)}已被标记为需更正`;
  }
  return null;
}

async function draftAnnual(db: Kysely<Database>, scores: ScoreService, year: number, at: Date, by: { username: string; name: string } | null): Promise<AnnualSnapshot> {
  const { rulebooks, units } = await scores.inputs(db);
  if (!rulebooks.some((r) => r.effectiveFrom <= `${year}-12`)) fail("BAD_REQUEST", `${year}年没有生效的考核办法,无法进行年度考核。`);
  const last = await findNotice(db, "annual", String(year));
  const pending = await findPendingCorrection(db, "annual", String(year));
  const names = await userDisplayNames(db);
  const overrides = (await listAnnualOverrides(db, year)).map((o) => ({ unit: o.unit, to: o.grade, reason: o.reason, by: { username: o.by, name: names.get(o.by) ?? o.by }, at: o.at }));
  return buildAnnualSnapshot({
    rulebooks,
    data: await yearData(db, scores, year),
    year,
    units: units.map((u) => ({ key: u.key, name: u.name })),
    revision: (last?.revision ?? 0) + 1,
    number: null,
    overrides,
    issuedBy: by,
    issuedAt: at.toISOString(),
    ...(last && pending ? { correction: { reason: pending.reason, of: parseAnnual(last) } } : {}),
  });
}

/** Published, and no correction under way: overrides and publication wait for a correction. */
async function requireOpen(db: Kysely<Database>, year: number): Promise<void> {
  const last = await findNotice(db, "annual", String(year));
  if (last && !(await findPendingCorrection(db, "annual", String(year))))
    fail("BAD_REQUEST", `${year}年度考核结果已发布(${last.number});如需改正请发起更正。`);
}

/** 年度考核 (HR): computed from the published months, grades overridden only with a reason, published once December is. */
export const annualRouter = router({
  compute: rolesProcedure("hr")
    .input(z.object({ year: YearSchema }))
    .query(async ({ ctx, input }) => {
      const snapshot = await draftAnnual(ctx.db, ctx.scores, input.year, ctx.now(), { username: ctx.user.username, name: ctx.user.name });
      const view = await rankView(ctx);
      return view.apply({ year: input.year, revision: snapshot.revision, provisional: snapshot.provisional, notReady: await whyNotReady(ctx.db, ctx.scores, input.year), snapshot }, snapshot.rulebook.ranking);
    }),

  override: rolesProcedure("hr")
    .input(z.object({ year: YearSchema, unit: z.string().min(1), grade: z.string().min(1), reason: z.string().trim().min(1, "调整等次必须写明理由").max(2000) }))
    .mutation(async ({ ctx, input }) => {
      await requireOpen(ctx.db, input.year);
      const at = ctx.now();
      const draft = await draftAnnual(ctx.db, ctx.scores, input.year, at, null);
      if (!draft.rulebook.annual.grades.some((g) => g.key === input.grade)) fail("BAD_REQUEST", `考核办法中没有等次 "${input.grade}"。`);
      if (!draft.units.some((u) => u.key === input.unit)) fail("BAD_REQUEST", `没有代码为 ${input.unit} 的法庭。`);
      // the builder checks what an override may do (never above the veto cap): refused before anything is stored
      const names = await userDisplayNames(ctx.db);
      const others = draft.overrides.filter((o) => o.unit !== input.unit).map(({ from: _f, ...o }) => o);
      buildAnnualSnapshot({
        rulebooks: await ctx.scores.rulebooks(ctx.db),
        data: await yearData(ctx.db, ctx.scores, input.year),
        year: input.year,
        units: draft.units,
        revision: draft.revision,
        number: null,
        overrides: [...others, { unit: input.unit, to: input.grade, reason: input.reason, by: { username: ctx.user.username, name: names.get(ctx.user.username) ?? ctx.user.name }, at: at.toISOString() }],
        issuedBy: null,
        issuedAt: at.toISOString(),
      });
      const before = draft.overrides.find((o) => o.unit === input.unit) ?? null;
      const unitName = draft.units.find((u) => u.key === input.unit)!.name;
      const gradeName = draft.rulebook.annual.grades.find((g) => g.key === input.grade)!.name;
      // an override is told to the court's leaders, HR and the tribunal's head (product.md: shown in the document and the log)
      const told = (await listUsers(ctx.db)).filter((u) => u.active && (u.role === "leader" || u.role === "hr" || u.role === "admin" || (u.role === "head" && u.unit === input.unit)));
      await ctx.db.transaction().execute(async (trx) => {
        await setAnnualOverride(trx, { year: input.year, unit: input.unit, grade: input.grade, reason: input.reason, by: ctx.user.username, at: at.toISOString() });
        await insertNotifications(
          trx,
          told.map((u) => ({ id: newId(), username: u.username, kind: "annual.override", title: `${input.year}年度考核:${unitName}的等次调整为${gradeName},理由:${input.reason}`, link: `/annual/${input.year}`, at: at.toISOString() })),
        );
        await appendAudit(
          trx,
          { username: ctx.user.username, action: "annual.override", target: `${input.year}/${input.unit}`, before: before ? { grade: before.to, reason: before.reason } : null, after: { grade: input.grade, reason: input.reason } },
          at.toISOString(),
        );
      });
      return { ok: true as const };
    }),

  publish: rolesProcedure("hr")
    .input(z.object({ year: YearSchema, commentary: z.string().trim().min(1).max(20000).optional() }))
    .mutation(async ({ ctx, input }) => {
      await requireOpen(ctx.db, input.year);
      const why = await whyNotReady(ctx.db, ctx.scores, input.year);
      if (why) fail("BAD_REQUEST", `${why},${input.year}年度考核结果暂不能发布。`);
      const dataRevision = await ctx.scores.revisionOf(ctx.db);
      const at = ctx.now();
      const by = { username: ctx.user.username, name: ctx.user.name };
      const draft = await draftAnnual(ctx.db, ctx.scores, input.year, at, by);
      if (draft.provisional) fail("BAD_REQUEST", `${input.year}年12月尚无数据,年度考核只是预估,不能发布。`);
      return publishNumbered(ctx.db, {
        kind: "annual",
        subject: String(input.year),
        revision: draft.revision,
        dataRevision,
        at,
        by,
        seal: (number) => {
          const snapshot: AnnualSnapshot = { ...draft, number, ...(input.commentary ? { commentary: input.commentary } : {}) };
          return { snapshot, hash: snapshotHash(snapshot) };
        },
        title: (number, revision) => (revision > 1 ? `${input.year}年度考核结果已更正(第 ${revision} 版,${number})` : `${input.year}年度考核结果已发布(${number})`),
        link: `/annual/${input.year}`,
        action: "annual",
        async inside(trx) {
          await deletePendingCorrection(trx, "annual", String(input.year));
          return { before: { revision: draft.revision - 1 }, after: { overrides: draft.overrides.map((o) => ({ unit: o.unit, from: o.from, to: o.to })) } };
        },
      });
    }),

  correct: rolesProcedure("hr")
    .input(z.object({ year: YearSchema, reason: z.string().trim().min(1, "请写明更正的原因").max(2000) }))
    .mutation(async ({ ctx, input }) => {
      const at = ctx.now().toISOString();
      await ctx.db.transaction().execute(async (trx) => {
        const last = await findNotice(trx, "annual", String(input.year));
        if (!last) fail("BAD_REQUEST", `${input.year}年度考核结果尚未发布,不能发起更正。`);
        if (await findPendingCorrection(trx, "annual", String(input.year))) fail("BAD_REQUEST", `${input.year}年度考核结果已在更正中。`);
        await insertPendingCorrection(trx, { kind: "annual", subject: String(input.year), reason: input.reason, by: ctx.user.username, at });
        await appendAudit(trx, { username: ctx.user.username, action: "annual.correct", target: String(input.year), before: { revision: last.revision }, after: { revision: last.revision + 1, reason: input.reason } }, at);
      });
      return { ok: true as const };
    }),

  /** A published evaluation (heads read it only once published: it exists only then). */
  get: authedProcedure.input(z.object({ year: YearSchema, revision: z.number().int().min(1).optional() })).query(async ({ ctx, input }) => {
    const n = await findNotice(ctx.db, "annual", String(input.year), input.revision);
    if (!n) fail("NOT_FOUND", `${input.year}年度考核结果${input.revision ? `没有第 ${input.revision} 版` : "尚未发布"}。`);
    const snapshot = parseAnnual(n);
    const view = await rankView(ctx);
    // the evaluation's own version decides whether its ranks are published
    return view.apply(
      { year: input.year, revision: n.revision, number: n.number, hash: n.hash, publishedAt: n.publishedAt, correcting: !!(await findPendingCorrection(ctx.db, "annual", String(input.year))), snapshot },
      snapshot.rulebook.ranking,
    );
  }),

  list: authedProcedure.query(async ({ ctx }) => (await listNotices(ctx.db, "annual")).map((n) => ({ year: Number(n.subject), revision: n.revision, number: n.number, hash: n.hash, publishedAt: n.publishedAt }))),

  /** Its document (only through GET /files/annual): a published revision as frozen; the draft or 预估 to admin, hr, stats and leaders. */
  file: authedProcedure.input(z.object({ year: YearSchema, revision: z.number().int().min(1).optional(), format: FormatSchema, draft: z.boolean().optional() })).query(async ({ ctx, input }) => {
    const n = input.draft ? undefined : await findNotice(ctx.db, "annual", String(input.year), input.revision);
    const name = (suffix: string) => `${input.year}年度考核结果${suffix}.${input.format}`;
    if (n) return { format: input.format, contentType: CONTENT_TYPES[input.format], fileName: name(n.revision > 1 ? `(第${n.revision}版)` : ""), content: await frozenFile(ctx.db, n, input.format, () => renderAnnual(parseAnnual(n), input.format)) };
    if (input.revision) fail("NOT_FOUND", `${input.year}年度考核结果没有第 ${input.revision} 版。`);
    if (ctx.user.role === "head") fail("FORBIDDEN", `${input.year}年度考核结果尚未发布,庭长可在发布后查看。`);
    const draft = await draftAnnual(ctx.db, ctx.scores, input.year, ctx.now(), null);
    return { format: input.format, contentType: CONTENT_TYPES[input.format], fileName: name(draft.provisional ? "(预估)" : "(草稿)"), content: await renderAnnual(draft, input.format) };
  }),
});

