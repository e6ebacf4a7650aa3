import { afterAll, describe, expect, it } from "vitest";
import { DomainError } from "../errors";
import { BUSY_MESSAGE, poolSizeFrom, WorkerPool } from "./pool";

describe("the worker pool", () => {
  const pool = new WorkerPool({ size: 1, queueLimit: 1, timeoutMs: 30_000 });
  afterAll(() => pool.close());

  it("runs heavy work off the event loop: a timer fires on time while a worker spins", async () => {
    await pool.run("spin", { ms: 1 }); // the worker loads its TypeScript first
    const t0 = Date.now();
    const spinning = pool.run("spin", { ms: 1500 });
    const late = await new Promise<number>((resolve) => setTimeout(() => resolve(Date.now() - t0 - 100), 100));
    expect(late).toBeLessThan(1000);
    expect(await spinning).toBeGreaterThan(0);
  });

  it("refuses at once, in Chinese, when its queue is full; what was accepted still finishes", async () => {
    const running = pool.run("spin", { ms: 600 });
    const waiting = pool.run("spin", { ms: 10 });
    const refused = await pool.run("spin", { ms: 10 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ code: "SERVICE_UNAVAILABLE", message: BUSY_MESSAGE });
    await expect(Promise.all([running, waiting])).resolves.toHaveLength(2);
    // and once the queue has room, work is taken again
    await expect(pool.run("spin", { ms: 1 })).resolves.toBeGreaterThanOrEqual(0);
  });

  it("SCORECARD_WORKERS sizes it (default: the cores less one, at least one); nonsense is refused with the setting named", () => {
    expect(poolSizeFrom({ SCORECARD_WORKERS: "3" })).toBe(3);
    expect(poolSizeFrom({ SCORECARD_WORKERS: "0" })).toBe(0);
    expect(poolSizeFrom({}, 2)).toBe(1);
    expect(poolSizeFrom({}, 8)).toBe(7);
    expect(poolSizeFrom({}, 1)).toBe(1);
    expect(() => poolSizeFrom({ SCORECARD_WORKERS: "many" })).toThrow(/SCORECARD_WORKERS/);
  });

  it("with no workers (SCORECARD_WORKERS=0) the work runs inline", async () => {
    const inline = new WorkerPool({ size: 0, queueLimit: 0, timeoutMs: 1000 });
    await expect(inline.run("spin", { ms: 1 })).resolves.toBeGreaterThanOrEqual(0);
  });
});
