/** Admin routes for API keys (owners only, by the role table): list, create (the key is shown once), revoke. */
import { Hono } from "hono";
import { z } from "zod";
import { createApiKey, listApiKeys, revokeApiKey } from "../access/api-keys";
import { ADMIN_ROLES } from "../db/access-schema";
import type { AppEnv } from "../lib/app-env";
import { anyIdPath } from "../lib/params";
import { routeSpecs } from "../lib/route-spec";

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

const declare = routeSpecs("API keys");
const KEY = "{ id, name, role, prefix, createdAt, lastUsedAt, expiresAt, revokedAt }";

export const keyRoutes = new Hono<AppEnv>()
  .get(
    "/keys",
    declare({ summary: "List API keys (never the keys themselves)", response: { description: `{ keys: [${KEY}] }` } }),
    async (c) => c.json({ keys: await listApiKeys(c.env) }),
  )
  .post(
    "/keys",
    declare({
      summary: "Create an API key with one admin role",
      body: keyBody,
      response: { status: 201, description: `${KEY} and key: the key, shown this once (stored only as a hash)` },
    }),
    async (c) => c.json(await createApiKey(c.env, c.req.valid("json")), 201),
  )
  .delete(
    "/keys/:kid",
    declare({
      summary: "Revoke an API key (it stops working at once)",
      params: { kid: anyIdPath("The key's id") },
      response: { description: KEY },
    }),
    async (c) => c.json(await revokeApiKey(c.env, c.req.param("kid"))),
  );
