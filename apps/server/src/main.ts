/**
 * The server: `npm start` at the repository root. Environment: PORT (3000), HOST, DATABASE_URL
 * (./data/scorecard.db), SCORECARD_DEMO (demo mode unless 0; `grouped` or `internal` load the §9
 * example court instead of the default one), TRUST_PROXY (none; `1` for one reverse proxy in
 * front, or the proxies' addresses — see parseTrustProxy in security.ts), SCORECARD_WORKERS (the
 * worker pool's size for documents and heavy computations; default the number of cores).
 */
import { fileURLToPath } from "node:url";
import { poolSizeFrom } from "@scorecard/api";
import { DEMO_VARIANT_NAMES } from "./demo-seed";
import { parseDemoSetting } from "./demo-setting";
import { parseTrustProxy } from "./security";
import { startServer } from "./start";

const setting = parseDemoSetting(process.env.SCORECARD_DEMO);
if (!setting.ok) {
  console.error(`启动失败:${setting.message}`);
  process.exit(1);
}
const demo = setting.variant !== null;
const demoVariant = setting.variant ?? "kailu";
let host = process.env.HOST ?? (demo ? "127.0.0.1" : "0.0.0.0");
if (demo && process.env.HOST && !["127.0.0.1", "localhost", "::1"].includes(process.env.HOST))
  console.warn(`警告:演示模式的账号和密码是公开的,却在 ${host} 上对外提供服务 (demo accounts are public; HOST=${host})`);
if (host === "localhost") host = "127.0.0.1";
const port = Number(process.env.PORT ?? 3000);
const portalDir = fileURLToPath(new URL("../../portal/dist", import.meta.url));

try {
  const trustProxy = parseTrustProxy(process.env.TRUST_PROXY);
  poolSizeFrom(); // SCORECARD_WORKERS: refused at start-up when it is not a number of threads
  const server = await startServer({ databaseUrl: process.env.DATABASE_URL, demo, demoVariant, host, port, portalDir, logger: true, trustProxy });
  const court = server.seeded ? `已载入演示法庭:${DEMO_VARIANT_NAMES[demoVariant]}(SCORECARD_DEMO=${demoVariant})` : `数据库已有数据,未重新载入演示法庭(SCORECARD_DEMO=${demoVariant} 只对空数据库生效)`;
  console.log(`开鲁县人民法院 法庭考核系统已启动:${server.url}${demo ? `(演示模式,账号见登录页,密码 kailu-demo;${court})` : ""}`);
  let stopping = false;
  for (const signal of ["SIGTERM", "SIGINT"] as const)
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      console.log(`收到 ${signal},正在完成进行中的请求并关闭数据库……`);
      server.close().then(
        () => process.exit(0),
        (e) => {
          console.error(e);
          process.exit(1);
        },
      );
    });
} catch (e) {
  console.error(`启动失败:${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
