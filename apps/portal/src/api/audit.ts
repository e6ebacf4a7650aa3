import { defineInfiniteQueryOptions } from "@pinia/colada";
import { auditKeys } from "./keys";
import { api, type Outputs } from "./trpc";

export { auditKeys };

/** The audit log, newest first, read page by page (each page before the last entry shown). */

export type AuditEntry = Outputs["audit"]["list"][number];

export const AUDIT_PAGE = 50;

export const auditQueries = {
  log: () =>
    defineInfiniteQueryOptions({
      key: auditKeys.log(AUDIT_PAGE),
      query: ({ pageParam }: { pageParam: number | null }) => api.audit.list.query({ limit: AUDIT_PAGE, before: pageParam ?? undefined }),
      initialPageParam: null as number | null,
      getNextPageParam: (last: AuditEntry[]) => (last.length < AUDIT_PAGE ? null : (last[last.length - 1]?.id ?? null)),
    }),
};
