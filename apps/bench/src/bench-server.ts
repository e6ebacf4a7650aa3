import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** Starts the server under test in its own process (api-server.ts) and resolves with its URL. */
export async function startBenchServer(): Promise<{ base: string; stop(): void }> {
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL("./api-server.ts", import.meta.url))], { stdio: ["ignore", "pipe", "inherit"] });
  const base = await new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => {
      const m = /http:\/\/\S+/.exec(d.toString());
      if (m) resolve(m[0]);
    });
    child.on("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { base, stop: () => void child.kill("SIGTERM") };
}
