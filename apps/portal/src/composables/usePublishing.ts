import { ElMessage, ElMessageBox } from "element-plus";
import "element-plus/es/components/message/style/css";
import "element-plus/es/components/message-box/style/css";
import { ref } from "vue";
import { errorMessage } from "../api/errors";

/** What publishing a document answers: its number, revision and hash. */
export interface Published {
  number: string;
  revision: number;
  hash: string;
}

/**
 * The publish and correct actions a statistician or 政治处 takes on a document (the monthly
 * notice, the quarterly summary, the annual evaluation): one error line for the page, the
 * publication just made, and the correction's reason — required, and kept when the correction fails.
 * `doc` names the document in the messages (通报, 总结).
 */
export function usePublishing(doc: string) {
  const actionError = ref("");
  const published = ref<Published | null>(null);
  const reason = ref("");

  /** Runs an action: its success said in a message, its failure on the page's error line; whether it succeeded. */
  async function run(fn: () => Promise<unknown>, ok: string): Promise<boolean> {
    actionError.value = "";
    try {
      await fn();
      ElMessage.success(ok);
      return true;
    } catch (e) {
      actionError.value = errorMessage(e);
      return false;
    }
  }

  /**
   * Publishes once the user has confirmed, in a dialog, the number it takes and what it issues
   * (`what`: 2023年3月考核通报); the number confirmed is sent, and if another publication took it
   * meanwhile the server refuses and names the next. The result is shown until the page changes.
   */
  async function publishWith(fn: (expectedNumber: string) => Promise<Published>, confirm: { number: string | undefined; what: string }): Promise<boolean> {
    actionError.value = "";
    const number = confirm.number;
    if (!number) {
      actionError.value = `正在生成${doc}草稿,请稍候再发布。`;
      return false;
    }
    try {
      await ElMessageBox.confirm(`将以文号 ${number} 发布${confirm.what}。发布后文号即被占用、不能撤回;如需改正,只能发起更正并另取文号。`, "确认发布", {
        confirmButtonText: `发布(${number})`,
        cancelButtonText: "取消",
        type: "warning",
      });
    } catch {
      return false; // cancelled: nothing issued
    }
    try {
      published.value = await fn(number);
      ElMessage.success(`已发布 ${published.value.number}`);
      return true;
    } catch (e) {
      actionError.value = errorMessage(e);
      return false;
    }
  }

  /** Starts a correction with the reason typed (refused in words without one). */
  async function correctWith(fn: (reason: string) => Promise<unknown>, ok: string): Promise<void> {
    if (!reason.value.trim()) {
      actionError.value = `请写明更正的原因,它会写进更正后的${doc}。`;
      return;
    }
    try {
      await ElMessageBox.confirm(`发起更正后,已发布的${doc}仍照常可读,${doc}重新打开编辑;重新发布时另取文号。更正原因:“${reason.value.trim()}”`, "确认发起更正", {
        confirmButtonText: "发起更正",
        cancelButtonText: "取消",
        type: "warning",
      });
    } catch {
      return; // cancelled
    }
    if (await run(() => fn(reason.value.trim()), ok)) {
      reason.value = "";
      published.value = null;
    }
  }

  /** Another month, quarter or year: nothing of the last one's actions shows. */
  function reset(): void {
    published.value = null;
    actionError.value = "";
  }

  return { actionError, published, reason, run, publishWith, correctWith, reset };
}
