import {
  BarController, BarElement, CategoryScale, Chart, Filler, Legend, LinearScale, LineController, LineElement,
  PointElement, RadarController, RadialLinearScale, Title, Tooltip,
} from "chart.js";

// only what the portal draws, so the bundle stays small
Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, RadarController, RadialLinearScale, Filler, Legend, Title, Tooltip);
Chart.defaults.font.family = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';
Chart.defaults.animation = false;

/**
 * Colours that stay apart in grey-scale printing: strongly different lightness, and lines that
 * also differ by dash and point shape.
 */
export const SERIES = [
  { color: "#1f3a93", dash: [] as number[], point: "circle" },
  { color: "#e39b2d", dash: [6, 3], point: "rect" },
  { color: "#6b7280", dash: [2, 2], point: "triangle" },
  { color: "#0f766e", dash: [10, 4], point: "rectRot" },
  { color: "#a3141c", dash: [4, 2, 1, 2], point: "star" },
  { color: "#93c5fd", dash: [1, 3], point: "crossRot" },
  { color: "#111827", dash: [8, 2, 2, 2], point: "cross" },
  { color: "#c4b5fd", dash: [3, 6], point: "dash" },
] as const;

export const TRIAL_COLOR = "#1f3a93"; // dark
export const ENFORCEMENT_COLOR = "#e9b872"; // light

export function series(i: number) {
  return SERIES[i % SERIES.length]!;
}

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
