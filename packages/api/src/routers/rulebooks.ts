import type { Kysely } from "kysely";
import { z } from "zod";
import {
  activateRulebook,
  activeVersionFrom,
  appendAudit,
  deleteRulebookDraft,
  getRulebook,
  insertRulebook,
  listPeriods,
  listRulebooks,
  newId,
  untouchedPeriod,
  updateRulebookDraft,
  userDisplayNames,
  type Database,
  type RulebookVersion, lockMonth
} from "@scorecard/db";
import { addMonths, diffRulebooks, lastPublishedMonth, parseRulebook, PeriodSchema, periodLabel, periodsOfYear, type Rulebook } from "@scorecard/rules";
import { deadlineLabel } from "@scorecard/rules";
import { dataAsPublished } from "../published-data";
import type { ScoreService } from "../scores-service";
import { authedProcedure, fail, rolesProcedure, router } from "../trpc";

const IdSchema = z.object({ id: z.string().uuid() });
const YearSchema = z.number().int().min(2000).max(2100);

/** What the audit log records of a version: enough to tell which one and from when, not its whole body. */
const auditMeta = (rb: Pick<Rulebook, "id" | "version" | "title" | "effectiveFrom">) => ({ family: rb.id, version: rb.version, title: rb.title, effectiveFrom: rb.effectiveFrom });

/** A new or saved draft belongs to the family in force (all versions of one 考核办法 share its id). */
async function requireFamily(db: Kysely<Database>, scores: ScoreService, rb: Rulebook): Promise<void> {
  const active = await scores.rulebooks(db);
  if (active.length && active[0]!.id !== rb.id) fail("BAD_REQUEST", `新版本的系列 id 必须是 ${active[0]!.id}(现为 ${rb.id})。`);
}

/** Each version of the family has its own label: the studio, the audit log and every document name a version by it. */
async function requireOwnLabel(db: Kysely<Database>, rb: Rulebook, except?: string): Promise<void> {
  const same = (await listRulebooks(db)).find((v) => v.family === rb.id && v.version === rb.version && v.id !== except);
  if (same) fail("BAD_REQUEST", `已有版本号为 ${rb.version} 的${same.status === "active" ? "已启用版本" : "草稿"};请换一个版本号(如 ${rb.version}-修订)。`);
}

async function requireDraft(db: Kysely<Database>, id: string): Promise<{ meta: RulebookVersion; rulebook: Rulebook }> {
  const r = await getRulebook(db, id);
  if (!r) fail("NOT_FOUND", "找不到这个考核办法版本,可能已被删除;请刷新版本列表。");
  if (r.meta.status !== "draft") fail("BAD_REQUEST", `版本 ${r.meta.version} 已经启用,不能再修改或删除;如需修订,请以它为底稿新建草稿。`);
  return r;
}


