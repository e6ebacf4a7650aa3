/** The formats an official document is issued in, and one dispatch for them. */

export const OFFICIAL_FORMATS = ["docx", "xlsx", "html"] as const;
export type OfficialFormat = (typeof OFFICIAL_FORMATS)[number];

/** A document's renderings from its snapshot. */
export interface Renderers<S> {
  docx(s: S): Promise<Uint8Array>;
  xlsx(s: S): Promise<Uint8Array>;
  html(s: S): string;
}

/** The document of `s` in `format` (deterministic: the same snapshot gives the same bytes). */
export async function renderAs<S>(r: Renderers<S>, s: S, format: OfficialFormat): Promise<Uint8Array> {
  if (format === "docx") return r.docx(s);
  if (format === "xlsx") return r.xlsx(s);
  return new TextEncoder().encode(r.html(s));
}
