import { z } from "zod";
import { listAudit } from "@scorecard/db";
import { authedProcedure, rolesProcedure, router } from "../trpc";

export const auditRouter = router({
  /** Newest first (interfaces.md): who, when, action, target, before and after. */
  list: rolesProcedure("admin", "hr")
    .input(z.object({ limit: z.number().int().min(1).max(500).default(100), before: z.number().int().optional() }).default({ limit: 100 }))
    .query(({ ctx, input }) => listAudit(ctx.db, input)),
});

export const systemRouter = router({
  /** Does nothing but pass the same session check as every other procedure (the bench's baseline). */
  ping: authedProcedure.query(() => ({ ok: true as const })),
});
