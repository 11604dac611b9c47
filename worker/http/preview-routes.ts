/**
 * The widget's preview mode, authorised by a preview token (never the admin token, never a visitor
 * token): the draft's widget config, and the draft's answer with its evidence — exactly what the
 * admin preview returns, through the same function. Nothing is recorded and no credits are spent.
 */
import { Hono, type Context } from "hono";
import type { AppEnv } from "../lib/app-env";
import { answerDraftPreview, previewBody } from "../api/preview";
import { agentIdParam } from "../lib/params";
import { getDraftAgent } from "../db/agents";
import { database } from "../db/client";
import { bearerToken } from "../access/admin-auth";
import { ApiError, notFound } from "../lib/errors";
import { verifyPreviewToken, type PreviewTokenRefusal } from "../lib/preview-token";
import { tokenSecret } from "../lib/visitor-token";
import { readJson } from "../lib/validate";
import { widgetConfig } from "../channels/live-chat/widget-config";

const CHALLENGE = 'Bearer realm="frontdesk-preview"'; // the scheme to retry with (RFC 6750)

const REFUSALS: Record<PreviewTokenRefusal, { code: string; message: string }> = {
  missing: {
    code: "preview_token_required",
    message: "A preview token is required (Authorization: Bearer <token from POST /api/agents/:id/preview-token>)",
  },
  invalid: { code: "invalid_preview_token", message: "The preview token is not valid" },
  expired: { code: "preview_token_expired", message: "The preview token has expired; mint a new one" },
  other_agent: { code: "preview_token_wrong_agent", message: "The preview token is for another agent" },
};

/** The `:id` agent, once the request's preview token is verified for it (401 otherwise). */
async function previewedAgentId(c: Context<AppEnv>): Promise<string> {
  const agentId = agentIdParam(c);
  const check = await verifyPreviewToken(tokenSecret(c.env), bearerToken(c.req.header("authorization")), agentId);
  if (!check.ok) {
    c.header("WWW-Authenticate", CHALLENGE);
    const refusal = REFUSALS[check.reason];
    throw new ApiError(401, refusal.code, refusal.message);
  }
  return agentId;
}

export const previewChatRoutes = new Hono<AppEnv>()
  /** The draft's name, greeting, colour, avatar and image hosts, shaped like the public widget config. */
  .get("/agents/:id/preview/config", async (c) => {
    const agentId = await previewedAgentId(c);
    const draft = await getDraftAgent(database(c.env), agentId);
    if (!draft) throw notFound("Agent");
    c.header("cache-control", "no-store"); // a draft, for one reviewer: never cached
    return c.json({ ...widgetConfig(draft.agent, true, new URL(c.req.url).origin), version: draft.version });
  })
  .post("/agents/:id/preview", async (c) => {
    const agentId = await previewedAgentId(c); // the token first: a stranger's body is never read
    return answerDraftPreview(c, agentId, await readJson(c, previewBody));
  });
