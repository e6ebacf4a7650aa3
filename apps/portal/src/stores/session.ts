import { defineStore } from "pinia";
import { computed, ref } from "vue";
import { api, errorCode, type Outputs } from "../api/trpc";

export type Me = Outputs["auth"]["me"];
export type Role = Me["role"];

export const ROLE_NAMES: Record<Role, string> = { admin: "系统管理员", hr: "政治处", stats: "统计员", leader: "党组成员", head: "庭长" };

/** Who is signed in. The server decides every permission; this only shapes the navigation. */
export const useSession = defineStore("session", () => {
  const me = ref<Me | null>(null);
  const checked = ref(false);

  async function refresh(): Promise<Me | null> {
    try {
      me.value = await api.auth.me.query();
    } catch (e) {
      if (errorCode(e) !== "UNAUTHORIZED") throw e;
      me.value = null;
    } finally {
      checked.value = true;
    }
    return me.value;
  }

  async function login(username: string, password: string): Promise<Me | null> {
    await api.auth.login.mutate({ username, password });
    return refresh();
  }

  async function logout(): Promise<void> {
    await api.auth.logout.mutate();
    me.value = null;
  }

  const role = computed(() => me.value?.role ?? null);
  const has = (...roles: Role[]) => !!me.value && roles.includes(me.value.role);
  return { me, checked, role, has, refresh, login, logout };
});
