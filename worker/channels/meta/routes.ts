/** Meta's webhooks for WhatsApp and Messenger (being built). */
import { Hono } from "hono";
import type { AppEnv } from "../../lib/app-env";

export const metaWebhookRoutes = new Hono<AppEnv>();
