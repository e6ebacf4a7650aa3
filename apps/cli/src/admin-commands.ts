import { createInterface } from "node:readline";
import { appRouter, createCallerFactory, createContext, ScoreService } from "@scorecard/api";
import { backupDatabase, migrateToLatest, openDatabase, restoreDatabase, type Db } from "@scorecard/db";
import { InputError } from "@scorecard/rules";
import { TRPCError } from "@trpc/server";

export interface AdminFlags {
  username?: string;
  role?: string;
  unit?: string[];
  name?: string;
  out?: string;
  from?: string;
}

export async function withDb<T>(f: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDatabase(process.env.DATABASE_URL);
  try {
    await migrateToLatest(db);
    return await f(db);
  } finally {
    await db.close();
  }
}

/** Reads a password: from the terminal without echo (asked twice), or the first line of stdin. */
async function readPassword(): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const c of stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0] ?? "";
  }
  const ask = (prompt: string) =>
    new Promise<string>((resolve) => {
      const rl = createInterface({ input: stdin, output: process.stderr, terminal: true });
      const out = rl as unknown as { _writeToOutput: (s: string) => void };
      process.stderr.write(prompt);
      out._writeToOutput = () => {}; // no echo
      rl.question("", (answer) => {
        rl.close();
        process.stderr.write("\n");
        resolve(answer);
      });
    });
  const first = await ask("请输入密码 (password): ");
  const second = await ask("请再输入一次 (again): ");
  if (first !== second) throw new InputError([{ field: "password", zh: "两次输入的密码不一致", en: "passwords do not match" }]);
  return first;
}

/** The command line acts as the system administrator through the very procedures the API offers. */
export async function systemCaller(db: Db) {
  const ctx = await createContext({ db: db.kysely, scores: new ScoreService(), ip: "cli", user: { id: "system", username: "system", name: "命令行", role: "admin", unit: null } });
  return createCallerFactory(appRouter)(ctx);
}

/** Turns an API refusal into bad input (exit 2) with its Chinese message. */
export function asInputError(e: unknown): never {
  if (e instanceof TRPCError && e.code !== "INTERNAL_SERVER_ERROR") throw new InputError([{ zh: e.message, en: e.code }]);
  throw e;
}

export async function userCreate(flags: AdminFlags): Promise<string> {
  const username = flags.username;
  const role = flags.role;
  if (!username || !role) throw new InputError([{ field: "--username/--role", zh: "需要 --username 和 --role", en: "--username and --role are required" }]);
  if (!["admin", "hr", "stats", "leader", "head"].includes(role))
    throw new InputError([{ field: "--role", zh: `--role 只能是 admin、hr、stats、leader 或 head,收到 "${role}"`, en: "bad --role" }]);
  const password = await readPassword();
  return withDb(async (db) => {
    const units = flags.unit ?? [];
    await (await systemCaller(db)).users
      .create({
        username,
        name: flags.name ?? username,
        role: role as "admin",
        ...(role === "head" && units[0] ? { unit: units[0] } : {}),
        ...(role === "leader" ? { units } : {}),
        password,
      })
      .catch(asInputError);
    return `已创建账号 ${username}(${role})。`;
  });
}

export async function dbMigrate(): Promise<string> {
  const db = await openDatabase(process.env.DATABASE_URL);
  try {
    const r = await migrateToLatest(db);
    return r.applied.length ? `已执行数据库迁移:${r.applied.join("、")}` : "数据库已是最新结构,无需迁移。";
  } finally {
    await db.close();
  }
}

export async function backup(flags: AdminFlags): Promise<string> {
  if (!flags.out) throw new InputError([{ field: "--out", zh: "缺少参数 --out", en: "missing --out" }]);
  const out = flags.out;
  return withDb(async (db) => {
    const r = await backupDatabase(db, out);
    const rows = Object.values(r.tables).reduce((a, b) => a + b, 0);
    return `已备份到 ${out}:${Object.keys(r.tables).length} 张表,共 ${rows} 行。`;
  });
}

export async function restore(flags: AdminFlags): Promise<string> {
  if (!flags.from) throw new InputError([{ field: "--from", zh: "缺少参数 --from", en: "missing --from" }]);
  const from = flags.from;
  return withDb(async (db) => {
    const r = await restoreDatabase(db, from);
    const rows = Object.values(r.tables).reduce((a, b) => a + b, 0);
    return `${r.warnings.map((w) => `${w}\n`).join("")}已从 ${from} 恢复:${Object.keys(r.tables).length} 张表,共 ${rows} 行。运行中的服务器下一次请求即读到恢复后的数据。`;
  });
}
