/**
 * Deterministic archives: docx and exceljs stamp every zip entry (and the core properties) with
 * the current time. A notice's bytes must never change, so both are repacked with the entries in
 * their own order, each dated with the snapshot's time, and the core properties' dates set to it.
 */
import { strToU8, unzipSync, zipSync, type Zippable } from "fflate";

/** `2023-04-05T02:00:00Z`: an ISO instant as the core properties (dcterms:W3CDTF) write it. */
export function w3cdtf(iso: string): string {
  return new Date(Date.parse(iso)).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Repacks an archive so that its bytes depend on its contents and `iso` only; `rewrite` changes named XML parts on the way. */
export async function fixedZip(bytes: Uint8Array, iso: string, rewrite: Record<string, (xml: string) => string> = {}): Promise<Uint8Array> {
  const src = unzipSync(bytes);
  // the entries' times are written from the local fields of a Date: one whose local fields are the UTC ones of `iso`, so that the bytes do not depend on the time zone
  const at = new Date(Date.parse(iso));
  const mtime = new Date(at.getTime() + at.getTimezoneOffset() * 60_000);
  const created = w3cdtf(iso);
  const out: Zippable = {};
  for (const [name, data] of Object.entries(src)) {
    if (name.endsWith("/")) continue;
    let content = data;
    if (name === "docProps/core.xml") {
      const xml = new TextDecoder()
        .decode(data)
        .replace(/(<dcterms:created\b[^>]*>)[^<]*(<\/dcterms:created>)/, `$1${created}$2`)
        .replace(/(<dcterms:modified\b[^>]*>)[^<]*(<\/dcterms:modified>)/, `$1${created}$2`);
      content = strToU8(xml);
    }
    const change = rewrite[name];
    if (change) content = strToU8(change(new TextDecoder().decode(content)));
    out[name] = [content, { mtime, level: 6, os: 0 }];
  }
  // synchronous and fast (fflate): the repack costs milliseconds, not the hundreds JSZip's chunked async pack took
  return zipSync(out, { mtime, level: 6, os: 0 });
}
