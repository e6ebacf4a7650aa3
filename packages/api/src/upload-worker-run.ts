/**
 * Uploads never hold the server (issue 17): every upload under /files is read in a worker thread
 * of its own (upload-worker.mjs → upload-worker.ts) with a memory limit and a time limit, and the
 * thread ends with the upload, so its memory goes back with it. At most two are read at once, a
 * few more wait, the rest are told to try again (503). The problems of a refused file come back
 * as the first MAX_LISTED_PROBLEMS in file order and the total; the whole list is kept a while
 * for its owner to download as .xlsx (GET /files/import-problems?id=…).
 */
import { randomUUID } from "node:crypto";
import { Worker } from "node:worker_threads";
import {
  InputError,
  MAX_LISTED_PROBLEMS,
  UPLOAD_MEMORY_LIMIT_MB,
  UPLOAD_TIME_LIMIT_MS,
  type ManualRow,
  type Problem,
  type Rulebook,
} from "@scorecard/rules";
import type { WorkbookRow, WorkbookUnit } from "@scorecard/documents";
import { DomainError, fail } from "./errors";

export type UploadTask =
  | { kind: "facts"; data: Uint8Array; rulebook: Rulebook; period: string; units: WorkbookUnit[]; file: string }
  | { kind: "manual"; data: Uint8Array; rulebook: Rulebook; period: string; units: WorkbookUnit[]; file: string }
  | { kind: "problems"; problems: Problem[] };

export type UploadReply =
  | { ok: true; value: { rows?: Array<WorkbookRow | ManualRow>; warnings?: Problem[]; bytes?: Uint8Array } }
  | { ok: false; problems: Problem[] }
  | { ok: false; message: string }
  | { ok: false; crashed: string };

const ENTRY = new URL("./upload-worker.mjs", import.meta.url);
/** uploads read at once; each may use UPLOAD_MEMORY_LIMIT_MB */
const PARALLEL = 2;
/** uploads that may wait for a free reader; one more is refused */
const QUEUE_LIMIT = 8;
export const UPLOAD_BUSY_MESSAGE = "服务器正忙:正在读取其他人上传的文件,请稍候几秒再上传。";

let running = 0;
const waiting: Array<() => void> = [];

async function slot(): Promise<() => void> {
  if (running >= PARALLEL) {
    if (waiting.length >= QUEUE_LIMIT) throw new DomainError("SERVICE_UNAVAILABLE", UPLOAD_BUSY_MESSAGE);
    await new Promise<void>((resolve) => waiting.push(resolve));
  }
  running++;
  return () => {
    running--;
    waiting.shift()?.();
  };
}

/** Memory and time limits of one reading (tests shrink them). */
export const uploadLimits = { memoryMb: UPLOAD_MEMORY_LIMIT_MB, timeMs: UPLOAD_TIME_LIMIT_MS };

/** Runs one task in a fresh worker thread; refusals as DomainError, a file's problems as the raw reply. */
export async function runUploadTask(task: UploadTask): Promise<UploadReply> {
  const release = await slot();
  try {
    return await new Promise<UploadReply>((resolve, reject) => {
      // a copy of exactly the file's bytes (a Buffer may view a larger pool)
      const data = "data" in task ? { ...task, data: new Uint8Array(task.data) } : task;
      const worker = new Worker(ENTRY, {
        workerData: data,
        resourceLimits: { maxOldGenerationSizeMb: uploadLimits.memoryMb, maxYoungGenerationSizeMb: 32 },
        stdout: false,
        stderr: false,
      });
      let settled = false;
      const settle = (f: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        void worker.terminate();
        f();
      };
      const timer = setTimeout(
        () =>
          settle(() =>
            reject(
              new DomainError(
                "BAD_REQUEST",
                `读取这个文件超过了 ${Math.round(uploadLimits.timeMs / 1000)} 秒,已停止,未导入任何数据。系统下载的模板几秒内即可读完;请确认上传的是本月的模板。`,
              ),
            ),
          ),
        uploadLimits.timeMs,
      );
      worker.on("message", (reply: UploadReply) => settle(() => resolve(reply)));
      worker.on("error", (e: Error & { code?: string }) =>
        settle(() =>
          reject(
            e.code === "ERR_WORKER_OUT_OF_MEMORY"
              ? new DomainError("BAD_REQUEST", `读取这个文件所需的内存超过了 ${uploadLimits.memoryMb} MB 的上限,已停止,未导入任何数据。系统下载的模板远小于此;请确认上传的是本月的模板。`)
              : e,
          ),
        ),
      );
      worker.on("exit", (code) => settle(() => reject(new Error(`读取上传文件的线程意外退出(代码 ${code})`))));
    });
  } finally {
    release();
  }
}

// ---- the full list of a refused file's problems ----

interface KeptList {
  owner: string;
  file: string | undefined;
  problems: Problem[];
  at: number;
}
const KEPT_LISTS = 32;
const KEPT_MS = 60 * 60 * 1000;
const kept = new Map<string, KeptList>();

function keep(owner: string, problems: Problem[]): string {
  const now = Date.now();
  for (const [id, l] of kept) if (now - l.at > KEPT_MS) kept.delete(id);
  while (kept.size >= KEPT_LISTS) kept.delete(kept.keys().next().value!);
  const id = randomUUID();
  kept.set(id, { owner, file: problems[0]?.file, problems, at: now });
  return id;
}

/** A kept list of problems, for its owner only. */
export function keptProblems(id: string, owner: string): KeptList | undefined {
  const l = kept.get(id);
  return l && l.owner === owner && Date.now() - l.at <= KEPT_MS ? l : undefined;
}

/**
 * A refused file's problems as the API answers them: every one when at most MAX_LISTED_PROBLEMS,
 * else the first MAX_LISTED_PROBLEMS in file order, the total, and where the whole list downloads.
 */
export function refuseWithProblems(problems: Problem[], owner: string): never {
  if (problems.length <= MAX_LISTED_PROBLEMS) throw new InputError(problems);
  const id = keep(owner, problems);
  throw new InputError(problems.slice(0, MAX_LISTED_PROBLEMS), {
    total: problems.length,
    fullList: `/files/import-problems?id=${id}`,
  });
}

/** Reads an upload in a worker: its rows and warnings, or the refusal (problems capped, or a sentence). */
export async function readUpload(task: Extract<UploadTask, { kind: "facts" | "manual" }>, owner: string): Promise<{ rows: unknown[]; warnings: Problem[] }> {
  const reply = await runUploadTask(task);
  if (reply.ok) return { rows: reply.value.rows ?? [], warnings: reply.value.warnings ?? [] };
  if ("problems" in reply) refuseWithProblems(reply.problems, owner);
  if ("message" in reply) fail("BAD_REQUEST", reply.message);
  throw new Error(reply.crashed);
}

/** The whole list of a refused file's problems as a workbook (built in a worker). */
export async function problemsWorkbook(problems: Problem[]): Promise<Buffer> {
  const reply = await runUploadTask({ kind: "problems", problems });
  if (!reply.ok || !reply.value.bytes) throw new Error("the problems workbook was not built");
  const b = reply.value.bytes;
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}
