import { useQueryCache } from "@pinia/colada";
import { defineStore } from "pinia";
import { computed, nextTick, ref } from "vue";
import { fetchMe, signIn, signOut, type Me } from "../api/auth";
import { refreshAfter } from "../api/invalidation";

export type { Me };
export type Role = Me["role"];


/**
 * Who is signed in. The server decides every permission; this only shapes the navigation. What
 * one user was shown is forgotten when they sign out or someone signs in (a head must never see a
 * ranking cached for HR, nor HR a head's).
 */
export const useSession = defineStore("session", () => {
  const cache = useQueryCache();
  const me = ref<Me | null>(null);
  const checked = ref(false);

  async function refresh(): Promise<Me | null> {
    try {
      me.value = await fetchMe();
    } finally {
      checked.value = true;
    }
    return me.value;
  }

  async function login(username: string, password: string): Promise<Me | null> {
    await signIn(username, password);
    await refreshAfter(cache, "auth.login", { username, password });
    return refresh();
  }

  async function logout(): Promise<void> {
    await signOut();
    me.value = null;
    // the pages unmount first (the shell shows only while someone is signed in)
    await nextTick();
    await refreshAfter(cache, "auth.logout", undefined);
  }

  const role = computed(() => me.value?.role ?? null);
  const has = (...roles: Role[]) => !!me.value && roles.includes(me.value.role);
  return { me, checked, role, has, refresh, login, logout };
});
