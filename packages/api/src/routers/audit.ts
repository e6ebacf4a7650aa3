import { z } from "zod";
import { listAudit } from "@scorecard/db";
import { rolesProcedure, router } from "../trpc";

export const auditRouter = router({
  /** Newest first (interfaces.md): who (username and name), when, action, target, before and after. */
  list: rolesProcedure("admin", "hr")
    .input(z.object({ limit: z.number().int().min(1).max(500).default(100), before: z.number().int().optional() }).default({ limit: 100 }))
    .query(({ ctx, input }) => listAudit(ctx.db, input)),
});
