/** The Hono app: mounts the route groups and the one error handler. */
import { Hono } from "hono";
import { errorBody, handleError } from "./lib/errors";
import { adminApi } from "./api";
import { avatarRoutes } from "./channels/avatars";
import { chatRoutes } from "./channels/chat";
import { previewChatRoutes } from "./channels/preview";
import { verifyRoutes } from "./channels/verify";
import { inboxRoutes } from "./inbox/routes";

export type AppEnv = { Bindings: Env };

export const app = new Hono<AppEnv>()
  .get("/v1/health", (c) => c.json({ ok: true }))
  .route("/api", adminApi)
  .route("/v1", chatRoutes)
  .route("/v1", avatarRoutes)
  .route("/v1", previewChatRoutes)
  .route("/v1", verifyRoutes)
  .route("/v1/inbox", inboxRoutes)
  .notFound((c) => c.json(errorBody("not_found", "Route not found"), 404))
  .onError(handleError);
