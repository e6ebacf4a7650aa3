/**
 * Support for the fault tests (faults*.test.ts): a private PostgreSQL server the test starts,
 * restarts and stops itself (never the shared test server), found as
 * packages/db/scripts/pg-test-server.sh finds it; as root it runs as the `postgres` user.
 */
import { execFile, execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, chownSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

function findPgBin(): string | undefined {
  if (process.env.PG_TEST_BIN) return process.env.PG_TEST_BIN;
  const base = "/usr/lib/postgresql";
  if (existsSync(base)) {
    const versions = readdirSync(base)
      .filter((v) => existsSync(join(base, v, "bin", "pg_ctl")))
      .sort((a, b) => Number(a) - Number(b));
    if (versions.length) return join(base, versions.at(-1)!, "bin");
  }
  const which = spawnSync("sh", ["-c", "command -v pg_ctl"], { encoding: "utf8" });
  return which.status === 0 && which.stdout.trim() ? join(which.stdout.trim(), "..") : undefined;
}

const isRoot = process.getuid?.() === 0;

/** Why a private PostgreSQL cannot be started here, or null when it can. */
export function privatePostgresUnavailable(): string | null {
  if (!findPgBin()) return "找不到 PostgreSQL 服务器程序(initdb、pg_ctl)";
  if (isRoot && spawnSync("id", ["postgres"]).status !== 0) return "以 root 运行却没有系统用户 postgres";
  return null;
}

function asOwner(cmd: string, args: string[]): string {
  const [file, argv] = isRoot ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args];
  return execFileSync(file, argv as string[], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

export interface PrivatePostgres {
  url: string;
  /** `pg_ctl restart -m fast`: every connection is terminated (57P01), the server comes back (asynchronous: the load goes on meanwhile) */
  restart(): Promise<void>;
  stop(): void;
}

export function startPrivatePostgres(): PrivatePostgres {
  const bin = findPgBin()!;
  const dir = mkdtempSync(join(tmpdir(), "scorecard-faults-pg-"));
  if (isRoot) chownSync(dir, Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim()), Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim()));
  const data = join(dir, "data");
  const port = 25000 + Math.floor(Math.random() * 10000);
  asOwner(join(bin, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C"]);
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  const ctl = (...args: string[]) => asOwner(join(bin, "pg_ctl"), ["-D", data, "-l", join(dir, "server.log"), "-w", "-t", "60", ...args]);
  ctl("-o", opts, "start");
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    restart: () =>
      new Promise<void>((resolve, reject) => {
        const args = [join(bin, "pg_ctl"), "-D", data, "-l", join(dir, "server.log"), "-w", "-t", "60", "-m", "fast", "-o", opts, "restart"];
        const [file, argv] = isRoot ? ["runuser", ["-u", "postgres", "--", ...args]] : [args[0]!, args.slice(1)];
        execFile(file, argv, (error) => (error ? reject(error) : resolve()));
      }),
    stop() {
      try {
        ctl("-m", "immediate", "stop");
      } catch {
        /* already stopped */
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
