import { z } from "zod";
import { unitsOfLeader } from "@scorecard/db";
import { versionAt, groupList, indicatorsOf, PeriodSchema, periodLabel, windowMonths, windowName, type Period, type Rulebook } from "@scorecard/rules";
import { gapOptionText, gapTargetTitle, gapUnreachableText, type DataIndex, type DataSet, type GapResult } from "@scorecard/scoring";
import { readsFrozen, requireVisible, scoreAccess } from "../access";
import type { SessionUser } from "../auth";
import { frozenManualRows } from "../cycle";
import { ranksHiddenFor } from "../ranks";
import { pool } from "../pool";
import { fail, rolesProcedure, type Context } from "../trpc";

/**
 * 差距测算 (interfaces.md `scores.gap`, product.md "What it would take"): what it would take one
 * tribunal to gain a rank in one month, computed by the engine's `gapToRank` on the figures the
 * user reads that month's scores from — a published month's frozen figures (what its notice was
 * ranked on), else the stored draft figures — with every name the portal shows.
 *
 * Who: admin, hr and stats for every tribunal; a leader for the tribunals they oversee; a head
 * for their own. A month the user may not see is refused as the other score views refuse it;
 * under a version that keeps its ranking internal (rulebook.md §9) leaders and heads get no
 * 差距测算 at all (it is about ranks).
 */
export const gapProcedure = rolesProcedure("admin", "hr", "stats", "leader", "head")
  .input(z.object({ unit: z.string().min(1), period: PeriodSchema }))
  .query(async ({ ctx, input }) => {
    const { user } = ctx;
    const units = await ctx.scores.units(ctx.db);
    const meta = units.find((u) => u.key === input.unit);
    if (!meta) fail("NOT_FOUND", `没有代码为 ${input.unit} 的法庭。`);
    if (user.role === "head" && user.unit !== input.unit) fail("FORBIDDEN", `庭长只能查看本庭的差距测算,${meta.name}不是您所在的法庭。`);
    if (user.role === "leader" && !(await unitsOfLeader(ctx.db, user.id)).includes(input.unit))
      fail("FORBIDDEN", `您不分管${meta.name},不能查看其差距测算;如分管关系有误,请联系系统管理员调整。`);

    const source = await figuresFor(ctx, input.period, input.unit);
    const rb = versionAt(source.rulebooks, input.period);
    if (!rb) fail("NOT_FOUND", `${periodLabel(input.period)}没有生效的考核办法,无法测算差距。`);
    if (ranksHiddenFor(user.role, rb.ranking))
      fail("FORBIDDEN", "本考核办法不通报排名,名次只在政治处、统计员和系统管理员内部掌握,因此不提供差距测算;请查看各项指标得分和达标情况。");
    if (!hasFacts(source.data, input.period, input.unit))
      fail("NOT_FOUND", `${periodLabel(input.period)}没有${meta.name}当月的数据,无法测算差距;请待统计员录入该月数据后再查看。`);
    // many scorings of the month: in the worker pool, with the months its window reads
    const result = await pool().run("gap", { rulebooks: source.rulebooks, data: windowData(source.data, windowMonths(input.period, rb.window)), period: input.period, unit: input.unit });
    return withNames(result, rb, meta.name, source);
  });

interface Figures {
  rulebooks: Rulebook[];
  data: DataSet | DataIndex;
  /** the notice the figures were frozen in, or null for the stored (draft) figures */
  frozen: { revision: number; number: string | null } | null;
  /** the scored window holds unpublished months with data */
  draft: boolean;
}

/** The figures this user reads the month's scores from, refusing a month they may not see (as scores.unit does). */
async function figuresFor(ctx: Pick<Context, "db" | "scores"> & { user: SessionUser }, period: Period, unit: string): Promise<Figures> {
  const state = await ctx.scores.periodState(ctx.db, period);
  const snapshot = readsFrozen(ctx.user.role, state) ? await ctx.scores.frozen(ctx.db, period) : null;
  if (snapshot) {
    const manual = snapshot.manual ?? windowMonths(period, snapshot.result.window.kind).flatMap((m) => frozenManualRows(snapshot, m));
    return {
      rulebooks: [snapshot.rulebook],
      data: { facts: snapshot.facts, adjustments: snapshot.adjustments, manual },
      frozen: { revision: snapshot.revision, number: snapshot.number },
      draft: false,
    };
  }
  const access = await scoreAccess(ctx, ctx.user, period);
  requireVisible(access, unit);
  const { rulebooks, index } = await ctx.scores.inputs(ctx.db);
  return { rulebooks, data: index, frozen: null, draft: access.draftMonths.length > 0 };
}

/** The data of `months` alone (what a score of the month reads), to send to a worker. */
function windowData(data: DataSet | DataIndex, months: readonly Period[]): DataSet | DataIndex {
  const keep = new Set<string>(months);
  if ("kind" in data && data.kind === "index") {
    const only = <V>(m: ReadonlyMap<Period, V>) => new Map([...m].filter(([p]) => keep.has(p)));
    return { kind: "index", facts: only(data.facts), adjustments: only(data.adjustments), manual: only(data.manual), vectors: new Map() };
  }
  const d = data as DataSet;
  return { facts: d.facts.filter((r) => keep.has(r.period)), ...(d.adjustments ? { adjustments: d.adjustments.filter((r) => keep.has(r.period)) } : {}), ...(d.manual ? { manual: d.manual.filter((r) => keep.has(r.period)) } : {}) };
}

function hasFacts(data: DataSet | DataIndex, period: Period, unit: string): boolean {
  if ("kind" in data && data.kind === "index") return data.facts.get(period)?.has(unit) ?? false;
  return (data as DataSet).facts.some((r) => r.period === period && r.unit === unit);
}

/** The engine's answer with every name the portal shows: the tribunal, its group, each field and indicator, each line in words. */
function withNames(g: GapResult, rb: Rulebook, name: string, source: Figures) {
  const indicatorName = new Map(indicatorsOf(rb).map((i) => [i.key, i.name]));
  const field = new Map(rb.fields.map((f) => [f.key, f]));
  return {
    ...g,
    name,
    groupName: groupList(rb).find((x) => x.key === g.group)?.name ?? g.group,
    /** whether ranks are within groups (rulebook.md §9) */
    grouped: rb.groups.length > 0,
    rulebook: { id: rb.id, version: rb.version },
    window: { kind: rb.window, name: windowName(rb.window) },
    frozen: source.frozen,
    draft: source.draft,
    targets: g.targets.map((t) => ({
      ...t,
      title: gapTargetTitle(t),
      options: t.options.map((o) => ({
        ...o,
        label: field.get(o.field)?.label ?? o.field,
        fieldUnit: field.get(o.field)?.unit ?? null,
        integer: field.get(o.field)?.integer === true,
        indicatorNames: o.indicators.map((k) => indicatorName.get(k) ?? k),
        text: gapOptionText(rb, o),
      })),
      unreachableNames: t.unreachable.map((k) => indicatorName.get(k) ?? k),
      unreachableText: gapUnreachableText(rb, t),
    })),
  };
}
