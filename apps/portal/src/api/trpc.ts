import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@scorecard/api";

/** The API client: plain JSON over /trpc, the session in its HttpOnly cookie. Types come from AppRouter. */
export const api = createTRPCClient<AppRouter>({ links: [httpLink({ url: "/trpc" })] });

export type Outputs = inferRouterOutputs<AppRouter>;
export type Inputs = inferRouterInputs<AppRouter>;

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
