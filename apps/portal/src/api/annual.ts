import { defineQueryOptions, useMutation, useQueryCache } from "@pinia/colada";
import { auditKeys } from "./audit";
import { invalidate } from "./cache";
import { notificationKeys } from "./notifications";
import { api, type Inputs, type Outputs } from "./trpc";

/**
 * The annual evaluation (年度考核, HR): computed from each month's latest published revision,
 * shown as 预估 until December is published; HR overrides a grade only with a written reason,
 * publishes (frozen, numbered, hashed) and corrects it. Heads read it once published.
 */

export type AnnualComputed = Outputs["annual"]["compute"];
export type AnnualEvaluation = Outputs["annual"]["get"];
export type AnnualSnapshotView = AnnualComputed["snapshot"];
export type AnnualListItem = Outputs["annual"]["list"][number];
export type AnnualFormat = "docx" | "xlsx" | "html";

export const annualKeys = {
  all: ["annual"] as const,
  list: () => [...annualKeys.all, "list"] as const,
  get: (year: number | null, revision: number | null) => [...annualKeys.all, "get", year, revision] as const,
  compute: (year: number | null) => [...annualKeys.all, "compute", year] as const,
};

export const annualQueries = {
  list: () => defineQueryOptions({ key: annualKeys.list(), query: () => api.annual.list.query() }),
  get: (year: number | null, revision: number | null, enabled = true) =>
    defineQueryOptions({
      key: annualKeys.get(year, revision),
      query: () => api.annual.get.query(revision === null ? { year: year! } : { year: year!, revision }),
      enabled: enabled && year !== null,
    }),
  /** HR only: the evaluation as it stands (预估 for a year without December), with why it cannot be published yet */
  compute: (year: number | null, enabled = true) =>
    defineQueryOptions({ key: annualKeys.compute(year), query: () => api.annual.compute.query({ year: year! }), enabled: enabled && year !== null }),
};

/**
 * What a change refreshes; the refetches' own errors (a summary or evaluation not published yet, a
 * draft of one just published) belong to the pages that show those queries, not to the change.
 */
const refresh = (cache: ReturnType<typeof useQueryCache>) => invalidate(cache, ...everythingItChanges).catch(() => undefined);
const everythingItChanges = [annualKeys.all, notificationKeys.all, auditKeys.all];

export function useOverrideGrade() {
  const cache = useQueryCache();
  return useMutation({
    mutation: (input: Inputs["annual"]["override"]) => api.annual.override.mutate(input),
    onSettled: () => refresh(cache),
  });
}

export function usePublishAnnual() {
  const cache = useQueryCache();
  return useMutation({
    mutation: (input: Inputs["annual"]["publish"]) => api.annual.publish.mutate(input),
    onSettled: () => refresh(cache),
  });
}

export function useCorrectAnnual() {
  const cache = useQueryCache();
  return useMutation({
    mutation: (input: Inputs["annual"]["correct"]) => api.annual.correct.mutate(input),
    onSettled: () => refresh(cache),
  });
}

/** The address of an evaluation's document: a published revision as frozen, or the draft (草稿/预估). */
export function annualFileUrl(year: number, format: AnnualFormat, opts: { revision?: number | null; draft?: boolean } = {}): string {
  const q = new URLSearchParams({ year: String(year), format });
  if (opts.revision) q.set("revision", String(opts.revision));
  if (opts.draft) q.set("draft", "true");
  return `/files/annual?${q.toString()}`;
}
