/**
 * Deterministic archives: docx and exceljs stamp every zip entry (and the core properties) with
 * the current time. A notice's bytes must never change, so both are repacked with the entries in
 * their own order, each dated with the snapshot's time, and the core properties' dates set to it.
 */
import JSZip from "jszip";

/** `2023-04-05T02:00:00Z`: an ISO instant as the core properties (dcterms:W3CDTF) write it. */
export function w3cdtf(iso: string): string {
  return new Date(Date.parse(iso)).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Repacks an archive so that its bytes depend on its contents and `iso` only. */
export async function fixedZip(bytes: Uint8Array, iso: string): Promise<Uint8Array> {
  const src = await JSZip.loadAsync(bytes);
  const out = new JSZip();
  // JSZip writes entry times from the UTC fields of the date, so the bytes do not depend on the time zone
  const date = new Date(Date.parse(iso));
  const created = w3cdtf(iso);
  for (const entry of Object.values(src.files)) {
    if (entry.dir) continue;
    let data: Uint8Array | string = await entry.async("uint8array");
    if (entry.name === "docProps/core.xml") {
      data = new TextDecoder()
        .decode(data)
        .replace(/(<dcterms:created\b[^>]*>)[^<]*(<\/dcterms:created>)/, `$1${created}$2`)
        .replace(/(<dcterms:modified\b[^>]*>)[^<]*(<\/dcterms:modified>)/, `$1${created}$2`);
    }
    out.file(entry.name, data, { date, createFolders: false });
  }
  return out.generateAsync({ type: "uint8array", compression: "DEFLATE", compressionOptions: { level: 6 }, platform: "DOS" });
}
