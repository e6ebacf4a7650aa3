import { z } from "zod";
import { indicatorsOf, PeriodSchema, periodLabel, periodsOfYear, WindowKindSchema, type Period, type Rulebook, type WindowKind } from "@scorecard/rules";
import { ignoredAdjustmentsOf, ignoredAdjustmentTexts } from "@scorecard/scoring";
import type { NoticeSnapshot } from "@scorecard/documents";
import type { RankingSummary } from "../scores-service";
import { canSee, readsFrozen, requireVisible, scoreAccess, seesNothing, type PeriodAccess } from "../access";
import type { SessionUser } from "../auth";
import { unitNames } from "../names";
import { rankView } from "../ranks";
import type { Context } from "../trpc";
import { gapProcedure } from "./gap";

/**
 * The adjustments a score did not count because the version in force lacks their item
 * (rulebook.md §7b), each with the sentence every view shows; only those of tribunals the user
 * may see.
 */
async function ignoredOf(ctx: Pick<Context, "db" | "scores">, result: Pick<RankingSummary, "ignoredAdjustments" | "rulebook">, visible: (unit: string) => boolean, unit?: string) {
  const [rulebooks, units] = await Promise.all([ctx.scores.rulebooks(ctx.db), ctx.scores.units(ctx.db)]);
  const shown = { ...result, ignoredAdjustments: (unit === undefined ? result.ignoredAdjustments : ignoredAdjustmentsOf(result, unit)).filter((a) => visible(a.unit)) };
  const texts = ignoredAdjustmentTexts(shown, rulebooks, new Map(units.map((u) => [u.key, u.name])));
  return shown.ignoredAdjustments.map((a, i) => ({ ...a, text: texts[i]! }));
}
import { authedProcedure, fail, rolesProcedure, router } from "../trpc";

const rankingInput = z.object({ period: PeriodSchema, window: WindowKindSchema.optional() });

/** A row the user may not see yet: the tribunal is listed, its draft figures are not. */
interface HiddenRow {
  unit: string;
  name: string;
  /** its group (rulebook data, not a rank): the row is listed under its group's name */
  group: string;
  hidden: true;
}

type RankingRow = (RankingSummary["units"][number] & { name: string; hidden: false }) | HiddenRow;

function noRanking(period: string): never {
  fail("NOT_FOUND", `${periodLabel(period)}尚无可计分的数据(该月没有录入数据,或没有生效的考核办法);请统计员先录入该月数据。`);
}

/** The version in force's sections and indicators, as every score view labels them (never recomputed in the portal). */
function definitions(rb: Rulebook) {
  return {
    sections: rb.sections.map((s) => ({ key: s.key, name: s.name, points: s.indicators.reduce((a, i) => a + i.points, 0) })),
    indicators: indicatorsOf(rb).map((i) => ({ key: i.key, name: i.name, unit: i.unit ?? null, section: i.section, points: i.points, direction: i.direction, method: i.method.type })),
  };
}

/**
 * The score a user is answered with: frozen (open to all, it holds published months only) or live
 * (access by window) — the table's summary or, for what shows explanations, the explained ranking;
 * each computes only what it answers with.
 */
async function scoreFor<R>(
  ctx: Pick<Context, "db" | "scores"> & { user: SessionUser },
  period: Period,
  window: WindowKind | undefined,
  pick: { frozen: (f: { snapshot: NoticeSnapshot; summary: RankingSummary }) => R; live: () => Promise<R | null> },
): Promise<{ access: PeriodAccess; result: R | null; rulebook: Rulebook | null; frozen: { revision: number; number: string | null } | null }> {
  const state = await ctx.scores.periodState(ctx.db, period);
  const frozen = readsFrozen(ctx.user.role, state) ? await ctx.scores.frozenResult(ctx.db, period, window) : null;
  if (frozen) {
    const access: PeriodAccess = { state, draftMonths: [], visible: "all" };
    return { access, result: pick.frozen(frozen), rulebook: frozen.snapshot.rulebook, frozen: { revision: frozen.snapshot.revision, number: frozen.snapshot.number } };
  }
  const [access, result, rulebook] = await Promise.all([scoreAccess(ctx, ctx.user, period, window), pick.live(), ctx.scores.versionAt(ctx.db, period)]);
  return { access, result, rulebook, frozen: null };
}

/** A ranking table's score: no explanations computed. */
function summaryFor(ctx: Pick<Context, "db" | "scores"> & { user: SessionUser }, period: Period, window: WindowKind | undefined) {
  return scoreFor(ctx, period, window, { frozen: (f) => f.summary, live: () => ctx.scores.rankingSummary(ctx.db, period, window) });
}

/** A score with every explanation. */
function explainedFor(ctx: Pick<Context, "db" | "scores"> & { user: SessionUser }, period: Period, window: WindowKind | undefined) {
  return scoreFor(ctx, period, window, { frozen: (f) => f.snapshot.result, live: () => ctx.scores.ranking(ctx.db, period, window) });
}

