import { z } from "zod";
import { appendAudit, factsOfPeriod, findObjection, userDisplayNames, findImport, getPeriod, insertImport, markImportCommitted, newId, writeFacts, lockMonth } from "@scorecard/db";
import { buildFactsTemplate, diffFacts, type WorkbookRow } from "@scorecard/documents";
import { readUpload } from "../upload-worker-run";
import {
  checkFacts,
  FactValuesSchema,
  InputError,
  KeySchema,
  outlierWarnings,
  PeriodSchema,
  periodLabel,
  reviewFacts,
  type DataWarning,
  type Period,
  type Problem,
  type Rulebook,
  type UnitRef,
} from "@scorecard/rules";
import { canSee, monthAccess, requireUnpublished } from "../access";
import { unitNames } from "../names";
import type { Context } from "../trpc";
import { requirePeriodInRange } from "../period-range";
import { authedProcedure, fail, rolesProcedure, router } from "../trpc";
import { uploadInput, workbookFile } from "../uploads";

async function rulebookFor(ctx: Context, period: string): Promise<Rulebook> {
  const rb = await ctx.scores.versionAt(ctx.db, period);
  if (!rb) fail("BAD_REQUEST", `${periodLabel(period)}没有生效的考核办法,无法录入数据;请政治处先启用适用于该月的版本。`);
  return rb;
}

/**
 * The data checks of a row about to be written (rulebook.md §7c): any error refuses the write
 * with BAD_REQUEST listing every one (each naming the tribunal, the fields and their values);
 * what it returns are the warnings — the check warnings and the history outliers — of the
 * figures that will be stored.
 */
async function checkValues(ctx: Context, rb: Rulebook, period: Period, unit: UnitRef, values: Record<string, number>): Promise<DataWarning[]> {
  const { errors, warnings } = checkFacts(rb, unit, values, { period });
  if (errors.length) throw new InputError(errors);
  return [...warnings, ...outlierWarnings(rb, period, unit, values, await ctx.scores.factsByPeriod(ctx.db))];
}

/** The data-check errors and warnings (outliers included) of a month's stored rows, under the version in force. */
async function reviewMonth(ctx: Context, period: Period, rows: ReadonlyArray<{ unit: string; values: Record<string, number> }>) {
  const rb = await ctx.scores.versionAt(ctx.db, period);
  if (!rb || rows.length === 0) return { errors: [], warnings: [] };
  const [history, name] = await Promise.all([ctx.scores.factsByPeriod(ctx.db), unitNames(ctx)]);
  const names = new Map(rows.map((r) => [r.unit, name(r.unit)]));
  return reviewFacts({ rulebooks: rb, rows: rows.map((r) => ({ period, unit: r.unit, values: r.values })), history, names });
}

async function knownUnits(ctx: Context) {
  return (await ctx.scores.units(ctx.db)).filter((u) => u.active).map((u) => ({ key: u.key, name: u.name }));
}

