import type { useQueryCache } from "@pinia/colada";

export type Cache = ReturnType<typeof useQueryCache>;

/** Forgets every cached answer (signing in or out: the next user must not see the last one's). */
export function forgetAll(cache: Cache): void {
  for (const entry of cache.getEntries()) cache.remove(entry);
}
