import { z } from "zod";
import { sql } from "kysely";
import { appendAudit, factsOfPeriod, getPeriod, newId } from "@scorecard/db";
import { buildFactsTemplate, diffFacts, readFactsWorkbook, MAX_UPLOAD_BYTES } from "@scorecard/documents";
import { FactValuesSchema, InputError, KeySchema, PeriodSchema, type Problem, type Rulebook } from "@scorecard/rules";
import { canSee, periodAccess, requireUnpublished } from "../access";
import type { Context } from "../trpc";
import { authedProcedure, fail, rolesProcedure, router } from "../trpc";

async function rulebookFor(ctx: Context, period: string): Promise<Rulebook> {
  const rb = await ctx.scores.versionAt(ctx.db, period);
  if (!rb) fail("BAD_REQUEST", `${period} 没有生效的考核办法,无法录入数据;请政治处先启用适用于该月的版本。`);
  return rb;
}

/** Checks a row of values against the fields of the version in force; every problem listed. */
function checkValues(rb: Rulebook, unit: string, values: Record<string, number>): void {
  const problems: Problem[] = [];
  const declared = new Set(rb.fields.map((f) => f.key));
  for (const f of rb.fields) {
    const v = values[f.key];
    if (v === undefined) problems.push({ field: f.key, zh: `${unit}:缺少"${f.label}"的数值`, en: `${unit}: missing ${f.key}` });
    else if (!Number.isFinite(v) || v < 0) problems.push({ field: f.key, zh: `${unit}:"${f.label}"必须是不小于 0 的数`, en: `${unit}: ${f.key} must be a non-negative number` });
  }
  for (const k of Object.keys(values))
    if (!declared.has(k)) problems.push({ field: k, zh: `${unit}:考核办法 ${rb.version} 中没有字段 "${k}"`, en: `${unit}: undeclared field ${k}` });
  if (problems.length) throw new InputError(problems);
}

async function knownUnits(ctx: Context) {
  return (await ctx.scores.units(ctx.db)).filter((u) => u.active).map((u) => ({ key: u.key, name: u.name }));
}

const importPayload = z.object({
  rows: z.array(z.object({ unit: z.string(), values: z.record(z.string(), z.number()) })),
  versions: z.record(z.string(), z.number()),
});