/** Two rows of figures are the same: the same fields with the same values. */
function sameValues(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

export const factsRouter = router({
  /** A month's figures as stored, each row with its version (for conflict detection). */
  get: authedProcedure.input(z.object({ period: PeriodSchema })).query(async ({ ctx, input }) => {
    const access = await monthAccess(ctx, ctx.user, input.period);
    const rows = (await factsOfPeriod(ctx.db, input.period)).filter((r) => canSee(access, r.unit));
    // stored and listed: each row's data-check findings and outliers, computed under the version in force
    const [review, names] = await Promise.all([reviewMonth(ctx, input.period, rows), userDisplayNames(ctx.db)]);
    return {
      period: input.period,
      status: access.state.status,
      revision: access.state.revision,
      rows: rows.map((r) => ({
        unit: r.unit,
        values: r.values,
        version: r.version,
        updatedBy: r.updatedBy,
        /** the display name of who saved it last */
        updatedByName: r.updatedBy === null ? null : (names.get(r.updatedBy) ?? r.updatedBy),
        updatedAt: r.updatedAt,
        warnings: review.warnings.filter((w) => w.unit === r.unit),
        errors: review.errors.filter((e) => e.unit === r.unit),
      })),
      /** the month's data-check warnings and outliers, row by row (what publishing asks to acknowledge) */
      dataWarnings: review.warnings,
    };
  }),

  /**
   * Saves one tribunal's figures. `version` is the version the user started from (0 for a row
   * not stored yet); if someone saved in between, CONFLICT and nothing is written. `objection`
   * names the accepted objection this save corrects: the audit log links the two.
   */
  save: rolesProcedure("stats")
    .input(z.object({ period: PeriodSchema, unit: KeySchema, values: FactValuesSchema, version: z.number().int().min(0), objection: z.string().uuid().optional() }))
    .mutation(async ({ ctx, input }) => {
      requirePeriodInRange(ctx, input.period);
      const rb = await rulebookFor(ctx, input.period);
      const units = await knownUnits(ctx);
      if (!units.some((u) => u.key === input.unit)) fail("BAD_REQUEST", `没有代码为 ${input.unit} 的法庭。`);
      requireUnpublished(await getPeriod(ctx.db, input.period)); // a published month is refused whatever its figures
      const unitName = units.find((u) => u.key === input.unit)!.name;
      const warnings = await checkValues(ctx, rb, input.period, { key: input.unit, name: unitName }, input.values);
      const at = ctx.now().toISOString();
      return ctx.db.transaction().execute(async (trx) => {
        requireUnpublished(await lockMonth(trx, input.period, at));
        const w = await writeFacts(trx, { period: input.period, unit: input.unit, values: input.values, expected: input.version, by: ctx.user.username, at });
        if ("conflict" in w)
          fail("CONFLICT", `${unitName}${periodLabel(input.period)}的数据已被他人修改(您基于第 ${input.version} 版,当前为第 ${w.conflict} 版),未保存;请刷新后重新填写。`);
        if (input.objection) {
          const o = await findObjection(trx, input.objection);
          if (!o || o.period !== input.period || o.unit !== input.unit || o.status !== "accepted")
            fail("BAD_REQUEST", `这次修改所依据的异议不存在、不属于${unitName}${periodLabel(input.period)},或尚未采纳;未保存。`);
        }
        await appendAudit(trx, { username: ctx.user.username, action: "facts.save", target: `${input.period}/${input.unit}`, before: w.before?.values ?? null, after: input.values }, at);
        // the correction an accepted objection asked for, linked to it in the log
        if (input.objection) await appendAudit(trx, { username: ctx.user.username, action: "objections.applied", target: `${input.period}/${input.unit}`, after: { objection: input.objection, version: w.version } }, at);
        return { version: w.version, warnings };
      });
    }),

  /**
   * The month's Excel template as bytes (Chinese field labels, one row per tribunal, current
   * values). Served by the server at GET /files/facts-template; not callable over /trpc.
   */
  template: rolesProcedure("stats").input(z.object({ period: PeriodSchema })).query(async ({ ctx, input }) => {
    const rb = await rulebookFor(ctx, input.period);
    const [units, stored] = await Promise.all([knownUnits(ctx), factsOfPeriod(ctx.db, input.period)]);
    const data = await buildFactsTemplate({ rulebook: rb, period: input.period, units, rows: stored.map((r) => ({ unit: r.unit, values: r.values })) });
    return workbookFile(`考核数据-${input.period}.xlsx`, data);
  }),

  /**
   * Checks an uploaded workbook whole. With any problem, every one is listed (row, column) and
   * nothing is kept; a valid file is kept as a pending import and its differences returned. The
   * file arrives as bytes through the server's POST /files/facts-import; not callable over /trpc.
   */
  importPreview: rolesProcedure("stats")
    .input(
      uploadInput("填报模板"),
    )
    .mutation(async ({ ctx, input }) => {
      requirePeriodInRange(ctx, input.period);
      requireUnpublished(await getPeriod(ctx.db, input.period));
      const rb = await rulebookFor(ctx, input.period);
      const units = await knownUnits(ctx);
      // the reader refuses the whole file on any error, data checks included; its warnings (placed) and the outliers are listed
      // read in a worker thread of its own (memory and time limits): a hostile file never holds the server
      const read = await readUpload({ kind: "facts", data: input.content, rulebook: rb, period: input.period, units: units.map((u) => ({ key: u.key, name: u.name })), file: input.fileName }, ctx.user.username);
      const warnings: Problem[] = read.warnings;
      const rows = read.rows as WorkbookRow[];
      const history = await ctx.scores.factsByPeriod(ctx.db);
      for (const r of rows) warnings.push(...outlierWarnings(rb, input.period, units.find((u) => u.key === r.unit) ?? r.unit, r.values, history));
      const stored = await factsOfPeriod(ctx.db, input.period);
      const diff = diffFacts({ rulebook: rb, period: input.period, units, stored: stored.map((r) => ({ unit: r.unit, values: r.values })), incoming: rows });
      const id = newId();
      const payload = { rows, versions: Object.fromEntries(stored.map((r) => [r.unit, r.version])) };
      await insertImport(ctx.db, { id, period: input.period, payload, by: ctx.user.username, at: ctx.now().toISOString() });
      return { importId: id, diff, warnings };
    }),

  /** Writes a previewed import in one transaction, one audit entry per changed row. */
  importCommit: rolesProcedure("stats")
    .input(z.object({ importId: z.string().uuid() }))
    .mutation(async ({ ctx, input }) => {
      const at = ctx.now().toISOString();
      const name = await unitNames(ctx); // before the transaction: SQLite has one connection
      return ctx.db.transaction().execute(async (trx) => {
        const imp = await findImport(trx, input.importId);
        if (!imp || imp.createdBy !== ctx.user.username) fail("NOT_FOUND", "找不到这次导入的预览,请重新上传文件。");
        if (imp.committedAt) fail("BAD_REQUEST", "这次导入已经提交过了。");
        requireUnpublished(await lockMonth(trx, imp.period, at));
        const { payload } = imp;
        const byUnit = new Map((await factsOfPeriod(trx, imp.period)).map((r) => [r.unit, r]));
        for (const [unit, v] of Object.entries(payload.versions))
          if ((byUnit.get(unit)?.version ?? 0) !== v) fail("CONFLICT", `预览之后${name(unit)}的数据已被修改,未导入任何数据;请重新上传以查看最新差异。`);
        for (const unit of byUnit.keys()) if (!(unit in payload.versions)) fail("CONFLICT", "预览之后有新的数据录入,未导入任何数据;请重新上传以查看最新差异。");
        let changed = 0;
        for (const row of payload.rows) {
          const before = byUnit.get(row.unit);
          if (before && sameValues(before.values, row.values)) continue;
          const w = await writeFacts(trx, { period: imp.period, unit: row.unit, values: row.values, expected: before?.version ?? 0, by: ctx.user.username, at });
          if ("conflict" in w) fail("CONFLICT", `预览之后${name(row.unit)}的数据已被修改,未导入任何数据;请重新上传以查看最新差异。`);
          await appendAudit(trx, { username: ctx.user.username, action: "facts.import", target: `${imp.period}/${row.unit}`, before: before?.values ?? null, after: row.values }, at);
          changed++;
        }
        await markImportCommitted(trx, imp.id, at);
        return { period: imp.period, changedUnits: changed };
      });
    }),
});
