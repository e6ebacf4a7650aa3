export { appRouter, type AppRouter } from "./root";
export { createCallerFactory, type Context, type SessionCookie } from "./trpc";
export { ScoreService } from "./scores-service";
export * from "./auth";
export { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_VARIANT_NAMES, DEMO_VARIANTS, isEmpty, seedDemo, type DemoVariant } from "./demo-seed";
export { draftNotice, frozenNoticeFile, noticeNumber, publishNotice, shanghaiYear, systemClock, type Clock } from "./cycle";
