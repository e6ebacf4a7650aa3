import { defineQueryOptions } from "@pinia/colada";
import { authKeys } from "./keys";
import { api, type Outputs } from "./trpc";

export { authKeys };

/** Who is signed in: the session (auth.me, login, logout) and the demo accounts of the login page. */

export type Me = Outputs["auth"]["me"];
export type DemoAccount = Outputs["auth"]["demoAccounts"][number];

export const authQueries = {
  /** empty unless the server runs the demo */
  demoAccounts: () => defineQueryOptions({ key: authKeys.demoAccounts(), query: () => api.auth.demoAccounts.query(), staleTime: Infinity }),
};

/** The signed-in user, or null without a session (auth.session answers null rather than an error). */
export function fetchMe(): Promise<Me | null> {
  return api.auth.session.query();
}

export async function signIn(username: string, password: string): Promise<void> {
  await api.auth.login.mutate({ username, password });
}

export async function signOut(): Promise<void> {
  await api.auth.logout.mutate();
}
