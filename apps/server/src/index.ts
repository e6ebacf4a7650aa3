export { buildServer, SESSION_COOKIE, type ServerOptions } from "./server";
export { startServer, type RunningServer } from "./start";
