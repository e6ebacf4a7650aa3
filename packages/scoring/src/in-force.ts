import { noVersionInForce, versionAt, type Period, type Rulebook } from "@scorecard/rules";

/**
 * The version in force at a period, for the engine, which cannot score without one: rules'
 * `versionAt`, refusing a period before every version (saying which is the earliest).
 * Internal to scoring; everyone else asks `versionAt` and decides about the undefined.
 */
export function inForce(versions: Rulebook | readonly Rulebook[], period: Period): Rulebook {
  const rb = versionAt(versions, period);
  if (!rb) throw noVersionInForce(versions, period);
  return rb;
}
