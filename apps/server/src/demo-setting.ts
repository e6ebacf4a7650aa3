import { DEMO_VARIANTS, type DemoVariant } from "./demo-seed";

/**
 * SCORECARD_DEMO as the server reads it: unset (or `1`, `true`) — demo mode with the default court
 * (kailu); `grouped` / `internal` — demo mode with the §9 example court (groups, committee scores,
 * caps; `internal` keeps its ranking internal); `kailu` — the default court; `0` — no demo.
 */
export function parseDemoSetting(value: string | undefined): { ok: true; variant: DemoVariant | null } | { ok: false; message: string } {
  const v = (value ?? "").trim().toLowerCase();
  if (v === "0") return { ok: true, variant: null };
  if (["", "1", "true", "yes", "on"].includes(v)) return { ok: true, variant: "kailu" };
  if ((DEMO_VARIANTS as readonly string[]).includes(v)) return { ok: true, variant: v as DemoVariant };
  return { ok: false, message: `SCORECARD_DEMO=${value} 无法识别。请设为 ${DEMO_VARIANTS.join("、")}(演示法庭)或 0(不载入演示数据、不设演示账号)。` };
}
