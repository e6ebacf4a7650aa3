import { TRPCClientError } from "@trpc/client";

/** One problem of a refused input, as the API lists it (rows, columns, fields). */
export interface ApiProblem {
  line?: number;
  column?: number;
  field?: string;
  path?: string;
  file?: string;
  zh: string;
}

/** The Chinese message of an API error, for people. */
export function errorMessage(e: unknown): string {
  if (e instanceof TRPCClientError) return e.message;
  if (e instanceof Error) return e.message.includes("fetch") ? "无法连接服务器,请检查网络后重试。" : e.message;
  return String(e);
}

/** The tRPC error code (UNAUTHORIZED, FORBIDDEN, CONFLICT …) of an API error, if any. */
export function errorCode(e: unknown): string | undefined {
  return e instanceof TRPCClientError ? (e.data as { code?: string } | undefined)?.code : undefined;
}

/** Every problem an API error lists (bad input: rows, columns, fields). */
export function errorProblems(e: unknown): ApiProblem[] {
  return e instanceof TRPCClientError ? ((e.data as { problems?: ApiProblem[] } | undefined)?.problems ?? []) : [];
}
