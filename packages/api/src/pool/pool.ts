/**
 * The worker pool (architecture.md, "Nothing CPU-heavy on the server's request path"): documents
 * and other heavy computations run in worker threads, never on the event loop that answers
 * everyone. Its size is `SCORECARD_WORKERS` (default: the number of cores less one, at least
 * one — the event loop keeps a core to itself; 0 runs the work inline, for the command line). Work waits in a bounded queue; when the queue is full the
 * request is refused at once with SERVICE_UNAVAILABLE (503 with Retry-After, interfaces.md
 * "Answers under strain") instead of stalling everyone behind it.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { DomainError } from "../errors";
import { tasks, type TaskName, type Tasks } from "./tasks";

export const BUSY_MESSAGE = "服务器正忙:文档生成和计算的排队已满,请稍候几秒再试。";
const TIMEOUT_MESSAGE = "文档生成或计算超时未完成,已中止;请稍后重试,如持续出现请联系系统管理员。";
/** seconds a refused client is asked to wait (the Retry-After header) */
export const RETRY_AFTER_SECONDS = 5;

export interface PoolOptions {
  /** worker threads; 0: inline on the caller's thread */
  size: number;
  /** tasks that may wait for a free worker; one more is refused */
  queueLimit: number;
  /** a task running longer is stopped (its worker replaced) */
  timeoutMs: number;
}

type Payload<T extends TaskName> = Parameters<Tasks[T]>[0];
type Result<T extends TaskName> = Awaited<ReturnType<Tasks[T]>>;

interface Job {
  id: number;
  task: TaskName;
  payload: unknown;
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  timer: NodeJS.Timeout | null;
  /** settles once the worker has loaded its tasks (or failed to) */
  ready: Promise<void>;
}

const ENTRY = new URL("./worker.mjs", import.meta.url);

export function busy(): DomainError {
  return new DomainError("SERVICE_UNAVAILABLE", BUSY_MESSAGE);
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(readonly options: PoolOptions) {}

  /** tasks running and waiting (for tests and the load test's figures) */
  get load(): { running: number; waiting: number } {
    return { running: this.slots.filter((s) => s.job).length, waiting: this.queue.length };
  }

  run<T extends TaskName>(task: T, payload: Payload<T>): Promise<Result<T>> {
    if (this.options.size <= 0) return (tasks[task] as (p: Payload<T>) => Promise<Result<T>>)(payload);
    if (this.closed) return Promise.reject(busy());
    const free = this.freeSlot();
    if (!free && this.queue.length >= this.options.queueLimit) return Promise.reject(busy());
    return new Promise<Result<T>>((resolve, reject) => {
      const job: Job = { id: this.nextId++, task, payload, resolve: resolve as (v: unknown) => void, reject };
      if (free) this.start(free, job);
      else this.queue.push(job);
    });
  }

  /**
   * Starts every worker and waits until each has loaded its tasks (a server does it before it
   * listens: the first document asked for then waits for no worker to start, and the workers'
   * start-up does not compete with the first requests for the cores). A worker that fails to start
   * is left to be replaced at first use.
   */
  async warm(): Promise<void> {
    if (this.options.size <= 0 || this.closed) return;
    while (this.slots.length < this.options.size) this.spawn();
    await Promise.all(this.slots.map((s) => s.ready));
  }

  /** Ends every worker; waiting tasks are refused. */
  async close(): Promise<void> {
    this.closed = true;
    for (const j of this.queue.splice(0)) j.reject(busy());
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }

  private freeSlot(): Slot | undefined {
    const idle = this.slots.find((s) => !s.job);
    if (idle) return idle;
    if (this.slots.length < this.options.size) return this.spawn();
    return undefined;
  }

  private spawn(): Slot {
    const worker = new Worker(ENTRY);
    let loaded!: () => void;
    const slot: Slot = { worker, job: null, timer: null, ready: new Promise<void>((r) => (loaded = r)) };
    worker.once("exit", () => loaded());
    worker.unref();
    worker.on("message", (m: { id?: number; ready?: boolean; ok?: boolean; result?: unknown; error?: { name: string; message: string; stack?: string } }) => {
      if (m.ready) loaded();
      if (m.id === undefined || !slot.job || slot.job.id !== m.id) return;
      const job = slot.job;
      this.finish(slot);
      if (m.ok) job.resolve(m.result);
      else job.reject(Object.assign(new Error(m.error?.message), { name: m.error?.name ?? "Error", stack: m.error?.stack }));
      this.next(slot);
    });
    const lost = (e: unknown) => {
      const job = slot.job;
      this.finish(slot);
      this.drop(slot);
      job?.reject(e instanceof Error ? e : new Error(`工作线程意外退出(${String(e)})`));
      // what waited gets a fresh worker
      const again = this.queue.shift();
      if (again) {
        const s = this.freeSlot();
        if (s) this.start(s, again);
        else this.queue.unshift(again);
      }
    };
    worker.on("error", lost);
    worker.on("exit", (code) => {
      if (this.slots.includes(slot)) lost(new Error(`工作线程意外退出(代码 ${code})`));
    });
    this.slots.push(slot);
    return slot;
  }

  private start(slot: Slot, job: Job): void {
    slot.job = job;
    slot.worker.ref();
    slot.timer = setTimeout(() => {
      const j = slot.job;
      this.finish(slot);
      this.drop(slot);
      void slot.worker.terminate();
      j?.reject(new DomainError("SERVICE_UNAVAILABLE", TIMEOUT_MESSAGE));
      const again = this.queue.shift();
      if (again) this.start(this.freeSlot()!, again);
    }, this.options.timeoutMs);
    slot.timer.unref();
    slot.worker.postMessage({ id: job.id, task: job.task, payload: job.payload });
  }

  private finish(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
    slot.worker.unref();
  }

  private drop(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
  }

  private next(slot: Slot): void {
    const job = this.queue.shift();
    if (job) this.start(slot, job);
  }
}

/**
 * The pool's size from SCORECARD_WORKERS. By default the cores less one, at least one: with as many
 * workers as cores, documents rendered under load take the event loop's core and every answer
 * waits (on 2 cores the load test's p99 for reads went from about 100 ms to 300 ms).
 */
export function poolSizeFrom(env: NodeJS.ProcessEnv = process.env, cores = availableParallelism()): number {
  const raw = env.SCORECARD_WORKERS?.trim();
  if (raw === undefined || raw === "") return Math.max(1, cores - 1);
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 256) throw new Error(`SCORECARD_WORKERS 应为 0 到 256 的整数(0 表示不用工作线程),收到的是 ${raw}。`);
  return n;
}

export function defaultPoolOptions(env: NodeJS.ProcessEnv = process.env): PoolOptions {
  const size = poolSizeFrom(env);
  return { size, queueLimit: Math.max(16, size * 16), timeoutMs: 120_000 };
}

let shared: WorkerPool | null = null;

/** The process's pool, made at first use. */
export function pool(): WorkerPool {
  return (shared ??= new WorkerPool(defaultPoolOptions()));
}

/** Replaces the process's pool (the server at start-up; tests with a small queue); the old one is closed. */
export async function configurePool(options: Partial<PoolOptions>): Promise<WorkerPool> {
  const old = shared;
  shared = new WorkerPool({ ...defaultPoolOptions(), ...options });
  await old?.close();
  return shared;
}
