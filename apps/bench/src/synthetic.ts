import type { FactRow } from "@scorecard/rules";
import { demoCourt } from "@scorecard/demo";

/** Synthetic court of n units: the demo tribunals' 2022 figures, each unit scaled by its own factor. */
export function syntheticFacts(n: number): FactRow[] {
  const d = demoCourt();
  const year = d.facts.filter((f) => f.period.startsWith("2022-"));
  const byUnit = new Map<string, FactRow[]>();
  for (const f of year) byUnit.set(f.unit, [...(byUnit.get(f.unit) ?? []), f]);
  const templates = [...byUnit.values()];
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const out: FactRow[] = [];
  for (let i = 0; i < n; i++) {
    const rows = templates[i % templates.length]!;
    const factor = 0.5 + rand();
    const unit = `u${String(i).padStart(5, "0")}`;
    for (const r of rows) {
      // built in one go, as JSON.parse of stored rows builds them (not a dictionary grown key by key)
      const values: Record<string, number> = Object.fromEntries(Object.entries(r.values).map(([k, v]) => [k, Math.round(v * factor * (0.9 + 0.2 * rand()))]));
      // keep the ratios' numerators within their denominators
      values.trial_closed_in_limit = Math.min(values.trial_closed_in_limit!, values.trial_closed!);
      values.enf_asset_closed_in_limit = Math.min(values.enf_asset_closed_in_limit!, values.enf_asset_closed!);
      values.enf_first_completed = Math.min(values.enf_first_completed!, values.enf_first_closed!);
      values.enf_terminated_compliant = Math.min(values.enf_terminated_compliant!, values.enf_terminated!);
      out.push({ period: r.period, unit, values });
    }
  }
  return out;
}

