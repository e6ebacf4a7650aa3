/**
 * RFC 8785 JSON Canonicalization Scheme (JCS) and the snapshot's hash. Keys are sorted by their
 * UTF-16 code units, numbers are written as ECMAScript writes them (`Number#toString`, −0 as 0),
 * strings with JSON.stringify's escaping (which is JCS's). `undefined` members are left out as
 * JSON.stringify leaves them out; a non-finite number or a value JSON cannot hold is refused,
 * so nothing is silently changed on the way into a stored snapshot.
 */
import { createHash } from "node:crypto";

function write(value: unknown, out: string[], path: string): void {
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
          // as JSON.stringify: an array's undefined is null
          if (v === undefined) out.push("null");
          else write(v, out, `${path}[${i}]`);
        });
        out.push("]");
        return;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) throw new TypeError(`canonicalJson: ${path} is not a plain object`);
      const obj = value as Record<string, unknown>;
      // the default sort compares UTF-16 code units, as RFC 8785 §3.2.3 requires
      const keys = Object.keys(obj)
        .filter((k) => obj[k] !== undefined)
        .sort();
      out.push("{");
      keys.forEach((k, i) => {
        if (i) out.push(",");
        out.push(JSON.stringify(k), ":");
        write(obj[k], out, `${path}.${k}`);
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
  write(value, out, "$");
  return out.join("");
}

/** Lowercase hex SHA-256 of a snapshot's (notice, summary, annual evaluation) RFC 8785 canonical JSON (UTF-8). */
export function snapshotHash(s: object): string {
  return createHash("sha256").update(canonicalJson(s), "utf8").digest("hex");
}
