/** Admin routes for API keys (owners only, by the role table): list, create (the key is shown once), revoke. */
import { Hono } from "hono";
import { z } from "zod";
import { createApiKey, listApiKeys, revokeApiKey } from "../access/api-keys";
import { ADMIN_ROLES } from "../db/access-schema";
import type { AppEnv } from "../lib/app-env";
import { readJson } from "../lib/validate";

const MAX_LIFETIME_MS = 5 * 365 * 24 * 3_600_000; // an expiry further out than five years is a typo

const keyBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  role: z.enum(ADMIN_ROLES),
  /** Unix milliseconds; omitted or null: the key does not expire. */
  expiresAt: z
    .number()
    .int()
    .nullable()
    .default(null)
    .refine((at) => at === null || (at > Date.now() && at < Date.now() + MAX_LIFETIME_MS), {
      message: "Must be in the future, and within five years",
    }),
});

export const keyRoutes = new Hono<AppEnv>()
  .get("/keys", async (c) => c.json({ keys: await listApiKeys(c.env) }))
  .post("/keys", async (c) => c.json(await createApiKey(c.env, await readJson(c, keyBody)), 201))
  .delete("/keys/:kid", async (c) => c.json(await revokeApiKey(c.env, c.req.param("kid"))));
