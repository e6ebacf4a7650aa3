import { periodOutOfRange } from "@scorecard/rules";
import { fail } from "./errors";
import type { Context } from "./trpc";

/**
 * Facts, adjustments and committee scores are written only for months from 2000-01 to the month
 * after the current one by the server's clock (bounds.ts); older and later are refused with the range named.
 */
export function requirePeriodInRange(ctx: Pick<Context, "now">, period: string): void {
  const why = periodOutOfRange(period, ctx.now());
  if (why) fail("BAD_REQUEST", why);
}
