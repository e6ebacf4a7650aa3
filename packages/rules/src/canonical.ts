/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): the one writer of canonical JSON, for a published
 * document's seal (documents' snapshotHash) and a backup's checksum (db). Keys are sorted by their
 * UTF-16 code units, numbers are written as ECMAScript writes them (`Number#toString`, −0 as 0),
 * strings with JSON.stringify's escaping (which is JCS's). `undefined` members are left out as
 * JSON.stringify leaves them out; a non-finite number or a value JSON cannot hold is refused, so
 * nothing is silently changed on the way into a sealed snapshot. Pure: the hashing is the caller's.
 */

/** Appends the canonical text of `value` to `out`; `flush` is called now and then with what was gathered (long arrays). */
export function writeCanonical(value: unknown, out: string[], path: string, flush: () => void): void {
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
          else writeCanonical(v, out, `${path}[${i}]`, flush);
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
        writeCanonical(obj[k], out, `${path}.${k}`, flush);
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
  writeCanonical(value, out, "$", () => {});
  return out.join("");
}

