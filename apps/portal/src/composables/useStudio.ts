import { addMonths, fullScore, lastPublishedMonth, periodLabel, RulebookSchema, zodProblems, type Problem, type Rulebook, type RulebookInput } from "@scorecard/rules";
import { computed, ref, watch } from "vue";
import type { PeriodState } from "../api/periods";
import type { RulebookVersion, StoredRulebook } from "../api/rulebooks";
import { placeProblems, tabOf, withListDefaults, type EditorTab, type PlacedProblem } from "../components/studio/paths";
import { STATUS_LABELS } from "../format";

/**
 * The studio's state machines (考核办法, StudioPage): the open version as edited — loaded,
 * changed, saved, reloaded after someone else's save, given up — validated as typed with the
 * schema the CLI uses; the versions' wording; and activating a draft from a month.
 */

/**
 * The open version: `draft` is the body as edited (plain JSON), `loaded` what it was loaded as and
 * the `updatedAt` it was loaded at. A stored version that changes while nothing here is unsaved is
 * loaded again; with unsaved changes it waits (saving then answers CONFLICT).
 */
export function useRulebookDraft(o: { openId: () => string | null; stored: () => StoredRulebook | undefined; onLoad?: () => void }) {
  const meta = computed(() => {
    const s = o.stored();
    return s?.meta.id === o.openId() ? s!.meta : null;
  });
  const readOnly = computed(() => meta.value?.status !== "draft");
  const draft = ref<RulebookInput | null>(null);
  const loaded = ref<{ id: string; json: string; at: string } | null>(null);
  const json = computed(() => (draft.value ? JSON.stringify(draft.value) : ""));
  const dirty = computed(() => !!draft.value && !readOnly.value && !!loaded.value && json.value !== loaded.value.json);

  function load(s: StoredRulebook) {
    const body = withListDefaults(structuredClone(s.rulebook) as RulebookInput);
    draft.value = body;
    loaded.value = { id: s.meta.id, json: JSON.stringify(body), at: s.meta.updatedAt };
    o.onLoad?.();
  }
  watch(
    o.stored,
    (s) => {
      if (!s || s.meta.id !== o.openId()) return;
      // a new version opened, or the stored one changed while nothing here is unsaved
      if (loaded.value?.id !== s.meta.id || (!dirty.value && s.meta.updatedAt !== loaded.value.at)) load(s);
    },
    { immediate: true },
  );
  watch(o.openId, (id) => {
    if (!id) close();
  });

  /** nothing open */
  function close() {
    draft.value = null;
    loaded.value = null;
  }
  /** what was typed is given up: the draft as loaded */
  function revert() {
    if (loaded.value) draft.value = JSON.parse(loaded.value.json) as RulebookInput;
  }
  /** the body as saved now, to send */
  const body = () => JSON.parse(json.value) as RulebookInput;
  /** the save of `saved` went through at `at` */
  function markSaved(id: string, saved: RulebookInput, at: string) {
    loaded.value = { id, json: JSON.stringify(saved), at };
  }

  // validation on every change: the schema and the messages of the CLI
  const result = computed(() => (draft.value ? RulebookSchema.safeParse(draft.value) : null));
  const problems = computed<Problem[]>(() => (result.value && !result.value.success ? zodProblems(result.value.error) : []));
  const parsed = computed<Rulebook | null>(() => (result.value?.success ? result.value.data : null));
  const placed = computed<PlacedProblem[]>(() => placeProblems(problems.value, draft.value));
  const perTab = computed(() => {
    const n = new Map<EditorTab, number>();
    for (const p of placed.value) n.set(tabOf(p.path), (n.get(tabOf(p.path)) ?? 0) + 1);
    return n;
  });
  /** the full score as typed so far: the sum of the points that are numbers */
  const full = computed(() =>
    draft.value ? fullScore({ sections: draft.value.sections.map((s) => ({ indicators: s.indicators.filter((i) => typeof i.points === "number") })) } as unknown as Rulebook) : 0,
  );

  return { meta, readOnly, draft, loaded, json, dirty, load, close, revert, body, markSaved, problems, parsed, placed, perTab, full };
}

/** the first month a new version can apply to: the month after the last published one (null: none published) */
export function firstOpenMonth(periods: ReadonlyArray<PeriodState>): string | null {
  const last = lastPublishedMonth(periods) ?? null;
  return last ? addMonths(last, 1) : null;
}

/** When a version applies, in words. */
export function effectiveText(v: RulebookVersion, all: readonly RulebookVersion[], firstOpen: string | null): string {
  if (v.status === "active") {
    // an active version applies until the next active version starts
    const next = all.filter((o) => o.status === "active" && o.family === v.family && o.effectiveFrom > v.effectiveFrom).map((o) => o.effectiveFrom).sort()[0];
    return next ? `${periodLabel(v.effectiveFrom)}至${periodLabel(addMonths(next, -1))}施行` : `自${periodLabel(v.effectiveFrom)}起生效`;
  }
  // a draft planned for a month already published (the shipped 2023.1) can start only later
  if (firstOpen && v.effectiveFrom < firstOpen) return `拟自${periodLabel(v.effectiveFrom)}起生效;该月已发布,最早可自${periodLabel(firstOpen)}起启用`;
  return `拟自${periodLabel(v.effectiveFrom)}起生效`;
}

/** The label offered for a new draft made from `base`: the next minor number not taken (2022.1 → 2022.2). */
export function nextVersion(base: string, used: readonly string[]): string {
  const taken = new Set(used);
  const m = /^(\d+)\.(\d+)$/.exec(base);
  if (!m) return `${base}-修订`;
  for (let n = Number(m[2]) + 1; ; n++) if (!taken.has(`${m[1]}.${n}`)) return `${m[1]}.${n}`;
}

/**
 * Activating the open draft: the months it may start from (24 from the first open month, or the
 * draft's own first month when nothing is published), the version it replaces from then, and the
 * months with figures but no notice whose draft scores it changes.
 */
export function useActivation(o: { firstOpen: () => string | null; draftFrom: () => string | undefined; versions: () => readonly RulebookVersion[]; periods: () => readonly PeriodState[] }) {
  const activating = ref(false);
  const from = ref<string | null>(null);
  const error = ref("");
  const monthChoices = computed(() => {
    const start = o.firstOpen() ?? o.draftFrom() ?? null;
    return start ? Array.from({ length: 24 }, (_, i) => addMonths(start, i)) : [];
  });
  /** opens the choice on the draft's own first month when it may still start then */
  function start() {
    const own = o.draftFrom();
    from.value = own && monthChoices.value.includes(own) ? own : (monthChoices.value[0] ?? null);
    error.value = "";
    activating.value = true;
  }
  const active = computed(() => o.versions().filter((v) => v.status === "active"));
  /** the version in force until the chosen month, which keeps scoring its months */
  const before = computed(() => (from.value ? active.value.filter((v) => v.effectiveFrom < from.value!).at(-1) : undefined));
  /** the months from the chosen one on that already have figures but no notice: their draft scores follow the new version */
  const rescored = computed(() =>
    from.value
      ? o
          .periods()
          .filter((p) => p.period >= from.value! && (p.status === "collecting" || p.status === "review"))
          .sort((a, b) => a.period.localeCompare(b.period))
          .map((p) => `${periodLabel(p.period)}(${STATUS_LABELS[p.status]})`)
      : [],
  );
  return { activating, from, error, monthChoices, start, before, rescored };
}
