import { z } from "zod";
import { getPeriod, listManualScores, removeManualScore, userDisplayNames, writeManualScore, type PeriodState, type StoredManualScore, lockMonth } from "@scorecard/db";
import { buildManualTemplate } from "@scorecard/documents";
import { readUpload } from "../upload-worker-run";
import {
  checkManualRow,
  groupList,
  groupOf,
  indicatorsOf,
  InputError,
  manualIndicators,
  PeriodSchema,
  periodLabel,
  type ManualRow,
  type Rulebook, textInput } from "@scorecard/rules";
import { canSee, monthAccess } from "../access";
import type { Context } from "../trpc";
import { requirePeriodInRange } from "../period-range";
import { authedProcedure, fail, rolesProcedure, router } from "../trpc";
import { uploadInput, workbookFile } from "../uploads";

/**
 * Committee scores (评议打分, rulebook.md §9; product.md: HR enters them for unpublished months,
 * with reasons). One score per tribunal, manual indicator and month; a new entry replaces the old,
 * each write audited with before and after (packages/db). The scores read them at once: the data
 * revision moves with every write.
 */

async function versionFor(ctx: Pick<Context, "db" | "scores">, period: string): Promise<Rulebook> {
  const rb = await ctx.scores.versionAt(ctx.db, period);
  if (!rb) fail("BAD_REQUEST", `${periodLabel(period)}没有生效的考核办法,无法录入评议分数;请政治处先启用适用于该月的版本。`);
  return rb;
}

async function activeUnits(ctx: Pick<Context, "db" | "scores">) {
  return (await ctx.scores.units(ctx.db)).filter((u) => u.active).map((u) => ({ key: u.key, name: u.name }));
}

/** A published month's committee scores are frozen with its notice: refused, naming what was asked. */
function requireOpen(state: PeriodState, what: string): void {
  if (state.status === "published")
    fail("BAD_REQUEST", `${what}不能修改:${periodLabel(state.period)}已发布(第 ${state.revision} 版),评议分数随通报一并固定;如需改正,请统计员发起更正后再录入。`);
}

/** How a message names one entry: `麦新人民法庭2023年3月“庭务管理与作风建设评议”的评议分数`. */
function entryName(rb: Rulebook | null, unitName: string, period: string, indicator: string): string {
  const ind = rb ? indicatorsOf(rb).find((i) => i.key === indicator) : undefined;
  return `${unitName}${periodLabel(period)}“${ind?.name ?? indicator}”的评议分数`;
}

/** The `enteredAt` of the entry the editor started from (null: there was none); without it the last save wins. */
const expectedAt = z.string().max(40).nullable().optional();

/** Someone saved or removed the entry since the editor loaded it: CONFLICT, nothing written, saying what is stored now. */
async function staleEntry(ctx: Pick<Context, "db">, what: string, now: StoredManualScore | undefined): Promise<never> {
  const by = now ? ((await userDisplayNames(ctx.db)).get(now.enteredBy) ?? now.enteredBy) : null;
  fail(
    "CONFLICT",
    now
      ? `${what}已被${by}修改为 ${now.score} 分(理由:“${now.reason}”),您的修改未保存;请刷新后查看最新分数再决定是否修改。`
      : `${what}已被他人删除,您的修改未保存;请刷新后重新录入。`,
  );
}

const keyInput = z.object({ period: PeriodSchema, unit: z.string().min(1).max(100), indicator: z.string().min(1).max(100) });

/** Writes the entries of one import in one transaction: all of them, or (on any failure) none. */
async function writeAll(ctx: Context & { user: { username: string } }, period: string, rows: readonly ManualRow[]) {
  const at = ctx.now().toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    requireOpen(await lockMonth(trx, period, ctx.now().toISOString()), `${periodLabel(period)}的评议分数`);
    let changed = 0;
    for (const row of rows) if ((await writeManualScore(trx, { row, by: ctx.user.username, at, action: "manual.import" })).changed) changed++;
    return { period, rows: rows.length, changed };
  });
}

