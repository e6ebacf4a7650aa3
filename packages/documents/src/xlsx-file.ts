/**
 * What an uploaded file is, by its bytes alone, before any spreadsheet parser sees it: a zip
 * archive (an `.xlsx` is one) whose entries hold together, their names, and how many bytes they
 * really unpack to — measured by inflating them, since a forged central directory can declare
 * any size (a "zip bomb" declares a few bytes and unpacks to gigabytes).
 *
 * The walk reads the archive exactly as JSZip (inside exceljs) does — the last end-of-directory
 * record, the central directory's sizes and offsets, each local header's name and extra lengths —
 * and refuses anything where the two readings could differ (bytes before the archive, a count
 * that disagrees with the records, ZIP64 directories, encryption, compression other than stored
 * and deflate), so the bytes measured are the bytes exceljs will inflate.
 */
import { createInflateRaw, inflateRawSync } from "node:zlib";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";

/** `PK\x03\x04`: the first local file header of a zip archive. */
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04] as const;
/** `D0 CF 11 E0 A1 B1 1A E1`: an OLE2 compound file (Excel 97–2003 `.xls`, or an encrypted `.xlsx`). */
const OLE2_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] as const;

function startsWith(data: Uint8Array, magic: readonly number[]): boolean {
  return data.length >= magic.length && magic.every((b, i) => data[i] === b);
}

export function isZip(data: Uint8Array): boolean {
  return startsWith(data, ZIP_MAGIC);
}

export function isOle2(data: Uint8Array): boolean {
  return startsWith(data, OLE2_MAGIC);
}

/** One file of a zip archive, as its central directory and local header describe it. */
export interface ZipEntry {
  /** without a leading slash */
  name: string;
  /** 0 stored, 8 deflated (the only two a workbook reader accepts) */
  method: 0 | 8;
  /** the size the central directory declares (not to be trusted) */
  declaredSize: number;
  /** the entry's bytes as stored in the archive (compressed when deflated) */
  data: Uint8Array;
}

const LOCAL_SIG = 0x04034b50;
const CDIR_SIG = 0x02014b50;
const EOCD_SIG = 0x06054b50;
const EOCD_LEN = 22;
const MAX16 = 0xffff;
const MAX32 = 0xffffffff;
const ZIP64_EXTRA = 0x0001;

/**
 * The entries of a zip archive, in central-directory order. Undefined when the archive does not
 * hold together or could be read differently by another reader: no end-of-directory record, a
 * directory that does not end right where that record begins, a record count that disagrees,
 * a ZIP64 end record, an encrypted entry, a compression method other than stored or deflate, a
 * local header or data outside the file.
 */
export function readZipEntries(data: Uint8Array): ZipEntry[] | undefined {
  if (data.length < EOCD_LEN) return undefined;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let eocd = -1;
  for (let i = data.length - 4; i >= 0; i--) {
    if (view.getUint32(i, true) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0 || eocd + EOCD_LEN > data.length) return undefined;
  const count = view.getUint16(eocd + 10, true);
  const size = view.getUint32(eocd + 12, true);
  const offset = view.getUint32(eocd + 16, true);
  const fields16 = [4, 6, 8, 10].map((o) => view.getUint16(eocd + o, true));
  if (fields16.includes(MAX16) || size === MAX32 || offset === MAX32) return undefined; // ZIP64
  if (offset + size !== eocd) return undefined; // bytes before or inside the archive: readers disagree on offsets

  const decoder = new TextDecoder();
  const entries: ZipEntry[] = [];
  let p = offset;
  while (p + 4 <= eocd && view.getUint32(p, true) === CDIR_SIG) {
    if (p + 46 > eocd) return undefined;
    const flags = view.getUint16(p + 8, true);
    const method = view.getUint16(p + 10, true);
    let compressed = view.getUint32(p + 20, true);
    let declared = view.getUint32(p + 24, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    let local = view.getUint32(p + 42, true);
    const end = p + 46 + nameLength + extraLength + commentLength;
    if (end > eocd) return undefined;
    if (flags & 0x0001) return undefined; // encrypted
    if (method !== 0 && method !== 8) return undefined;
    const name = decoder.decode(data.subarray(p + 46, p + 46 + nameLength)).replace(/^\/+/, "");

    // a 32-bit field set to all ones is given in the ZIP64 extra field, in this order
    if (declared === MAX32 || compressed === MAX32 || local === MAX32) {
      const zip64 = extraField(view, p + 46 + nameLength, extraLength, ZIP64_EXTRA);
      if (!zip64) return undefined;
      let q = zip64.start;
      const next = (): number | undefined => {
        if (q + 8 > zip64.end) return undefined;
        const v = Number(view.getBigUint64(q, true));
        q += 8;
        return v;
      };
      if (declared === MAX32) declared = next() ?? -1;
      if (compressed === MAX32) compressed = next() ?? -1;
      if (local === MAX32) local = next() ?? -1;
      if (declared < 0 || compressed < 0 || local < 0) return undefined;
    }

    if (local + 30 > data.length || view.getUint32(local, true) !== LOCAL_SIG) return undefined;
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    if (start + compressed > data.length) return undefined;
    entries.push({ name, method, declaredSize: declared, data: data.subarray(start, start + compressed) });
    p = end;
  }
  if (p !== eocd || entries.length !== count) return undefined;
  return entries;
}

/** The value of the extra field `id` among the `length` bytes of extra fields at `at`. */
function extraField(view: DataView, at: number, length: number, id: number): { start: number; end: number } | undefined {
  let q = at;
  while (q + 4 <= at + length) {
    const fieldId = view.getUint16(q, true);
    const fieldLength = view.getUint16(q + 2, true);
    if (q + 4 + fieldLength > at + length) return undefined;
    if (fieldId === id) return { start: q + 4, end: q + 4 + fieldLength };
    q += 4 + fieldLength;
  }
  return undefined;
}

/** What a zip archive unpacks to, measured: its entry names, or why it is refused. */
export type ZipCheck =
  | { kind: "ok"; names: Set<string>; unpackedBytes: number }
  /** not a zip archive that holds together, or an entry that does not inflate */
  | { kind: "unreadable" }
  /** the entries declare, or really unpack to, more than the limit */
  | { kind: "too-large" };

/**
 * Checks a zip archive before a parser inflates it: walks its entries (readZipEntries), then
 * inflates each deflated one, counting the bytes produced and keeping none, and stops as soon
 * as the total passes `maxUnpackedBytes` — whatever the sizes the archive declares. Memory use
 * stays at one output chunk however large the entries really are.
 */
export async function checkZip(data: Uint8Array, maxUnpackedBytes: number): Promise<ZipCheck> {
  const entries = readZipEntries(data);
  if (!entries) return { kind: "unreadable" };
  // the declared sizes first: an honest archive that is too large is refused without inflating it
  if (entries.reduce((s, e) => s + e.declaredSize, 0) > maxUnpackedBytes) return { kind: "too-large" };
  let total = 0;
  for (const entry of entries) {
    const produced = entry.method === 0 || entry.data.length === 0 ? entry.data.length : await inflatedLength(entry.data, maxUnpackedBytes - total);
    if (produced === undefined) return { kind: "unreadable" };
    total += produced;
    if (total > maxUnpackedBytes) return { kind: "too-large" };
  }
  return { kind: "ok", names: new Set(entries.map((e) => e.name)), unpackedBytes: total };
}

/**
 * The number of bytes a raw deflate stream inflates to, or just over `limit` when it inflates
 * to more (inflating stops there); undefined when the stream is damaged or ends too soon.
 */
function inflatedLength(compressed: Uint8Array, limit: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const inflate = createInflateRaw({ chunkSize: 64 * 1024 });
    let produced = 0;
    let settled = false;
    const settle = (v: number | undefined) => {
      if (settled) return;
      settled = true;
      resolve(v);
    };
    inflate.on("data", (chunk: Buffer) => {
      produced += chunk.length;
      if (produced > limit) {
        settle(produced);
        inflate.destroy();
      }
    });
    inflate.on("end", () => settle(produced));
    inflate.on("error", () => settle(undefined));
    inflate.on("close", () => settle(produced > limit ? produced : undefined));
    inflate.end(compressed);
  });
}