export const scoresRouter = router({
  /** The `score --format json` document of a period, each unit with its name (interfaces.md). */
  ranking: authedProcedure.input(rankingInput).query(async ({ ctx, input }) => {
    const [{ access, result, rulebook: rb, frozen }, units, view] = await Promise.all([summaryFor(ctx, input.period, input.window), ctx.scores.units(ctx.db), rankView(ctx)]);
    if (!result || !rb) noRanking(input.period);
    if (seesNothing(access)) requireVisible(access, ctx.user.unit ?? "");
    const name = new Map(units.map((u) => [u.key, u.name]));
    const order = new Map(units.map((u, i) => [u.key, i]));
    const visible: RankingRow[] = result.units.filter((u) => canSee(access, u.unit)).map((u) => ({ ...u, name: name.get(u.unit) ?? u.unit, hidden: false }));
    // rows the user may not see are listed in the court's order, so that their place does not tell the draft ranking
    const hidden: RankingRow[] = result.units
      .filter((u) => !canSee(access, u.unit))
      .sort((a, b) => (order.get(a.unit) ?? 0) - (order.get(b.unit) ?? 0))
      .map((u) => ({ unit: u.unit, name: name.get(u.unit) ?? u.unit, group: u.group, hidden: true }));
    const rows = [...visible, ...hidden];
    const warnings = access.visible === "all" ? result.warnings : [];
    return view.apply({
      rulebook: result.rulebook,
      period: result.period,
      window: result.window,
      status: access.state.status,
      revision: access.state.revision,
      /** the window holds unpublished months with data: these scores are a draft */
      draft: access.draftMonths.length > 0,
      /** answered from the published notice (its revision and number), or null when computed live */
      frozen,
      ...definitions(rb),
      /** the groups that have units, in the rulebook's order (rulebook.md §9); ranks are within each */
      groups: result.groups ?? [],
      units: rows,
      warnings,
      ignoredAdjustments: await ignoredOf(ctx, result, (u) => canSee(access, u)),
    }, result.ranking);
  }),

  /** One tribunal's result with every indicator's explanation and the indicators' definitions. */
  unit: authedProcedure.input(rankingInput.extend({ unit: z.string().min(1) })).query(async ({ ctx, input }) => {
    const [{ access, result, rulebook: rb, frozen }, units, view] = await Promise.all([explainedFor(ctx, input.period, input.window), ctx.scores.units(ctx.db), rankView(ctx)]);
    requireVisible(access, input.unit);
    if (!result || !rb) noRanking(input.period);
    const u = result.units.find((x) => x.unit === input.unit);
    const meta = units.find((x) => x.key === input.unit);
    if (!meta) fail("NOT_FOUND", `没有代码为 ${input.unit} 的法庭。`);
    if (!u) fail("NOT_FOUND", `${meta.name}在${periodLabel(input.period)}的计分窗口内没有任何数据。`);
    const peers = result.units.filter((x) => x.group === u.group);
    return view.apply({
      rulebook: result.rulebook,
      period: result.period,
      window: result.window,
      status: access.state.status,
      draft: access.draftMonths.length > 0,
      frozen,
      cohort: result.units.length,
      /** the groups of the ranking (rulebook.md §9) and how many units the unit's own has: its ranks are among them */
      groups: result.groups ?? [],
      groupCohort: peers.length,
      unit: { ...u, name: meta.name },
      /** adjustments of this tribunal in the window that the version in force does not count (rulebook.md §7b) */
      ignoredAdjustments: await ignoredOf(ctx, result, () => true, input.unit),
      ...definitions(rb),
      /** the mean indicator scores of the unit's group (the whole court without groups) among the units the indicator applies to, for the radar */
      average: Object.fromEntries(
        indicatorsOf(rb).map((i) => {
          const scored = peers.filter((x) => x.indicators[i.key]);
          return [i.key, scored.reduce((s, x) => s + x.indicators[i.key]!.score, 0) / Math.max(1, scored.length)];
        }),
      ),
    }, result.ranking);
  }),

  /** The year month by month (each month's own ranking): totals and ranks, for the trend chart. */
  trend: authedProcedure.input(z.object({ year: z.number().int().min(2000).max(2100), window: WindowKindSchema.optional() })).query(async ({ ctx, input }) => {
    const view = await rankView(ctx);
    const months = [];
    for (const period of periodsOfYear(input.year)) {
      const { result, access } = await summaryFor(ctx, period, input.window);
      if (!result || result.units.length === 0) continue;
      months.push(
        view.apply(
          {
            period,
            status: access.state.status,
            draft: access.draftMonths.length > 0,
            units: result.units
              .filter((u) => canSee(access, u.unit))
              .map((u) => ({ unit: u.unit, group: u.group, rank: u.rank, total: u.total, sections: u.sections, bonus: u.bonus, penalty: u.penalty, veto: u.veto })),
          },
          result.ranking,
        ),
      );
    }
    return { year: input.year, months, ranksHidden: months.some((m) => m.ranksHidden) };
  }),

  /** 差距测算: what it would take a tribunal to gain a rank in a month (routers/gap.ts). */
  gap: gapProcedure,

  /** The annual evaluation as computed now (a draft until HR publishes it). */
  annual: rolesProcedure("admin", "hr", "stats", "leader").input(z.object({ year: z.number().int().min(2000).max(2100) })).query(async ({ ctx, input }) => {
    const r = await ctx.scores.annual(ctx.db, input.year);
    if (!r) noRanking(`${input.year}-12`);
    const [name, view, version] = await Promise.all([unitNames(ctx), rankView(ctx), ctx.scores.versionAt(ctx.db, r.asOf)]);
    // the evaluation's own version (in force at asOf) decides whether its ranks are published
    return view.apply({ ...r, units: r.units.map((u) => ({ ...u, name: name(u.unit) })) }, version?.ranking);
  }),
});