export const manualRouter = router({
  /**
   * A month's committee scores and the manual indicators of the version in force then. Everyone
   * signed in reads them; a head, as a month's other draft figures, only their own tribunal's and
   * only while the month is in review (published months: all).
   */
  get: authedProcedure.input(z.object({ period: PeriodSchema })).query(async ({ ctx, input }) => {
    const [access, rb, units, stored, names] = await Promise.all([
      monthAccess(ctx, ctx.user, input.period),
      ctx.scores.versionAt(ctx.db, input.period),
      ctx.scores.units(ctx.db),
      listManualScores(ctx.db, { period: input.period }),
      userDisplayNames(ctx.db),
    ]);
    const groups = rb ? groupList(rb) : [];
    return {
      period: input.period,
      status: access.state.status,
      revision: access.state.revision,
      /** hr may enter and import: a version is in force, it has manual indicators and the month is not published */
      editable: ctx.user.role === "hr" && access.state.status !== "published" && !!rb && manualIndicators(rb).length > 0,
      rulebook: rb ? { id: rb.id, version: rb.version } : null,
      indicators: rb
        ? manualIndicators(rb).map((i) => ({
            key: i.key,
            name: i.name,
            points: i.points,
            section: i.section,
            aggregate: i.formula.type === "manual" ? i.formula.aggregate : "last",
            ...(i.groups ? { groups: i.groups } : {}),
          }))
        : [],
      /** the tribunals (court order) with their group under that version, as the grid lists them */
      units: units
        .filter((u) => u.active && canSee(access, u.key))
        .map((u) => {
          const group = rb ? groupOf(rb, u.key) : "other";
          return { key: u.key, name: u.name, group, groupName: groups.find((g) => g.key === group)?.name ?? "全部法庭" };
        }),
      rows: stored
        .filter((r) => canSee(access, r.unit))
        .map((r) => ({ unit: r.unit, indicator: r.indicator, score: r.score, reason: r.reason, enteredBy: r.enteredBy, enteredByName: names.get(r.enteredBy) ?? r.enteredBy, enteredAt: r.enteredAt })),
    };
  }),

  /** Enters (or replaces) one committee score with its reason: HR, unpublished months only. */
  save: rolesProcedure("hr")
    .input(keyInput.extend({ score: z.number({ message: "分数必须是数字" }), reason: textInput(2000, undefined, "理由不能超过 2000 字"), expectedAt }))
    .mutation(async ({ ctx, input }) => {
      requirePeriodInRange(ctx, input.period);
      const units = await activeUnits(ctx);
      const unit = units.find((u) => u.key === input.unit);
      if (!unit) fail("BAD_REQUEST", `没有代码为 ${input.unit} 的法庭,无法录入评议分数。`);
      const rb = await ctx.scores.versionAt(ctx.db, input.period);
      const what = entryName(rb, unit.name, input.period, input.indicator);
      requireOpen(await getPeriod(ctx.db, input.period), what);
      const version = await versionFor(ctx, input.period);
      const row: ManualRow = { period: input.period, unit: input.unit, indicator: input.indicator, score: input.score, reason: input.reason.trim() };
      const problems = checkManualRow(version, row, { names: new Map(units.map((u) => [u.key, u.name])) });
      if (problems.length) throw new InputError(problems);
      const at = ctx.now().toISOString();
      const written = await ctx.db.transaction().execute(async (trx) => {
        requireOpen(await lockMonth(trx, input.period, ctx.now().toISOString()), what);
        return writeManualScore(trx, { row, by: ctx.user.username, at, ...(input.expectedAt !== undefined ? { expectedAt: input.expectedAt } : {}) });
      });
      if (written.conflict) await staleEntry(ctx, what, written.before);
      return { ok: true as const };
    }),

  /** Removes one committee score (nothing stored: nothing to do): HR, unpublished months only. */
  remove: rolesProcedure("hr")
    .input(keyInput.extend({ expectedAt }))
    .mutation(async ({ ctx, input }) => {
      const [units, rb] = await Promise.all([ctx.scores.units(ctx.db), ctx.scores.versionAt(ctx.db, input.period)]);
      const what = entryName(rb, units.find((u) => u.key === input.unit)?.name ?? input.unit, input.period, input.indicator);
      const at = ctx.now().toISOString();
      const { expectedAt: seen, ...k } = input;
      const removed = await ctx.db.transaction().execute(async (trx) => {
        requireOpen(await lockMonth(trx, input.period, ctx.now().toISOString()), what);
        return removeManualScore(trx, { ...k, by: ctx.user.username, at, ...(seen !== undefined ? { expectedAt: seen } : {}) });
      });
      if (removed === "conflict") await staleEntry(ctx, what, (await listManualScores(ctx.db, { period: input.period })).find((r) => r.unit === input.unit && r.indicator === input.indicator));
      return { ok: true as const, removed };
    }),

  /**
   * The month's committee-scores workbook as bytes (a 分数 and a 理由 column per manual indicator,
   * the stored entries filled in). Served at GET /files/manual-template; not callable over /trpc.
   */
  template: rolesProcedure("hr")
    .input(z.object({ period: PeriodSchema }))
    .query(async ({ ctx, input }) => {
      const rb = await versionFor(ctx, input.period);
      if (manualIndicators(rb).length === 0) fail("BAD_REQUEST", `${periodLabel(input.period)}生效的考核办法(版本 ${rb.version})没有评议打分指标,不需要录入评议分数。`);
      const [units, stored] = await Promise.all([activeUnits(ctx), listManualScores(ctx.db, { period: input.period })]);
      const data = await buildManualTemplate({ rulebook: rb, period: input.period, units, rows: stored });
      return workbookFile(`评议打分-${input.period}.xlsx`, data);
    }),

  /**
   * Imports a month's committee scores from the workbook (xlsx) or a CSV `period,unit,indicator,
   * score,reason`, whole or not at all: any problem is listed (sheet or line, row, column) and
   * nothing is written; otherwise every entry is written in one transaction. Entries left empty
   * in the workbook change nothing. The file arrives as bytes through POST /files/manual-import;
   * not callable over /trpc.
   */
  importFile: rolesProcedure("hr")
    .input(
      uploadInput("评议打分模板"),
    )
    .mutation(async ({ ctx, input }) => {
      requirePeriodInRange(ctx, input.period);
      requireOpen(await getPeriod(ctx.db, input.period), `${periodLabel(input.period)}的评议分数`);
      const rb = await versionFor(ctx, input.period);
      const units = await activeUnits(ctx);
      // read in a worker thread of its own (memory and time limits): a hostile file never holds the server
      const read = await readUpload({ kind: "manual", data: input.content, rulebook: rb, period: input.period, units: units.map((u) => ({ key: u.key, name: u.name })), file: input.fileName }, ctx.user.username);
      const rows = read.rows as ManualRow[];
      if (rows.length === 0) fail("BAD_REQUEST", `${input.fileName}:文件中没有任何评议分数(分数和理由都是空的),未导入。请填写后再上传。`);
      return writeAll(ctx, input.period, rows);
    }),
});
