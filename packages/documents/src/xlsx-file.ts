/**
 * What an uploaded file is, by its bytes alone, before any spreadsheet parser sees it: a zip
 * archive (an `.xlsx` is one) with a readable central directory, the names of its entries and
 * the total size they unpack to (to refuse a "zip bomb" before inflating it).
 */

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

export interface ZipDirectory {
  /** entry names, without a leading slash */
  names: Set<string>;
  /** the sum of the entries' declared uncompressed sizes (Infinity when one is a ZIP64 marker) */
  unpackedBytes: number;
}

const EOCD_SIG = 0x06054b50;
const CDIR_SIG = 0x02014b50;
const EOCD_LEN = 22;

/**
 * Reads the central directory of a zip archive. Undefined when there is none or it does not
 * hold together (truncated file, ZIP64 archive, bytes that only start like a zip).
 */
export function readZipDirectory(data: Uint8Array): ZipDirectory | undefined {
  if (data.length < EOCD_LEN) return undefined;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let eocd = -1;
  const lowest = Math.max(0, data.length - EOCD_LEN - 0xffff); // the archive comment is at most 64 KiB
  for (let i = data.length - EOCD_LEN; i >= lowest; i--) {
    if (view.getUint32(i, true) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return undefined;
  const count = view.getUint16(eocd + 10, true);
  const size = view.getUint32(eocd + 12, true);
  const offset = view.getUint32(eocd + 16, true);
  if (offset + size > eocd) return undefined;
  const names = new Set<string>();
  const decoder = new TextDecoder();
  let unpackedBytes = 0;
  let p = offset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > eocd || view.getUint32(p, true) !== CDIR_SIG) return undefined;
    const unpacked = view.getUint32(p + 24, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    if (p + 46 + nameLength > eocd) return undefined;
    names.add(decoder.decode(data.subarray(p + 46, p + 46 + nameLength)).replace(/^\/+/, ""));
    unpackedBytes += unpacked === 0xffffffff ? Infinity : unpacked;
    p += 46 + nameLength + extraLength + commentLength;
  }
  return { names, unpackedBytes };
}
