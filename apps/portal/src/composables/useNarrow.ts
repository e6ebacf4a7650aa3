import { readonly, ref, type Ref } from "vue";

/**
 * Phones: below this width the portal lays out in one column, the sidebar becomes a drawer, and
 * wide tables fix their first column while the rest scrolls in the table's own box. styles.css and
 * the pages' <style> blocks use the same breakpoint: `@media (max-width: 767px)`.
 */
export const NARROW_QUERY = "(max-width: 767px)";

const media = typeof window !== "undefined" && typeof window.matchMedia === "function" ? window.matchMedia(NARROW_QUERY) : null;
const narrow = ref(media?.matches ?? false);
media?.addEventListener("change", (e) => (narrow.value = e.matches));

/** True on a phone-sized screen; follows the window as it turns or is resized. */
export function useNarrow(): Readonly<Ref<boolean>> {
  return readonly(narrow);
}
