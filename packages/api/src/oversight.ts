import type { Kysely } from "kysely";
import { oversightGaps, type Database } from "@scorecard/db";
import { fail } from "./trpc";

/**
 * Every active tribunal has at least one overseeing leader and every active leader oversees at
 * least one tribunal (product.md); checked inside the transaction that changes either.
 */
export async function checkOversight(db: Kysely<Database>): Promise<void> {
  const { orphanUnits, idleLeaders } = await oversightGaps(db);
  if (orphanUnits.length) fail("BAD_REQUEST", `每个法庭至少要有一名分管党组成员:${orphanUnits.map((u) => u.name).join("、")} 将无人分管,未保存。`);
  if (idleLeaders.length) fail("BAD_REQUEST", `每名党组成员至少要分管一个法庭:${idleLeaders.map((l) => l.name).join("、")} 将没有分管法庭,未保存。`);
}
