import type { Context } from "./trpc";

/** Tribunal names by key, for messages and results (a key never shown to people when a name exists). */
export async function unitNames(ctx: Pick<Context, "db" | "scores">): Promise<(key: string) => string> {
  const names = new Map((await ctx.scores.units(ctx.db)).map((u) => [u.key, u.name]));
  return (key) => names.get(key) ?? key;
}
