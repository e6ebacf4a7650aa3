export { appRouter, type AppRouter } from "./root";
export { createCallerFactory, type Context, type SessionCookie } from "./trpc";
export { createContext, type ContextInput } from "./context";
export { ScoreService } from "./scores-service";
export * from "./auth";
export { loadCourt, type CourtAccount, type CourtToLoad, type LoadCourtOptions } from "./load-court";
export { systemClock, type Clock } from "./cycle";
export { noticeKind, noticeNumber, publish, storeMissingFiles } from "./publication";
export { DomainError } from "./errors";
