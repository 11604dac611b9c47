/** The public inbound endpoints of the channels that call us: Meta's webhooks (WhatsApp, Messenger) and custom channels. */
import { Hono } from "hono";
import type { AppEnv } from "../lib/app-env";
import { customRoutes } from "./custom/routes";
import { metaWebhookRoutes } from "./meta/routes";

export const channelInboundRoutes = new Hono<AppEnv>().route("/", metaWebhookRoutes).route("/", customRoutes);
