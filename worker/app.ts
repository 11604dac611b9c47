/** The Hono app: mounts the route groups and the one error handler. */
import { Hono } from "hono";
import type { AppEnv } from "./lib/app-env";
import { errorBody, handleError } from "./lib/errors";
import { adminApi } from "./api";
import { avatarRoutes } from "./channels/live-chat/avatars";
import { panelRoutes } from "./channels/live-chat/panel-route";
import { chatRoutes } from "./channels/live-chat/routes";
import { channelInboundRoutes } from "./channels/inbound-routes";
import { previewChatRoutes } from "./http/preview-routes";
import { verifyRoutes } from "./http/verify-routes";
import { inboxRoutes } from "./http/inbox-routes";
import { pageAppRoutes } from "./http/page-apps";
import { apiDocsPageRoutes } from "./http/api-docs-page";

export const app = new Hono<AppEnv>()
  .get("/v1/health", (c) => c.json({ ok: true }))
  // Before the admin API, whose authentication would otherwise answer first: the page holds no data.
  .route("/", apiDocsPageRoutes)
  .route("/api", adminApi)
  .route("/v1", chatRoutes)
  .route("/v1", channelInboundRoutes)
  .route("/v1", avatarRoutes)
  .route("/v1", previewChatRoutes)
  .route("/v1", verifyRoutes)
  .route("/v1/inbox", inboxRoutes)
  .route("/", panelRoutes)
  .route("/", pageAppRoutes)
  .notFound((c) => c.json(errorBody("not_found", "Route not found"), 404))
  .onError(handleError);
