// The entry of a thread that reads one upload (upload-worker-run.ts). Plain JavaScript, so that
// Node starts it as it is under tsx, vitest or the CLI alike: it registers tsx's loader for this
// thread, then imports the TypeScript reader, reads the one task it was given, posts the reply.
import { parentPort, workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const { handleUpload, replyOfError } = await import("./upload-worker.ts");
let reply;
try {
  reply = await handleUpload(workerData);
} catch (e) {
  reply = replyOfError(e);
}
const bytes = reply.ok && reply.value.bytes;
parentPort.postMessage(reply, bytes && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? [bytes.buffer] : []);
