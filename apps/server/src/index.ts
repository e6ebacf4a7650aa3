export { buildServer, SESSION_COOKIE, type ServerOptions } from "./server";
export { startServer, type RunningServer, type StartOptions } from "./start";
export { parseTrustProxy, type TrustProxy } from "./security";
