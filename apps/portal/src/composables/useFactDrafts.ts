import { checkFacts, type CheckResult } from "@scorecard/rules";
import { computed, reactive, watch } from "vue";
import { errorCode, errorMessage } from "../api/errors";
import { checkCell, shown, type FactRow, type Field, type Rulebook, type Unit } from "../components/DataEntryShared";

/**
 * The data-entry grid's state machine: each tribunal's row as the user edits it, from the stored
 * row and version it started from to saved, refused (CONFLICT: someone saved in between), reloaded
 * with the user's own figures kept beside the latest, or thrown away. Rows are kept per month, so
 * switching months loses nothing. The grid shows it; the API and the messages are given.
 */

/** A row the user has touched: what they started from, what they typed, and how saving went. */
export interface Draft {
  base: { values: Record<string, number>; version: number };
  edits: Record<string, string>;
  saving: boolean;
  conflict: string | null;
  error: string | null;
  /** after 载入最新数据: the user's own figures, kept beside the latest for comparison */
  mine: Record<string, string> | null;
  /** the figures the user had started from before 载入最新数据 */
  mineBase: Record<string, number> | null;
  /** cells the user has left (an empty one turns red only then) */
  touched: Record<string, true>;
}

export interface FactDraftsOptions {
  period: () => string;
  rulebook: () => Rulebook;
  fields: () => Field[];
  units: () => Unit[];
  readOnly: () => boolean;
  /** the month's stored rows (facts.get), undefined until read */
  rows: () => FactRow[] | undefined;
  /** reads the month's stored rows again; an error is the reader's */
  refetch: () => Promise<{ status: "success" | "pending" } | { status: "error"; error: unknown }>;
  /** saves one row from the version it started from; resolves once the month's figures are read again */
  saveRow: (input: { period: string; unit: string; values: Record<string, number>; version: number }) => Promise<{ version: number }>;
}

