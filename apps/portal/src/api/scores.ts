import { defineQueryOptions } from "@pinia/colada";
import { errorCode, errorMessage } from "./errors";
import { scoreKeys } from "./keys";
import { api, type Inputs, type Outputs } from "./trpc";

export { scoreKeys };

/**
 * Scores as the server computes them: a period's ranking, one tribunal's result with its
 * explanations, the year's trend, several tribunals side by side. Every input is in the key
 * (`null` for "the rulebook's own window"); what invalidates them: invalidation.ts.
 */

export type Ranking = Outputs["scores"]["ranking"];
export type RankingRow = Ranking["units"][number];
export type VisibleRow = Extract<RankingRow, { hidden: false }>;
export type Warning = Ranking["warnings"][number];
export type WindowChoice = Inputs["scores"]["ranking"]["window"];
export type WindowKind = NonNullable<WindowChoice>;
export type UnitResult = Outputs["scores"]["unit"];
export type Trend = Outputs["scores"]["trend"];
export type TrendMonth = Trend["months"][number];
/** 差距测算: what it would take a tribunal to gain a rank in a month, with every name (scores.gap) */
export type Gap = Outputs["scores"]["gap"];
export type GapTarget = Gap["targets"][number];

/** One tribunal of a comparison: its result, or why the server refused it (the server's words). */
export type CompareOutcome = { unit: string; ok: true; data: UnitResult } | { unit: string; ok: false; code: string | undefined; message: string };

export const scoreQueries = {
  /** the period's ranking with the version in force's sections and indicators */
  ranking: (period: string | null, window: WindowChoice) =>
    defineQueryOptions({
      key: scoreKeys.ranking(period, window),
      query: () => api.scores.ranking.query({ period: period!, window }),
      enabled: period !== null,
    }),

  unit: (unit: string, period: string | null, window: WindowChoice) =>
    defineQueryOptions({
      key: scoreKeys.unit(unit, period, window),
      query: () => api.scores.unit.query({ unit, period: period!, window }),
      enabled: period !== null && unit !== "",
    }),

  /** each month of the year ranked on its own, as far as the user may see it */
  trend: (year: number | null, window: WindowChoice) =>
    defineQueryOptions({
      key: scoreKeys.trend(year, window),
      query: () => api.scores.trend.query({ year: year!, window }),
      enabled: year !== null,
    }),

  /** 差距测算 of a tribunal in a month (in the rulebook's own window), computed by the server's engine */
  gap: (unit: string, period: string | null, enabled = true) =>
    defineQueryOptions({
      key: scoreKeys.gap(unit, period),
      query: () => api.scores.gap.query({ unit, period: period! }),
      enabled: enabled && period !== null && unit !== "",
    }),

  /** several tribunals' results; a tribunal the user may not see comes back refused, not as an error of the whole */
  compare: (units: readonly string[], period: string | null, window: WindowChoice) =>
    defineQueryOptions({
      key: scoreKeys.compare(units, period, window),
      query: async (): Promise<CompareOutcome[]> => {
        const settled = await Promise.allSettled(units.map((unit) => api.scores.unit.query({ period: period!, window, unit })));
        return settled.map((s, i): CompareOutcome => {
          const unit = units[i]!;
          return s.status === "fulfilled" ? { unit, ok: true, data: s.value } : { unit, ok: false, code: errorCode(s.reason), message: errorMessage(s.reason) };
        });
      },
      enabled: period !== null && units.length > 0,
    }),
};