export const rulebooksRouter = router({
  /** Every version, drafts included: the 考核办法 is public within the court. */
  list: authedProcedure.query(({ ctx }) => listRulebooks(ctx.db)),

  get: authedProcedure.input(IdSchema).query(async ({ ctx, input }) => {
    const r = await getRulebook(ctx.db, input.id);
    if (!r) fail("NOT_FOUND", "找不到这个考核办法版本。");
    return r;
  }),

  /** The version in force for a month (its fields, checks and adjustment items), null when none is; the portal never works it out itself. */
  inForce: authedProcedure.input(z.object({ period: PeriodSchema })).query(async ({ ctx, input }) => ({ period: input.period, rulebook: await ctx.scores.versionAt(ctx.db, input.period) })),

  /** Stores a new draft version (the studio will edit it); validated whole, every problem listed. */
  createDraft: rolesProcedure("hr")
    .input(z.object({ rulebook: z.unknown() }))
    .mutation(async ({ ctx, input }) => {
      const rb = parseRulebook(input.rulebook);
      await requireFamily(ctx.db, ctx.scores, rb);
      await requireOwnLabel(ctx.db, rb);
      const id = newId();
      const at = ctx.now().toISOString();
      await ctx.db.transaction().execute(async (trx) => {
        await insertRulebook(trx, { id, rulebook: rb, status: "draft", by: ctx.user.username, at });
        await appendAudit(trx, { username: ctx.user.username, action: "rulebooks.createDraft", target: `${rb.id} ${rb.version}`, after: { id, effectiveFrom: rb.effectiveFrom } }, at);
      });
      return { id };
    }),

  /**
   * Replaces a draft with the edited rulebook, validated whole (every problem listed with its
   * JSON path, as createDraft does). `expectedAt` is the draft's `updatedAt` the editor loaded:
   * when someone saved in between, CONFLICT and nothing is written.
   */
  saveDraft: rolesProcedure("hr")
    .input(z.object({ id: z.string().uuid(), rulebook: z.unknown(), expectedAt: z.string().min(1) }))
    .mutation(async ({ ctx, input }) => {
      const rb = parseRulebook(input.rulebook);
      await requireFamily(ctx.db, ctx.scores, rb);
      await requireOwnLabel(ctx.db, rb, input.id);
      const at = ctx.now().toISOString();
      const names = new Map((await ctx.scores.units(ctx.db)).map((u) => [u.key, u.name]));
      return ctx.db.transaction().execute(async (trx) => {
        const w = await updateRulebookDraft(trx, { id: input.id, rulebook: rb, expectedAt: input.expectedAt, by: ctx.user.username, at });
        if (!w.saved) {
          if (w.reason === "missing") fail("NOT_FOUND", "找不到这个考核办法草稿,可能已被删除;您的修改未保存,可先导出为文件再刷新。");
          if (w.reason === "active") fail("BAD_REQUEST", "这个版本已经启用,不能再修改;您的修改未保存,可先导出为文件,再以它为底稿新建草稿。");
          const who = w.updatedBy ? ((await userDisplayNames(trx)).get(w.updatedBy) ?? w.updatedBy) : "他人";
          fail("CONFLICT", `这份草稿已被他人修改(${who}于${deadlineLabel(w.updatedAt)}保存),您的修改未保存;请先导出您的修改,再重新打开草稿后修改。`);
        }
        await appendAudit(
          trx,
          {
            username: ctx.user.username,
            action: "rulebooks.saveDraft",
            target: `${rb.id} ${rb.version}`,
            before: { id: input.id, ...auditMeta(w.before.rulebook) },
            // what the save changed, in the compare view's words
            after: { id: input.id, ...auditMeta(rb), changes: diffRulebooks(w.before.rulebook, rb, { unitNames: names }).map((c) => `${c.place}:${c.text}`) },
          },
          at,
        );
        return { savedAt: w.savedAt };
      });
    }),

  /** Deletes a draft; an active version is never deleted (earlier periods are scored by it). */
  removeDraft: rolesProcedure("hr")
    .input(IdSchema)
    .mutation(async ({ ctx, input }) => {
      const at = ctx.now().toISOString();
      await ctx.db.transaction().execute(async (trx) => {
        const r = await requireDraft(trx, input.id);
        if (!(await deleteRulebookDraft(trx, input.id))) fail("BAD_REQUEST", `版本 ${r.meta.version} 已经启用,不能删除。`);
        await appendAudit(trx, { username: ctx.user.username, action: "rulebooks.removeDraft", target: `${r.meta.family} ${r.meta.version}`, before: { id: input.id, ...auditMeta(r.rulebook) }, after: null }, at);
      });
      return { ok: true as const };
    }),

  /**
   * Activates a draft from `effectiveFrom` (its own when not given), which its stored body then
   * carries too. Published months keep the scores they were published with, so a version may
   * not take effect in or before the last published month, nor in a month another active
   * version already starts in.
   */
  activate: rolesProcedure("hr")
    .input(z.object({ id: z.string().uuid(), effectiveFrom: PeriodSchema.optional() }))
    .mutation(async ({ ctx, input }) => {
      const at = ctx.now().toISOString();
      await ctx.db.transaction().execute(async (trx) => {
        const r = await getRulebook(trx, input.id);
        if (!r) fail("NOT_FOUND", "找不到这个考核办法版本。");
        if (r.meta.status === "active") fail("BAD_REQUEST", "这个版本已经启用。");
        const from = input.effectiveFrom ?? r.meta.effectiveFrom;
        // the months it would score from on, each locked in order: a publication of one of them waits, or has happened and refuses it
        for (const p of (await listPeriods(trx)).filter((x) => x.period >= from)) await lockMonth(trx, p.period, at);
        const last = lastPublishedMonth(await listPeriods(trx));
        if (last && from <= last)
          fail("BAD_REQUEST", `${periodLabel(last)}及以前的考核通报已发布,新版本最早只能从${periodLabel(addMonths(last, 1))}起生效(现为${periodLabel(from)});请修改生效月份。`);
        const clash = await activeVersionFrom(trx, from);
        if (clash) fail("BAD_REQUEST", `已有自${periodLabel(from)}起生效的版本 ${clash.version};请选择其他生效月份。`);
        await activateRulebook(trx, input.id, at, from, ctx.user.username);
        await appendAudit(
          trx,
          { username: ctx.user.username, action: "rulebooks.activate", target: `${r.meta.family} ${r.meta.version}`, before: { id: input.id, status: "draft", effectiveFrom: r.meta.effectiveFrom }, after: { id: input.id, status: "active", effectiveFrom: from } },
          at,
        );
      });
      return { ok: true as const };
    }),

  /**
   * Everything the studio needs to replay or perturb a year in the browser with the engine: the
   * active versions, and the figures of the year and the year before (so any window works), each
   * published month's from its latest published revision, the others as stored.
   */
  whatIfData: rolesProcedure("hr")
    .input(z.object({ year: YearSchema }))
    .query(async ({ ctx, input }) => {
      const months = [...periodsOfYear(input.year - 1), ...periodsOfYear(input.year)];
      const [{ rulebooks, units, periods }, data] = await Promise.all([ctx.scores.inputs(ctx.db), dataAsPublished(ctx.db, ctx.scores, months, { others: false })]);
      const withData = new Set([...data.facts.map((f) => f.period), ...data.adjustments.map((a) => a.period), ...data.manual.map((m) => m.period)]);
      return {
        year: input.year,
        rulebooks,
        ...data,
        units: units.map((u) => ({ key: u.key, name: u.name })),
        periods: months.filter((m) => withData.has(m) || periods.has(m)).map((m) => ({ period: m, status: (periods.get(m) ?? untouchedPeriod(m)).status })),
      };
    }),
});
