import type { PeriodState } from "@scorecard/db";
import { periodLabel, type Period, type WindowKind } from "@scorecard/rules";
import type { SessionUser } from "./auth";
import { fail } from "./errors";
import type { Context } from "./trpc";

/**
 * Which tribunals' figures and scores a user may see (product.md, "What everyone sees of a month").
 *
 * A score is a draft when its window holds any month not yet published that has data: a head
 * who asks for the published February with the 全年 window must not see March's draft. Such a
 * score is open to admin, hr, stats and leaders; to a head only for their own tribunal, and only
 * while every such month is in review. A score whose window holds only published months (or
 * months without data) is open to everyone.
 *
 * "Has data" counts adjustments as well as facts: a bonus entered for a month whose figures have
 * not come in yet is still an unpublished figure of that month (a stricter reading than
 * product.md's "has facts", chosen because the window's score would carry it).
 */
export interface PeriodAccess {
  /** the state of the scored (or listed) month itself */
  state: PeriodState;
  /** unpublished months with data that the score's window holds, oldest first */
  draftMonths: PeriodState[];
  /** "all", or the tribunals whose draft this user may see (possibly none) */
  visible: "all" | ReadonlySet<string>;
}

function decide(user: SessionUser, state: PeriodState, draftMonths: PeriodState[]): PeriodAccess {
  if (draftMonths.length === 0 || user.role !== "head") return { state, draftMonths, visible: "all" };
  const allInReview = draftMonths.every((m) => m.status === "review");
  return { state, draftMonths, visible: new Set(allInReview && user.unit ? [user.unit] : []) };
}

/**
 * Access to a score of `period` in `window` (the rulebook's own window when absent): decided by
 * every month the window holds.
 */
export async function scoreAccess(ctx: Pick<Context, "db" | "scores">, user: SessionUser, period: Period, window?: WindowKind): Promise<PeriodAccess> {
  const [state, draftMonths] = await Promise.all([ctx.scores.periodState(ctx.db, period), ctx.scores.draftMonths(ctx.db, period, window)]);
  return decide(user, state, draftMonths);
}

/**
 * Whether this user reads a month's frozen notice rather than live figures: everyone reads a
 * published month's snapshot; during a correction everyone but stats keeps reading the last
 * published revision (更正中), except a head once the new revision is in review (their own draft).
 */
export function readsFrozen(role: string, state: PeriodState): boolean {
  if (state.revision === 0) return false;
  if (state.status === "published") return true;
  if (role === "stats") return false;
  return !(role === "head" && state.status === "review");
}

/** Access to one month's own records (its facts, its adjustments): the month alone decides. */
export async function monthAccess(ctx: Pick<Context, "db" | "scores">, user: SessionUser, period: Period): Promise<PeriodAccess> {
  const state = await ctx.scores.periodState(ctx.db, period);
  return decide(user, state, state.status === "published" ? [] : [state]);
}

export function canSee(access: PeriodAccess, unit: string): boolean {
  return access.visible === "all" || access.visible.has(unit);
}

/** Whether the user sees nothing but hidden rows. */
export function seesNothing(access: PeriodAccess): boolean {
  return access.visible !== "all" && access.visible.size === 0;
}

/** Refuses a head who may not see this tribunal's draft, saying why and what to do. */
export function requireVisible(access: PeriodAccess, unit: string): void {
  if (canSee(access, unit)) return;
  const own = access.state.period;
  const others = access.draftMonths.filter((m) => m.period !== own).map((m) => periodLabel(m.period));
  const why = others.length
    ? `所选计分窗口包含尚未发布的${others.join("、")}`
    : `${periodLabel(own)}尚未发布`;
  if (access.draftMonths.every((m) => m.status === "review"))
    fail("FORBIDDEN", `${why}:审核期间庭长只能查看本庭的草稿分数。`);
  // name the months that are not in review: a month in review beside one still collecting is not "尚未进入审核"
  const notInReview = access.draftMonths.filter((m) => m.status !== "review").map((m) => periodLabel(m.period));
  const inReview = access.draftMonths.filter((m) => m.status === "review").map((m) => periodLabel(m.period));
  const drafts = access.draftMonths.map((m) => periodLabel(m.period));
  const which = others.length ? `其中${notInReview.join("、")}尚未进入审核${inReview.length ? `(${inReview.join("、")}正在审核)` : ""}` : "且尚未进入审核";
  fail("FORBIDDEN", `${others.length ? `所选计分窗口包含尚未发布的${drafts.join("、")}` : why},${which}:庭长暂不能查看草稿分数;请待统计员开启审核或发布后再查看,或改选只含已发布月份的窗口(如"当月")。`);
}

/** Writes (facts, adjustments) are allowed only in unpublished periods. */
export function requireUnpublished(state: PeriodState): void {
  if (state.status === "published")
    fail("BAD_REQUEST", `${periodLabel(state.period)}已发布(第 ${state.revision} 版),不能直接修改;如需改正请发起更正。`);
}