export const factsRouter = router({
  /** A month's figures as stored, each row with its version (for conflict detection). */
  get: authedProcedure.input(z.object({ period: PeriodSchema })).query(async ({ ctx, input }) => {
    const access = await periodAccess(ctx, ctx.user, input.period);
    const rows = (await factsOfPeriod(ctx.db, input.period)).filter((r) => canSee(access, r.unit));
    return {
      period: input.period,
      status: access.state.status,
      revision: access.state.revision,
      rows: rows.map((r) => ({ unit: r.unit, values: r.values, version: r.version, updatedBy: r.updatedBy, updatedAt: r.updatedAt })),
    };
  }),

  /**
   * Saves one tribunal's figures. `version` is the version the user started from (0 for a row
   * not stored yet); if someone saved in between, CONFLICT and nothing is written.
   */
  save: rolesProcedure("stats")
    .input(z.object({ period: PeriodSchema, unit: KeySchema, values: FactValuesSchema, version: z.number().int().min(0) }))
    .mutation(async ({ ctx, input }) => {
      const rb = await rulebookFor(ctx, input.period);
      const units = await knownUnits(ctx);
      if (!units.some((u) => u.key === input.unit)) fail("BAD_REQUEST", `没有代码为 ${input.unit} 的法庭。`);
      checkValues(rb, input.unit, input.values);
      const at = new Date().toISOString();
      return ctx.db.transaction().execute(async (trx) => {
        requireUnpublished(await getPeriod(trx, input.period));
        const stored = await trx.selectFrom("facts").selectAll().where("period", "=", input.period).where("unit_key", "=", input.unit).executeTakeFirst();
        const current = stored?.version ?? 0;
        if (current !== input.version)
          fail("CONFLICT", `${input.unit} ${input.period} 的数据已被他人修改(您基于第 ${input.version} 版,当前为第 ${current} 版),未保存;请刷新后重新填写。`);
        const values_json = JSON.stringify(input.values);
        if (stored) {
          const r = await trx
            .updateTable("facts")
            .set({ values_json, version: sql<number>`version + 1`, updated_by: ctx.user.username, updated_at: at })
            .where("period", "=", input.period)
            .where("unit_key", "=", input.unit)
            .where("version", "=", input.version)
            .executeTakeFirst();
          if (Number(r.numUpdatedRows) !== 1) fail("CONFLICT", "数据刚被他人修改,未保存;请刷新后重新填写。");
        } else {
          await trx.insertInto("facts").values({ period: input.period, unit_key: input.unit, values_json, version: 1, updated_by: ctx.user.username, updated_at: at }).execute();
        }
        await appendAudit(trx, { username: ctx.user.username, action: "facts.save", target: `${input.period}/${input.unit}`, before: stored ? JSON.parse(stored.values_json) : null, after: input.values }, at);
        return { version: current + 1 };
      });
    }),

  /** The month's Excel template (base64 xlsx): Chinese field labels, one row per tribunal, current values. */
  template: rolesProcedure("stats").input(z.object({ period: PeriodSchema })).query(async ({ ctx, input }) => {
    const rb = await rulebookFor(ctx, input.period);
    const [units, stored] = await Promise.all([knownUnits(ctx), factsOfPeriod(ctx.db, input.period)]);
    const data = await buildFactsTemplate({ rulebook: rb, period: input.period, units, rows: stored.map((r) => ({ unit: r.unit, values: r.values })) });
    return { fileName: `考核数据-${input.period}.xlsx`, content: Buffer.from(data).toString("base64") };
  }),

  /**
   * Checks an uploaded workbook whole. With any problem, every one is listed (row, column) and
   * nothing is kept; a valid file is kept as a pending import and its differences returned.
   */
  importPreview: rolesProcedure("stats")
    .input(z.object({ period: PeriodSchema, fileName: z.string().max(255).default("upload.xlsx"), content: z.string().max(Math.ceil((MAX_UPLOAD_BYTES * 4) / 3) + 1024, "文件超过 5 MB,请只上传本月的填报模板。") }))
    .mutation(async ({ ctx, input }) => {
      requireUnpublished(await getPeriod(ctx.db, input.period));
      const rb = await rulebookFor(ctx, input.period);
      const units = await knownUnits(ctx);
      const bytes = Buffer.from(input.content, "base64");
      const rows = await readFactsWorkbook(bytes, { rulebook: rb, period: input.period, units, file: input.fileName });
      const stored = await factsOfPeriod(ctx.db, input.period);
      const diff = diffFacts({ rulebook: rb, period: input.period, units, stored: stored.map((r) => ({ unit: r.unit, values: r.values })), incoming: rows });
      const id = newId();
      const payload = { rows, versions: Object.fromEntries(stored.map((r) => [r.unit, r.version])) };
      await ctx.db.insertInto("imports").values({ id, period: input.period, payload: JSON.stringify(payload), created_by: ctx.user.username, created_at: new Date().toISOString(), committed_at: null }).execute();
      return { importId: id, diff };
    }),

  /** Writes a previewed import in one transaction, one audit entry per changed row. */
  importCommit: rolesProcedure("stats")
    .input(z.object({ importId: z.string().uuid() }))
    .mutation(async ({ ctx, input }) => {
      const at = new Date().toISOString();
      return ctx.db.transaction().execute(async (trx) => {
        const imp = await trx.selectFrom("imports").selectAll().where("id", "=", input.importId).executeTakeFirst();
        if (!imp || imp.created_by !== ctx.user.username) fail("NOT_FOUND", "找不到这次导入的预览,请重新上传文件。");
        if (imp.committed_at) fail("BAD_REQUEST", "这次导入已经提交过了。");
        requireUnpublished(await getPeriod(trx, imp.period));
        const payload = importPayload.parse(JSON.parse(imp.payload));
        const stored = await trx.selectFrom("facts").selectAll().where("period", "=", imp.period).execute();
        const byUnit = new Map(stored.map((r) => [r.unit_key, r]));
        for (const [unit, v] of Object.entries(payload.versions))
          if ((byUnit.get(unit)?.version ?? 0) !== v) fail("CONFLICT", `预览之后 ${unit} 的数据已被修改,未导入任何数据;请重新上传以查看最新差异。`);
        for (const r of stored) if (!(r.unit_key in payload.versions)) fail("CONFLICT", "预览之后有新的数据录入,未导入任何数据;请重新上传以查看最新差异。");
        let changed = 0;
        for (const row of payload.rows) {
          const before = byUnit.get(row.unit);
          const beforeValues = before ? (JSON.parse(before.values_json) as Record<string, number>) : null;
          if (beforeValues && Object.keys(row.values).every((k) => beforeValues[k] === row.values[k]) && Object.keys(beforeValues).length === Object.keys(row.values).length) continue;
          const values_json = JSON.stringify(row.values);
          if (before)
            await trx.updateTable("facts").set({ values_json, version: before.version + 1, updated_by: ctx.user.username, updated_at: at }).where("period", "=", imp.period).where("unit_key", "=", row.unit).execute();
          else await trx.insertInto("facts").values({ period: imp.period, unit_key: row.unit, values_json, version: 1, updated_by: ctx.user.username, updated_at: at }).execute();
          await appendAudit(trx, { username: ctx.user.username, action: "facts.import", target: `${imp.period}/${row.unit}`, before: beforeValues, after: row.values }, at);
          changed++;
        }
        await trx.updateTable("imports").set({ committed_at: at }).where("id", "=", imp.id).execute();
        return { period: imp.period, changedUnits: changed };
      });
    }),
});
