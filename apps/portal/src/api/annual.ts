import { defineQueryOptions } from "@pinia/colada";
import { useApiMutation } from "./invalidation";
import { annualKeys } from "./keys";
import { api, type Inputs, type Outputs } from "./trpc";

export { annualKeys };

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

export const useOverrideGrade = () => useApiMutation("annual.override", (input: Inputs["annual"]["override"]) => api.annual.override.mutate(input));
export const usePublishAnnual = () => useApiMutation("annual.publish", (input: Inputs["annual"]["publish"]) => api.annual.publish.mutate(input));
export const useCorrectAnnual = () => useApiMutation("annual.correct", (input: Inputs["annual"]["correct"]) => api.annual.correct.mutate(input));

/** The address of an evaluation's document: a published revision as frozen, or the draft (草稿/预估). */
export function annualFileUrl(year: number, format: AnnualFormat, opts: { revision?: number | null; draft?: boolean } = {}): string {
  const q = new URLSearchParams({ year: String(year), format });
  if (opts.revision) q.set("revision", String(opts.revision));
  if (opts.draft) q.set("draft", "true");
  return `/files/annual?${q.toString()}`;
}
