/** A snapshot's hash: SHA-256 of its RFC 8785 canonical JSON (rules' one writer). */
import { createHash } from "node:crypto";
import { canonicalJson } from "@scorecard/rules";

export { canonicalJson };

/** Lowercase hex SHA-256 of a snapshot's (notice, summary, annual evaluation) RFC 8785 canonical JSON (UTF-8). */
export function snapshotHash(s: object): string {
  return createHash("sha256").update(canonicalJson(s), "utf8").digest("hex");
}
