import type { Problem, RulebookInput } from "@scorecard/rules";
import { computed, inject, onBeforeUnmount, onMounted, provide, reactive, watch, type ComputedRef, type InjectionKey, type Ref, type WatchStopHandle } from "vue";
import { messageText, ownerOf } from "./paths";

/**
 * What the editor's forms share (provided by StudioPage): the draft being edited as plain JSON,
 * whether it may be edited, and the validation problems, each shown at the innermost place on
 * screen that holds its path (EditorItem registers its place).
 */
export interface Studio {
  draft: Ref<RulebookInput>;
  readOnly: Ref<boolean>;
  /** the problems of each place, by its JSON path */
  owned: ComputedRef<Map<string, string[]>>;
  /** the units of the court, for groups */
  units: ComputedRef<Array<{ key: string; name: string }>>;
  /** the places on screen, each with how many inputs show it */
  places: Map<string, number>;
}

const KEY: InjectionKey<Studio> = Symbol("studio");

export function provideStudio(opts: { draft: Ref<RulebookInput>; readOnly: Ref<boolean>; problems: () => readonly Problem[]; units: () => Array<{ key: string; name: string }> }): Studio {
  const places = reactive(new Map<string, number>());
  const owned = computed(() => {
    const out = new Map<string, string[]>();
    for (const p of opts.problems()) {
      const at = ownerOf(p.path ?? "$", places.keys());
      out.set(at, [...(out.get(at) ?? []), messageText(p.zh, opts.draft.value)]);
    }
    return out;
  });
  const studio: Studio = { draft: opts.draft, readOnly: opts.readOnly, owned, units: computed(opts.units), places };
  provide(KEY, studio);
  return studio;
}

export function useStudio(): Studio {
  const s = inject(KEY);
  if (!s) throw new Error("useStudio outside the studio");
  return s;
}

/** Registers a place of the form for as long as it is on screen; returns its messages. */
export function usePlace(path: () => string): ComputedRef<string[]> {
  const s = useStudio();
  let stop: WatchStopHandle | null = null;
  onMounted(() => {
    // a row moved or deleted above this one changes its path: the place follows it
    stop = watch(
      path,
      (p, _old, onCleanup) => {
        s.places.set(p, (s.places.get(p) ?? 0) + 1);
        onCleanup(() => {
          const n = (s.places.get(p) ?? 1) - 1;
          if (n > 0) s.places.set(p, n);
          else s.places.delete(p);
        });
      },
      { immediate: true },
    );
  });
  onBeforeUnmount(() => stop?.());
  return computed(() => s.owned.value.get(path()) ?? []);
}

/** Options for a select of the draft's fields: `key 名称`. */
export function fieldOptions(draft: RulebookInput): Array<{ value: string; label: string }> {
  return (Array.isArray(draft.fields) ? draft.fields : []).filter((f) => f && typeof f.key === "string" && f.key).map((f) => ({ value: f.key, label: `${f.key} ${f.label ?? ""}`.trim() }));
}

/** Removes a key whose value is undefined or an empty list, so that the JSON stays as written. */
export function prune<T extends object>(obj: T, key: keyof T): void {
  const v = obj[key];
  if (v === undefined || (Array.isArray(v) && v.length === 0)) delete obj[key];
}

/** Swaps an item with its neighbour (up: -1, down: +1). */
export function move<T>(list: T[], i: number, by: -1 | 1): void {
  const j = i + by;
  if (j < 0 || j >= list.length) return;
  [list[i], list[j]] = [list[j] as T, list[i] as T];
}

/**
 * Renames a field's key everywhere the draft reads it (formula operands and their weighted terms,
 * minimum bases, data checks), so that renaming a field in the form does not break what uses it.
 * Returns how many references it changed; none when `to` is empty or already another field's key.
 */
export function renameFieldRefs(draft: RulebookInput, from: string, to: string): number {
  if (!from || !to || from === to) return 0;
  const fields = Array.isArray(draft.fields) ? draft.fields : [];
  if (fields.filter((f) => f?.key === to).length > 1) return 0; // a clash: leave it to the validation
  let n = 0;
  const hit = (): string => {
    n++;
    return to;
  };
  const ref = (r: unknown): unknown => {
    if (r === from) return hit();
    if (Array.isArray(r)) for (const t of r as Array<{ field?: unknown }>) if (t && typeof t === "object" && t.field === from) t.field = hit();
    return r;
  };
  for (const section of Array.isArray(draft.sections) ? draft.sections : []) {
    for (const ind of Array.isArray(section?.indicators) ? section.indicators : []) {
      const f = ind?.formula as Record<string, unknown> | undefined;
      if (f) for (const slot of ["num", "den", "field"]) if (slot in f) f[slot] = ref(f[slot]);
      if (ind?.minBase && ind.minBase.field === from) ind.minBase.field = hit();
    }
  }
  for (const c of Array.isArray(draft.checks) ? draft.checks : []) {
    if (c?.left === from) c.left = hit();
    if (c?.right === from) c.right = hit();
  }
  return n;
}
