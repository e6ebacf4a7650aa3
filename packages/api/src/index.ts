export { appRouter, type AppRouter } from "./root";
export { createCallerFactory, type Context, type SessionCookie } from "./trpc";
export { ScoreService } from "./scores-service";
export * from "./auth";
export { loadCourt, type CourtAccount, type CourtToLoad, type LoadCourtOptions } from "./load-court";
export { draftNotice, frozenNoticeFile, noticeNumber, publishNotice, shanghaiYear, systemClock, type Clock } from "./cycle";
