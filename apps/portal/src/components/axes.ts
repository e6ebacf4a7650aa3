/** Chart axes that tell the truth about the numbers (pure, so it is tested on its own). */

/**
 * An honest axis for totals: whole points, at least `minSpan` points tall and within 0 … the full
 * score (or the highest total, when bonuses carry one past it), so that a dip of 0.84 points
 * stays a small dip instead of filling the chart from top to bottom.
 */
export function totalAxis(values: readonly (number | null | undefined)[], fullScore: number, minSpan = 10): { min: number; max: number } {
  const v = values.filter((x): x is number => typeof x === "number" && Number.isFinite(x));
  const top = Math.ceil(Math.max(fullScore, ...v));
  if (!v.length) return { min: 0, max: top };
  let min = Math.floor(Math.min(...v));
  let max = Math.ceil(Math.max(...v));
  if (max - min < minSpan) {
    min = Math.floor((min + max) / 2 - minSpan / 2);
    max = min + minSpan;
  }
  if (max > top) [min, max] = [min - (max - top), top];
  if (min < 0) [min, max] = [0, Math.min(top, max - min)];
  return { min, max };
}

/** A rank axis: 1 at the top down to the number of tribunals, one tick per place. */
export function rankAxis(cohort: number) {
  return { reverse: true, min: 1, max: Math.max(1, cohort), ticks: { stepSize: 1, precision: 0, autoSkip: false } } as const;
}
