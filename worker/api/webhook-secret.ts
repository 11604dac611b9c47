/** Admin routes for an agent's webhook signing secret: rotate (the new secret is shown once) and whether one exists. */
import { Hono } from "hono";
import type { AppEnv } from "../app";
import { rotateWebhookSecret, webhookSecretInfo } from "../lifecycle/webhook-secret";
import { existingAgentId } from "./params";

export const webhookSecretRoutes = new Hono<AppEnv>()
  .get("/agents/:id/webhook-secret", async (c) => c.json(await webhookSecretInfo(c.env, await existingAgentId(c))))
  .post("/agents/:id/webhook-secret", async (c) => c.json(await rotateWebhookSecret(c.env, await existingAgentId(c)), 201));