export function useFactDrafts(o: FactDraftsOptions) {
  /** Drafts by `${period}/${unit}`, so switching months loses nothing. */
  const drafts = reactive(new Map<string, Draft>());
  const keyOf = (unit: string) => `${o.period()}/${unit}`;

  const stored = computed(() => new Map<string, FactRow>((o.rows() ?? []).map((r) => [r.unit, r])));

  function storedOf(unit: string): { values: Record<string, number>; version: number } {
    const r = stored.value.get(unit);
    return r ? { values: r.values, version: r.version } : { values: {}, version: 0 };
  }

  function textOf(unit: string, field: string): string {
    const d = drafts.get(keyOf(unit));
    if (d && field in d.edits) return d.edits[field]!;
    return shown((d?.base ?? storedOf(unit)).values[field]);
  }

  function edit(unit: string, field: string, text: string) {
    const k = keyOf(unit);
    let d = drafts.get(k);
    if (!d) {
      const base = storedOf(unit);
      d = { base: { values: { ...base.values }, version: base.version }, edits: {}, saving: false, conflict: null, error: null, mine: null, mineBase: null, touched: {} };
      drafts.set(k, d);
    }
    d.edits[field] = text;
    d.error = null;
  }

  function isChanged(unit: string, field: string): boolean {
    const d = drafts.get(keyOf(unit));
    if (!d || !(field in d.edits)) return false;
    const c = checkCell(d.edits[field]!);
    const before = d.base.values[field];
    return !c.ok || before === undefined || c.value !== before;
  }

  function rowDirty(unit: string): boolean {
    return o.fields().some((f) => isChanged(unit, f.key));
  }

  /**
   * The rulebook's data checks on each row as shown (rules' checkFacts, the same the server and the
   * readers apply): whole numbers where a field is `integer`, and every `le` check; errors refuse
   * the row, warnings are saved and listed. The history outliers come from the server with the
   * stored figures (facts.get), for the cells not edited since.
   */
  const findings = computed(() => {
    const out = new Map<string, CheckResult>();
    for (const u of o.units()) {
      const values: Record<string, number> = {};
      for (const f of o.fields()) {
        const c = checkCell(textOf(u.key, f.key));
        if (c.ok) values[f.key] = c.value;
      }
      const found = checkFacts(o.rulebook(), { key: u.key, name: u.name }, values, { complete: false, period: o.period() });
      // the server's history outliers of the stored figures (they need the earlier months), while a cell still shows its stored value
      const outliers = (stored.value.get(u.key)?.warnings ?? []).filter((w) => w.check === "outlier" && !isChanged(u.key, w.field));
      out.set(u.key, { errors: found.errors, warnings: [...found.warnings, ...outliers] });
    }
    return out;
  });
  /** findings about a cell: its own field, or the other side of an `le` check */
  const about = (list: CheckResult["errors"], field: string) => list.filter((x) => x.field === field || x.right?.field === field).map((x) => x.zh);

  /**
   * The cell's problem, if any. A wrong entry shows at once; an empty cell only once the user has
   * left it in a row being filled in (a new month's rows start empty).
   */
  function cellError(unit: string, field: string): string | null {
    const c = checkCell(textOf(unit, field));
    if (c.ok) {
      const found = about(findings.value.get(unit)?.errors ?? [], field);
      return found.length ? found.join(" ") : null;
    }
    if (c.empty && !(rowDirty(unit) && drafts.get(keyOf(unit))?.touched[field])) return null;
    return c.message;
  }

  /** What to verify about a cell (a warning check): saved all the same, and listed. */
  function cellWarning(unit: string, field: string): string | null {
    const found = about(findings.value.get(unit)?.warnings ?? [], field);
    return found.length ? found.join(" ") : null;
  }

  /** The cell's error, else its warning: what its tooltip says. */
  const cellNote = (unit: string, field: string) => cellError(unit, field) ?? cellWarning(unit, field);

  /** Every row's data-check findings, errors first, as sentences naming the tribunal, both fields and their values. */
  const checkList = computed(() =>
    o
      .units()
      .flatMap((u) => {
        const r = findings.value.get(u.key);
        return [...(r?.errors ?? []), ...(r?.warnings ?? [])].map((x, i) => ({ id: `${u.key}/${x.check}/${x.field}/${i}`, level: x.level, zh: x.zh }));
      })
      .sort((a, b) => (a.level === b.level ? 0 : a.level === "error" ? -1 : 1)),
  );

  /** Fields summed over the month's tribunals in the 合计 row: those the rulebook adds up (`sum`); a mean or month-end count is left out. */
  const summed = computed(() => new Set(o.fields().filter((f) => f.aggregate === "sum").map((f) => f.key)));
  const unsummed = computed(() => o.fields().filter((f) => !summed.value.has(f.key)).map((f) => f.label));
  /** each summed field's total of the values shown ("" for a field not summed, or with no value) */
  function total(field: string): string {
    if (!summed.value.has(field)) return "";
    let sum = 0;
    let any = false;
    for (const u of o.units()) {
      const c = checkCell(textOf(u.key, field));
      if (c.ok) {
        sum += c.value;
        any = true;
      }
    }
    return any ? String(Number(sum.toFixed(6))) : "";
  }

  function touch(unit: string, field: string) {
    const d = drafts.get(keyOf(unit));
    if (d) d.touched[field] = true;
  }

  /** Wrong entries in the row: cells that are not numbers, and the data checks' errors. */
  function rowErrors(unit: string): number {
    const bad = o.fields().filter((f) => {
      const c = checkCell(textOf(unit, f.key));
      return !c.ok && !c.empty;
    }).length;
    return bad + (findings.value.get(unit)?.errors.length ?? 0);
  }

  /** Warnings of the row's data checks. */
  function rowWarnings(unit: string): number {
    return findings.value.get(unit)?.warnings.length ?? 0;
  }

  /** Cells still empty in a row being filled in. */
  function rowEmpty(unit: string): number {
    if (!rowDirty(unit)) return 0;
    return o.fields().filter((f) => {
      const c = checkCell(textOf(unit, f.key));
      return !c.ok && c.empty;
    }).length;
  }

  /** The stored row moved on while the user was editing (someone else saved); a row being saved catches up when its save returns. */
  function stale(unit: string): boolean {
    const d = drafts.get(keyOf(unit));
    return !!d && !d.saving && o.rows() !== undefined && storedOf(unit).version !== d.base.version;
  }

  // a draft with nothing pending is dropped once the stored row has caught up (or moved on)
  watch(o.rows, () => {
    for (const u of o.units()) {
      const d = drafts.get(keyOf(u.key));
      if (d && !d.saving && !d.conflict && !d.mine && !rowDirty(u.key)) drafts.delete(keyOf(u.key));
    }
  });

  const dirtyUnits = computed(() => o.units().filter((u) => rowDirty(u.key)).map((u) => u.key));

  function canSave(unit: string): boolean {
    const d = drafts.get(keyOf(unit));
    return !o.readOnly() && !!d && !d.saving && !d.conflict && rowDirty(unit) && rowErrors(unit) === 0 && rowEmpty(unit) === 0 && !stale(unit);
  }

  /**
   * Saves a row from the version it started from: the saved version, or null when it could not be
   * sent or was refused (the row then says why: `conflict` for CONFLICT, else `error`).
   */
  async function save(unit: Unit): Promise<number | null> {
    const d = drafts.get(keyOf(unit.key));
    if (!d || !canSave(unit.key)) return null;
    const values: Record<string, number> = {};
    for (const f of o.fields()) {
      const c = checkCell(textOf(unit.key, f.key));
      if (!c.ok) return null;
      values[f.key] = c.value;
    }
    d.saving = true;
    d.error = null;
    try {
      const r = await o.saveRow({ period: o.period(), unit: unit.key, values, version: d.base.version });
      d.base = { values, version: r.version };
      d.edits = {};
      d.touched = {};
      d.mine = null;
      d.mineBase = null;
      return r.version;
    } catch (e) {
      if (errorCode(e) === "CONFLICT") d.conflict = errorMessage(e);
      else d.error = errorMessage(e);
      return null;
    } finally {
      d.saving = false;
    }
  }

  /**
   * 载入最新数据: the inputs show the latest stored figures (and their version), the user's own
   * figures stay listed beside them; nothing is saved until the user saves again.
   */
  async function reloadRow(unit: string) {
    const d = drafts.get(keyOf(unit));
    if (!d) return;
    const state = await o.refetch();
    if (state.status === "error") {
      d.error = errorMessage(state.error);
      return;
    }
    const mine: Record<string, string> = {};
    for (const f of o.fields()) if (isChanged(unit, f.key)) mine[f.key] = d.edits[f.key]!;
    const latest = storedOf(unit);
    d.mineBase = Object.keys(mine).length ? { ...d.base.values } : null;
    d.base = { values: { ...latest.values }, version: latest.version };
    d.edits = {};
    d.touched = {};
    d.conflict = null;
    d.error = null;
    d.mine = Object.keys(mine).length ? mine : null;
  }

  /** Puts the user's kept figures back into the inputs (still to be saved). */
  function applyMine(unit: string) {
    const d = drafts.get(keyOf(unit));
    if (!d?.mine) return;
    for (const [k, v] of Object.entries(d.mine)) d.edits[k] = v;
    d.mine = null;
    d.mineBase = null;
  }

  function dropMine(unit: string) {
    const d = drafts.get(keyOf(unit));
    if (d) {
      d.mine = null;
      d.mineBase = null;
    }
  }

  /** Throws away the row's unsaved edits. */
  function discard(unit: string) {
    drafts.delete(keyOf(unit));
  }

  /** the rows that need the user: refused, reloaded with their figures kept, or moved on under them */
  const conflicts = computed(() =>
    o.units().flatMap((u) => {
      const d = drafts.get(keyOf(u.key));
      return d && (d.conflict || d.mine || (stale(u.key) && rowDirty(u.key))) ? [{ unit: u, draft: d }] : [];
    }),
  );

  /** the row's look: refused, or edited and not saved */
  function rowState(unit: string): "conflict" | "dirty" | null {
    if (drafts.get(keyOf(unit))?.conflict) return "conflict";
    return rowDirty(unit) ? "dirty" : null;
  }

  return {
    drafts,
    keyOf,
    stored,
    storedOf,
    textOf,
    edit,
    touch,
    isChanged,
    rowDirty,
    findings,
    cellError,
    cellWarning,
    cellNote,
    checkList,
    unsummed,
    total,
    rowErrors,
    rowWarnings,
    rowEmpty,
    stale,
    dirtyUnits,
    canSave,
    save,
    reloadRow,
    applyMine,
    dropMine,
    discard,
    conflicts,
    rowState,
  };
}
