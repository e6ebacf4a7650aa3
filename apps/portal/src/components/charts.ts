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
