import type { PeriodState } from "@scorecard/db";
import type { SessionUser } from "./auth";
import { fail, type Context } from "./trpc";

/**
 * Which tribunals' figures and scores of a period a user may see (product.md):
 * a published period is open to everyone; drafts to admin, hr, stats and leaders, and to a
 * head only for their own tribunal while the period is in review.
 */
export interface PeriodAccess {
  state: PeriodState;
  /** "all", or the tribunals whose draft this user may see (possibly none) */
  visible: "all" | ReadonlySet<string>;
}

export async function periodAccess(ctx: Pick<Context, "db" | "scores">, user: SessionUser, period: string): Promise<PeriodAccess> {
  const state = await ctx.scores.periodState(ctx.db, period);
  if (state.status === "published" || user.role !== "head") return { state, visible: "all" };
  return { state, visible: new Set(state.status === "review" && user.unit ? [user.unit] : []) };
}

export function canSee(access: PeriodAccess, unit: string): boolean {
  return access.visible === "all" || access.visible.has(unit);
}

/** Refuses a head who may not see this tribunal's draft, saying why. */
export function requireVisible(access: PeriodAccess, unit: string): void {
  if (canSee(access, unit)) return;
  if (access.state.status === "review")
    fail("FORBIDDEN", `${access.state.period} 尚未发布:审核期间庭长只能查看本庭的草稿分数。`);
  fail("FORBIDDEN", `${access.state.period} 尚未进入审核或发布,庭长暂不能查看草稿分数。`);
}

/** Writes (facts, adjustments) are allowed only in unpublished periods. */
export function requireUnpublished(state: PeriodState): void {
  if (state.status === "published")
    fail("BAD_REQUEST", `${state.period} 已发布(第 ${state.revision} 版),不能直接修改;如需改正请发起更正。`);
}
