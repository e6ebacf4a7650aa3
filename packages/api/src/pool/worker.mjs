// The worker thread's entry (pool.ts). Plain JavaScript, so that Node can start it as it is
// under tsx (`npm start`), vitest or the CLI alike: it registers tsx's loader for this thread
// first, then imports the TypeScript tasks.
import { parentPort } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const { tasks } = await import("./tasks.ts");

parentPort.on("message", async ({ id, task, payload }) => {
  try {
    const result = await tasks[task](payload);
    const transfer = result instanceof Uint8Array && result.byteOffset === 0 && result.byteLength === result.buffer.byteLength ? [result.buffer] : [];
    parentPort.postMessage({ id, ok: true, result }, transfer);
  } catch (e) {
    parentPort.postMessage({ id, ok: false, error: { name: e?.name ?? "Error", message: String(e?.message ?? e), stack: e?.stack } });
  }
});
parentPort.postMessage({ ready: true });