/** A row element of a worksheet's XML (`<row …>`, with or without a namespace prefix). */
const ROW_TAG = /<(?:[A-Za-z_][\w.-]*:)?row[\s>/]/g;

/**
 * How many rows the worksheets of an xlsx hold, counted in their XML without building them
 * (a spreadsheet reader needs seconds and hundreds of megabytes for 70,000 rows). Call only after
 * `checkZip` has accepted the archive: each worksheet is inflated whole. 0 when unreadable.
 */
export function countSheetRows(data: Uint8Array): number {
  const entries = readZipEntries(data);
  if (!entries) return 0;
  let rows = 0;
  for (const e of entries) {
    if (!/^xl\/worksheets\/[^/]+\.xml$/i.test(e.name)) continue;
    let xml: string;
    try {
      xml = (e.method === 0 ? Buffer.from(e.data) : inflateRawSync(e.data)).toString("latin1");
    } catch {
      continue;
    }
    rows += xml.match(ROW_TAG)?.length ?? 0;
  }
  return rows;
}

/**
 * The package with every absolute relationship target made relative to its source part, or `data`
 * itself when none is absolute. OOXML (ECMA-376 Part 2 §9.3) lets a relationship's Target be an
 * absolute part name — openpyxl writes "/xl/comments1.xml", "/xl/worksheets/sheet1.xml" — but
 * exceljs resolves every target against the source part's folder and then finds no such part
 * ("Cannot read properties of undefined"). Only the `.rels` parts change; an external target
 * (TargetMode="External") is left as it is. Call it on an archive `checkZip` found sound.
 */
export function relativeTargets(data: Uint8Array): Uint8Array {
  const files = unzipSync(data);
  let changed = false;
  for (const [name, bytes] of Object.entries(files)) {
    // "_rels/.rels" belongs to the package (folder ""), "xl/worksheets/_rels/sheet1.xml.rels" to a part in "xl/worksheets/"
    const m = /^(.*?)_rels\/[^/]*\.rels$/.exec(name);
    if (!m) continue;
    const from = m[1]!.split("/").filter(Boolean);
    const xml = strFromU8(bytes);
    const out = xml.replace(/<Relationship\b[^>]*>/g, (rel) => {
      if (/\bTargetMode\s*=\s*["']External["']/.test(rel)) return rel;
      return rel.replace(/(\bTarget\s*=\s*)(["'])\/([^"']*)\2/, (_all, attr: string, q: string, target: string) => {
        const to = target.split("/").filter(Boolean);
        let common = 0;
        while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
        return `${attr}${q}${[...Array<string>(from.length - common).fill(".."), ...to.slice(common)].join("/")}${q}`;
      });
    });
    if (out !== xml) {
      files[name] = strToU8(out);
      changed = true;
    }
  }
  return changed ? zipSync(files) : data;
}
