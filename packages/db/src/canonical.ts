/**
 * RFC 8785 canonical JSON (JCS) and SHA-256 over it, for the backup's checksum and for checking a
 * published document's seal (notices.hash) without depending on packages/documents. It must give
 * the same text as documents' `canonicalJson` (apps/server/src/backup-checksum.test.ts checks that
 * its hash of a published notice equals documents' `snapshotHash`): keys sorted by UTF-16 code
 * units, numbers as ECMAScript writes them (−0 as 0), strings with JSON.stringify's escaping.
 */
import { createHash, type Hash } from "node:crypto";

/** Appends the canonical text of `value` to `out`; `flush` is called now and then with what was gathered (long arrays). */
function write(value: unknown, out: string[], path: string, flush: () => void): void {
  if (value === null) {
    out.push("null");
    return;
  }
  switch (typeof value) {
    case "boolean":
      out.push(value ? "true" : "false");
      return;
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${path} is ${value}, which JSON cannot hold`);
      out.push(Object.is(value, -0) ? "0" : String(value));
      return;
    case "string":
      out.push(JSON.stringify(value));
      return;
    case "object": {
      if (Array.isArray(value)) {
        out.push("[");
        value.forEach((v, i) => {
          if (i) out.push(",");
          if (v === undefined) out.push("null");
          else write(v, out, `${path}[${i}]`, flush);
          if (out.length > 4096) flush();
        });
        out.push("]");
        return;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) throw new TypeError(`canonicalJson: ${path} is not a plain object`);
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj)
        .filter((k) => obj[k] !== undefined)
        .sort();
      out.push("{");
      keys.forEach((k, i) => {
        if (i) out.push(",");
        out.push(JSON.stringify(k), ":");
        write(obj[k], out, `${path}.${k}`, flush);
      });
      out.push("}");
      return;
    }
    default:
      throw new TypeError(`canonicalJson: ${path} is a ${typeof value}, which JSON cannot hold`);
  }
}

/** The RFC 8785 canonical JSON text of a JSON value. */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  write(value, out, "$", () => {});
  return out.join("");
}

/** Lowercase hex SHA-256 of the canonical JSON (UTF-8) of `value`, hashed piece by piece (a whole backup is never built as one string). */
export function canonicalSha256(value: unknown): string {
  const hash: Hash = createHash("sha256");
  const out: string[] = [];
  const flush = () => {
    hash.update(out.join(""), "utf8");
    out.length = 0;
  };
  write(value, out, "$", flush);
  flush();
  return hash.digest("hex");
}
