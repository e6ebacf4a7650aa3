/**
 * Errors of the court's domain, raised by any code of the API (the publication module, access
 * rules, routers) without knowing tRPC: one middleware (trpc.ts) turns them into tRPC errors.
 * `message` is a Chinese sentence that says what is wrong and what to do.
 */
export type DomainErrorCode = "BAD_REQUEST" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "TOO_MANY_REQUESTS" | "PRECONDITION_FAILED" | "PAYLOAD_TOO_LARGE" | "SERVICE_UNAVAILABLE" | "INTERNAL_SERVER_ERROR";

export class DomainError extends Error {
  override readonly name = "DomainError";
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Refuses with a Chinese sentence. */
export function fail(code: DomainErrorCode, message: string, cause?: unknown): never {
  throw new DomainError(code, message, cause === undefined ? undefined : { cause });
}

/** What the loser of a race the database decided is told (a duplicate key, a serialisation failure). */
export const RACE_MESSAGE = "该操作与他人的操作同时进行,已由对方先完成,本次未生效;请刷新后查看,必要时重试。";
