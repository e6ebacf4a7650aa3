/**
 * SHA-256 over RFC 8785 canonical JSON (rules' writer), for the backup's checksum and for checking
 * a published document's seal (notices.hash) without depending on packages/documents.
 */
import { createHash, type Hash } from "node:crypto";
import { writeCanonical } from "@scorecard/rules";

export { canonicalJson } from "@scorecard/rules";

/** Lowercase hex SHA-256 of the canonical JSON (UTF-8) of `value`, hashed piece by piece (a whole backup is never built as one string). */
export function canonicalSha256(value: unknown): string {
  const hash: Hash = createHash("sha256");
  const out: string[] = [];
  const flush = () => {
    hash.update(out.join(""), "utf8");
    out.length = 0;
  };
  writeCanonical(value, out, "$", flush);
  flush();
  return hash.digest("hex");
}
