import { randomUUID } from "node:crypto";

/** A new id for any row (ids are made by the application, never by the database). */
export function newId(): string {
  return randomUUID();
}

/** Now, as the ISO-8601 UTC text every timestamp column holds (`2023-03-31T08:00:00.000Z`). */
export function nowIso(): string {
  return new Date().toISOString();
}
