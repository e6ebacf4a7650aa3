import type { EntryKey, useQueryCache } from "@pinia/colada";

export type Cache = ReturnType<typeof useQueryCache>;

/**
 * Marks every query under each key as stale and refetches the ones on screen; resolves once they
 * are back, so a save's caller sees fresh figures when it goes on.
 */
export function invalidate(cache: Cache, ...keys: EntryKey[]): Promise<unknown> {
  return Promise.all(keys.map((key) => cache.invalidateQueries({ key })));
}

/** Forgets every cached answer (signing in or out: the next user must not see the last one's). */
export function forgetAll(cache: Cache): void {
  for (const entry of cache.getEntries()) cache.remove(entry);
}
