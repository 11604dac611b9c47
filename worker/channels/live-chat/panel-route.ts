/**
 * `/panel`, the page the loader opens in its iframe, served by the Worker (not straight from the
 * static assets) so it can carry the agent's embed policy: a real `Content-Security-Policy:
 * frame-ancestors` header naming the allowed sites (browsers ignore that directive in a `<meta>`),
 * and a refusal when the `host` the loader names is not one of them.
 */
import { Hono } from "hono";
import { getAgent } from "../../db/agents";
import { database } from "../../db/client";
import type { AppEnv } from "../../lib/app-env";
import { AGENT_ID } from "../../lib/params";
import { PANEL_PARAM_AGENT, PANEL_PARAM_HOST } from "../../protocol/widget-config";
import { allowedOrigins, frameAncestors, hostAllowed } from "./embed-policy";

/** What a refused panel shows: plain text, no script, nothing of a conversation. */
const REFUSED_PAGE =
  '<!doctype html><html lang="en"><meta charset="utf-8"><title>Chat</title>' +
  '<p style="font:14px system-ui,sans-serif;padding:16px">This chat is not available on this site.</p></html>';

export const panelRoutes = new Hono<AppEnv>().get("/panel", async (c) => {
  const agentId = c.req.query(PANEL_PARAM_AGENT) ?? "";
  const agent = AGENT_ID.test(agentId) ? await getAgent(database(c.env), agentId) : null;
  const allowed = agent ? allowedOrigins(agent) : [];
  const policy = frameAncestors(allowed);
  if (!hostAllowed(allowed, c.req.query(PANEL_PARAM_HOST))) {
    return c.html(REFUSED_PAGE, 403, {
      "content-security-policy": `default-src 'none'; style-src 'unsafe-inline'; ${policy}`,
    });
  }
  // An unknown agent gets the plain panel, which then says the chat is unavailable.
  const page = await c.env.ASSETS.fetch(new URL("/panel", c.req.url));
  const response = new Response(page.body, page);
  if (policy) response.headers.set("content-security-policy", policy);
  return response;
});
