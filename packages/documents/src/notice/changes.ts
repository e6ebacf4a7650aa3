import { indicatorsOf, periodLabel, type FactRow, type Rulebook } from "@scorecard/rules";
import { cents, type PeriodResult } from "@scorecard/scoring";
import type { NoticeChange, NoticeSnapshot } from "./snapshot";

const WHAT_ORDER: Record<NoticeChange["what"], number> = { figure: 0, score: 1, total: 2, rank: 3 };

/**
 * What a correction changed (更正说明): every figure of the window's facts, every indicator score,
 * every total and every rank that differs between two revisions of a month — figures first,
 * then scores, totals and ranks, each in court order.
 */
export function noticeChanges(before: NoticeSnapshot, after: NoticeSnapshot): NoticeChange[] {
  const out: NoticeChange[] = [];

  // figures: every field either rulebook knows, month by month
  const fields = new Map<string, string>();
  for (const rb of [before.rulebook, after.rulebook]) for (const f of rb.fields) if (!fields.has(f.key)) fields.set(f.key, f.label);
  const byKey = (rows: readonly FactRow[]) => new Map(rows.map((r) => [`${r.period}\u0000${r.unit}`, r]));
  const a = byKey(before.facts);
  const b = byKey(after.facts);
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  for (const k of keys) {
    const ra = a.get(k);
    const rb = b.get(k);
    const [period, unit] = k.split("\u0000") as [string, string];
    for (const [field, label] of fields) {
      const va = ra?.values[field] ?? null;
      const vb = rb?.values[field] ?? null;
      if (va !== vb) out.push({ unit, what: "figure", key: field, period, label: `${periodLabel(period)}${label}`, before: va, after: vb });
    }
  }

  return sortChanges([...out, ...resultChanges(before, after)], before, after);
}

type Ranked = { rulebook: Rulebook; result: PeriodResult; units: ReadonlyArray<{ key: string }> };

/** Every indicator score, total and rank that differs between two rankings of one window. */
export function resultChanges(before: Ranked, after: Ranked): NoticeChange[] {
  const out: NoticeChange[] = [];
  const ua = new Map(before.result.units.map((u) => [u.unit, u]));
  const ub = new Map(after.result.units.map((u) => [u.unit, u]));
  const indicators = new Map<string, string>();
  for (const rb of [before.rulebook, after.rulebook]) for (const ind of indicatorsOf(rb)) if (!indicators.has(ind.key)) indicators.set(ind.key, ind.name);
  const same = (x: number | null, y: number | null) => (x === null || y === null ? x === y : cents(x) === cents(y));
  for (const unit of new Set([...ua.keys(), ...ub.keys()])) {
    const x = ua.get(unit);
    const y = ub.get(unit);
    for (const [key, name] of indicators) {
      const sa = x?.indicators[key]?.score ?? null;
      const sb = y?.indicators[key]?.score ?? null;
      if (!same(sa, sb)) out.push({ unit, what: "score", key, period: null, label: `${name}得分`, before: sa, after: sb });
    }
    if (!same(x?.total ?? null, y?.total ?? null)) out.push({ unit, what: "total", key: null, period: null, label: "总分", before: x?.total ?? null, after: y?.total ?? null });
    if ((x?.rank ?? null) !== (y?.rank ?? null)) out.push({ unit, what: "rank", key: null, period: null, label: "名次", before: x?.rank ?? null, after: y?.rank ?? null });
  }
  return out;
}

/** Changes in the order 更正说明 lists them: figures, scores, totals, ranks, each in court order. */
export function sortChanges(out: readonly NoticeChange[], before: Ranked, after: Ranked): NoticeChange[] {
  const order = new Map(after.units.map((u, i) => [u.key, i]));
  for (const [i, u] of before.units.entries()) if (!order.has(u.key)) order.set(u.key, after.units.length + i);
  const pos = (u: string) => order.get(u) ?? Number.MAX_SAFE_INTEGER;
  return out
    .map((c, i) => ({ c, i }))
    .sort((p, q) => WHAT_ORDER[p.c.what] - WHAT_ORDER[q.c.what] || pos(p.c.unit) - pos(q.c.unit) || p.i - q.i)
    .map((p) => p.c);
}
