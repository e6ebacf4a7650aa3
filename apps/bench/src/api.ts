/**
 * API benchmark: `scores.ranking` for the demo court under 50 concurrent connections on loopback
 * for 10 s, beside the no-op `system.ping` on the same server (same session check).
 */
import autocannon from "autocannon";
import { startBenchServer } from "./bench-server";

export interface LoadResult {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

function load(url: string, cookie: string, name: string, seconds: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: 50, duration: seconds, headers: { cookie } }, (err, r) => {
      if (err) return reject(err);
      resolve({ name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx });
    });
  });
}

export async function apiBench(seconds = 10): Promise<LoadResult[]> {
  const server = await startBenchServer();
  const base = server.base;
  try {
    const login = await fetch(`${base}/trpc/auth.login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "leader1", password: "kailu-demo" }) });
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
    const input = encodeURIComponent(JSON.stringify({ period: "2023-03" }));
    const ranking = `${base}/trpc/scores.ranking?input=${input}`;
    const ping = `${base}/trpc/system.ping`;
    // warm up both paths (JIT, the score cache) before measuring
    await load(ranking, cookie, "warm-up", 2);
    await load(ping, cookie, "warm-up", 1);
    return [await load(ping, cookie, "system.ping (no-op)", seconds), await load(ranking, cookie, "scores.ranking 2023-03", seconds)];
  } finally {
    server.stop();
  }
}
