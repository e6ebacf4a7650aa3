import { ElMessage } from "element-plus";
import "element-plus/es/components/message/style/css";
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

  /** Publishes; the result is shown until the page changes. */
  async function publishWith(fn: () => Promise<Published>): Promise<boolean> {
    actionError.value = "";
    try {
      published.value = await fn();
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
