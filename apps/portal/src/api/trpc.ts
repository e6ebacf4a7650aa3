import { createTRPCClient, httpLink } from "@trpc/client";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@scorecard/api";

/**
 * The API client: plain JSON over /trpc, the session in its HttpOnly cookie. Types come from
 * AppRouter. Only the domain modules of src/api use it; pages read through their queries and
 * mutations.
 */
export const api = createTRPCClient<AppRouter>({ links: [httpLink({ url: "/trpc" })] });

export type Outputs = inferRouterOutputs<AppRouter>;
export type Inputs = inferRouterInputs<AppRouter>;
