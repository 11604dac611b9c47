/** The admin API (bearer ADMIN_TOKEN or an API key): one file per resource, mounted here behind one check of who may call what. */
import { Hono } from "hono";
import type { AppEnv } from "../lib/app-env";
import { adminAuth } from "../access/admin-auth";
import { handleError } from "../lib/errors";
import { actionRoutes } from "./actions";
import { agentConfigRoutes } from "./agent-config";
import { agentDeletionRoutes } from "./agent-deletion";
import { agentRoutes } from "./agents";
import { analyticsRoutes } from "./analytics";
import { articleRoutes } from "./articles";
import { channelRoutes } from "./channels";
import { consoleSupportRoutes } from "./console-support";
import { contactBulkRoutes } from "./contact-import";
import { contactPrivacyRoutes } from "./contact-privacy";
import { contactPropertyRoutes } from "./contact-properties";
import { contactRoutes } from "./contacts";
import { avatarUploadRoutes } from "./avatar";
import { backupRoutes } from "./backup";
import { batchTestRoutes } from "./batch-tests";
import { replayRoutes } from "./replay";
import { controlRoutes } from "./controls";
import { agentSecretRoutes } from "./agent-secrets";
import { secretRoutes } from "./secrets";
import { staffRoutes } from "./staff";
import { teamRoutes } from "./teams";
import { auditChanges } from "../audit/audit-changes";
import { auditRoutes } from "./audit";
import { fileRoutes } from "./files";
import { handInRoutes } from "./hand-in";
import { keyRoutes } from "./keys";
import { knowledgeGapRoutes } from "./knowledge-gaps";
import { leadRoutes } from "./leads";
import { openApiRoutes } from "./openapi";
import { previewRoutes } from "./preview";
import { previewTokenRoutes } from "./preview-token";
import { shortAnswerRoutes } from "./short-answers";
import { sourceRoutes } from "./sources";

export const adminApi: Hono<AppEnv> = new Hono<AppEnv>()
  .use("*", adminAuth)
  .use(
    "*",
    auditChanges(() => adminApi),
  )
  .route(
    "/",
    openApiRoutes(() => adminApi),
  )
  .route("/", consoleSupportRoutes)
  .route("/", agentConfigRoutes)
  .route("/", agentRoutes)
  .route("/", agentDeletionRoutes)
  .route("/", avatarUploadRoutes)
  .route("/", controlRoutes)
  .route("/", channelRoutes)
  .route("/", actionRoutes)
  .route("/", handInRoutes)
  .route("/", agentSecretRoutes)
  .route("/", secretRoutes)
  .route("/", backupRoutes)
  .route("/", staffRoutes)
  .route("/", teamRoutes)
  .route("/", keyRoutes)
  .route("/", auditRoutes)
  .route("/", shortAnswerRoutes)
  .route("/", articleRoutes)
  .route("/", analyticsRoutes)
  .route("/", knowledgeGapRoutes)
  .route("/", leadRoutes)
  .route("/", sourceRoutes)
  .route("/", fileRoutes)
  .route("/", previewRoutes)
  .route("/", previewTokenRoutes)
  .route("/", batchTestRoutes)
  .route("/", replayRoutes)
  .route("/", contactPropertyRoutes)
  .route("/", contactBulkRoutes) // before contactRoutes: `/contacts/export` is not a contact id
  .route("/", contactRoutes)
  .route("/", contactPrivacyRoutes)
  // The app's handler, also for the audit's own reads of a state (which do not pass through the app).
  .onError(handleError);
