import { ElMessageBox } from "element-plus";
import "element-plus/es/components/message-box/style/css";
import { onBeforeUnmount, onMounted } from "vue";
import { onBeforeRouteLeave } from "vue-router";

/**
 * Keeps unsaved edits from being lost: leaving the page in the portal asks first, and closing or
 * reloading the tab asks through the browser. `count` says how many edits are unsaved; `what`
 * words them ("3 个法庭的修改", "2 项评议分数"). Returns the question, for leaving by other means (another month).
 */
export function useUnsavedGuard(count: () => number, what: (n: number) => string) {
  async function confirmLeave(): Promise<boolean> {
    const n = count();
    if (n === 0) return true;
    try {
      await ElMessageBox.confirm(`有 ${what(n)}尚未保存,离开本页将丢失这些修改。确定离开吗?`, "尚未保存", {
        confirmButtonText: "离开,不保存",
        cancelButtonText: "留在本页",
        type: "warning",
      });
      return true;
    } catch {
      return false;
    }
  }
  onBeforeRouteLeave(() => confirmLeave());
  const beforeUnload = (e: BeforeUnloadEvent) => {
    if (count() > 0) e.preventDefault();
  };
  onMounted(() => window.addEventListener("beforeunload", beforeUnload));
  onBeforeUnmount(() => window.removeEventListener("beforeunload", beforeUnload));
  return { confirmLeave };
}
