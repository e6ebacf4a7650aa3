import type { Role } from "@scorecard/db";
import type { Context } from "./trpc";

/**
 * Ranking kept internal (不通报排名, rulebook.md §9; product.md "Under a rulebook whose ranking is
 * internal"): under a version with `ranking: "internal"`, a leader or a head sees no rank
 * numbers, order, rank change, first or last place; totals, indicator scores, 达标 marks, red and
 * yellow marks, grades, rewards and talks stay. admin, hr and stats see everything. The one
 * redaction every procedure applies to what it answers such a user with — the server enforces
 * it, the portal merely has nothing to show.
 */

/** The rulebook's choice, as results carry it (`PeriodResult.ranking`, `Rulebook.ranking`). */
export type RankingMode = "published" | "internal";

/** Whether `role` is kept from ranks under `ranking` (product.md: only admin, hr and stats see them). */
export function ranksHiddenFor(role: Role, ranking: RankingMode | undefined): boolean {
  return ranking === "internal" && (role === "leader" || role === "head");
}

/** Keys whose value is a rank or a rank change: `null` for a user kept from ranks. */
type RankKey = "rank" | "change" | "monthsLast";

/** A result as a user kept from ranks may get it: every rank and rank change may be null. */
export type Redacted<T> = T extends readonly (infer U)[]
  ? Redacted<U>[]
  : T extends object
    ? { [K in keyof T]: K extends "rulebook" ? T[K] : K extends RankKey ? T[K] | null : Redacted<T[K]> }
    : T;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const mapValues = (o: Json, f: (v: unknown) => unknown): Json => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));

/** An entry that is itself about a place: a last-place warning, a correction's rank change. */
function aboutPlace(v: unknown): boolean {
  return isObject(v) && ((v.kind === "last" && typeof v.unit === "string") || (v.what === "rank" && "before" in v && "after" in v));
}

/**
 * `value` without anything that tells a place, for a user kept from ranks: every `rank` null
 * (units, indicators, explanations, the annual, monthly ranks), every rank change null (`change`
 * of a ranking row, of a notice's units; a summary's rank paths), no highlights (first place,
 * biggest climb) or movers, no last-place warning, no correction entry about a rank, no talk's
 * reasons (last in the year, the months last — the talk itself stays); and every
 * list of tribunals in court order (`order`: unit key → place in units.list), a list of unit keys
 * as well. Pure; `value` is plain JSON and is not changed.
 */
export function withoutRanks<T>(value: T, order: ReadonlyMap<string, number>): Redacted<T> {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) {
      const out = v.filter((x) => !aboutPlace(x)).map(walk);
      const place = (x: unknown) => (typeof x === "string" ? order.get(x) : isObject(x) && typeof x.unit === "string" ? order.get(x.unit) : undefined);
      if (out.length > 1 && out.every((x) => place(x) !== undefined)) out.sort((a, b) => place(a)! - place(b)!);
      return out;
    }
    if (!isObject(v)) return v;
    const o: Json = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === "rulebook") o[k] = x; // the rulebook itself (or its id and version) names no place
      else if (k === "rank") o[k] = null;
      else if (k === "change") o[k] = isObject(x) ? mapValues(x, () => null) : null;
      else if (k === "rankPaths" && isObject(x)) o[k] = mapValues(x, (path) => (Array.isArray(path) ? path.map(() => null) : null));
      else if (k === "highlights" && isObject(x)) o[k] = { first: [], biggestClimb: null };
      else if (k === "movers") o[k] = null;
      // a talk (约谈) stays, but not why in places: last in the year, or the months it was last
      else if (k === "talkReasons" || (k === "reasons" && Array.isArray(x) && x.every((r) => r === "lastInYear" || r === "lastInMonths"))) o[k] = [];
      else if (k === "monthsLast") o[k] = Array.isArray(x) ? [] : null;
      else o[k] = walk(x);
    }
    return o;
  };
  return walk(value) as Redacted<T>;
}

/** A user's view of ranks: whether they are hidden under a ranking mode, and the redaction. */
export interface RankView {
  role: Role;
  /** unit key → place in the court's order (units.list) */
  order: ReadonlyMap<string, number>;
  hidden(ranking: RankingMode | undefined): boolean;
  /** `value` with `ranksHidden`, redacted when the ranking mode hides ranks from this user */
  apply<T extends object>(value: T, ranking: RankingMode | undefined): Redacted<T> & { ranksHidden: boolean };
}

/** The rank view of the signed-in user. */
export async function rankView(ctx: Pick<Context, "db" | "scores"> & { user: { role: Role } }): Promise<RankView> {
  const units = await ctx.scores.units(ctx.db);
  const order = new Map(units.map((u, i) => [u.key, i]));
  const role = ctx.user.role;
  const hidden = (ranking: RankingMode | undefined) => ranksHiddenFor(role, ranking);
  return {
    role,
    order,
    hidden,
    apply<T extends object>(value: T, ranking: RankingMode | undefined) {
      const ranksHidden = hidden(ranking);
      const shown = ranksHidden ? withoutRanks(value, order) : (value as Redacted<T>);
      return { ...shown, ranksHidden } as Redacted<T> & { ranksHidden: boolean };
    },
  };
}
