import { adjustmentsRouter } from "./routers/adjustments";
import { annualRouter } from "./routers/annual";
import { assignmentsRouter } from "./routers/assignments";
import { auditRouter } from "./routers/audit";
import { authRouter } from "./routers/auth";
import { courtRouter } from "./routers/court";
import { factsRouter } from "./routers/facts";
import { manualRouter } from "./routers/manual";
import { noticesRouter } from "./routers/notices";
import { notificationsRouter } from "./routers/notifications";
import { objectionsRouter } from "./routers/objections";
import { periodsRouter } from "./routers/periods";
import { rulebooksRouter } from "./routers/rulebooks";
import { scoresRouter } from "./routers/scores";
import { summariesRouter } from "./routers/summaries";
import { supervisionRouter } from "./routers/supervision";
import { systemRouter } from "./routers/system";
import { unitsRouter } from "./routers/units";
import { uploadsRouter } from "./routers/uploads";
import { usersRouter } from "./routers/users";
import { router } from "./trpc";

export const appRouter = router({
  auth: authRouter,
  court: courtRouter,
  units: unitsRouter,
  users: usersRouter,
  assignments: assignmentsRouter,
  rulebooks: rulebooksRouter,
  periods: periodsRouter,
  facts: factsRouter,
  adjustments: adjustmentsRouter,
  manual: manualRouter,
  scores: scoresRouter,
  objections: objectionsRouter,
  notices: noticesRouter,
  summaries: summariesRouter,
  annual: annualRouter,
  notifications: notificationsRouter,
  supervision: supervisionRouter,
  audit: auditRouter,
  system: systemRouter,
  uploads: uploadsRouter,
});

/** The API's type: the portal imports this (types only), never re-declares it. */
export type AppRouter = typeof appRouter;
