import { InputError } from "./problems";
import { periodLabel } from "./calendar";
import type { Period, Rulebook } from "./rulebook";

function listOf(rulebooks: Rulebook | readonly Rulebook[]): readonly Rulebook[] {
  return "format" in rulebooks ? [rulebooks as Rulebook] : (rulebooks as readonly Rulebook[]);
}

function earliestOf(rulebooks: Rulebook | readonly Rulebook[]): Rulebook | undefined {
  return [...listOf(rulebooks)].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1))[0];
}

/**
 * The version in force at a period (rulebook.md §7a): the latest `effectiveFrom` ≤ the period;
 * undefined when none is. The one answer to "which version is in force" for the whole product;
 * a caller for which one must exist refuses the undefined itself (with `noVersionInForce`).
 */
export function versionAt(rulebooks: Rulebook | readonly Rulebook[], period: Period): Rulebook | undefined {
  let found: Rulebook | undefined;
  for (const rb of listOf(rulebooks)) if (rb.effectiveFrom <= period && (!found || rb.effectiveFrom > found.effectiveFrom)) found = rb;
  return found;
}

/** The refusal of a period before every version, saying which is the earliest. */
export function noVersionInForce(rulebooks: Rulebook | readonly Rulebook[], period: Period): InputError {
  const first = earliestOf(rulebooks);
  return new InputError([
    {
      zh: `${periodLabel(period)}没有生效的考核办法(最早的版本 ${first?.version ?? "?"} 自${first ? periodLabel(first.effectiveFrom) : "?"}起生效)`,
      en: `no rulebook version is in force at ${period}`,
    },
  ]);
}

/**
 * The version whose data checks apply to a period's facts: the one in force, or for a period
 * before every version, the earliest (a reader checks what it can; scoring refuses the period).
 */
export function versionInForce(rulebooks: Rulebook | readonly Rulebook[], period: Period): Rulebook {
  const found = versionAt(rulebooks, period) ?? earliestOf(rulebooks);
  if (!found) throw new Error("versionInForce: no rulebook given");
  return found;
}
