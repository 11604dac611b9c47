/**
 * `POST /api/agents/:id/preview-token`: mints a short-lived preview token for one agent and the
 * widget preview page's URL. The token travels in the URL's fragment, which browsers never send
 * to a server, so it stays out of access logs and Referer headers.
 */
import { Hono } from "hono";
import type { AppEnv } from "../lib/app-env";
import { issuePreviewToken } from "../lib/preview-token";
import { tokenSecret } from "../lib/visitor-token";
import { agentIdPath, existingAgentId } from "../lib/params";
import { routeSpecs } from "../lib/route-spec";

/** The preview page (`widget/preview/preview.html`, served by the assets binding without its extension, like `/panel`). */
export const PREVIEW_PAGE_PATH = "/preview";

/** The preview page's URL for this agent and token. */
export function previewPageUrl(origin: string, agentId: string, token: string): string {
  const fragment = new URLSearchParams({ agent: agentId, token });
  return `${origin}${PREVIEW_PAGE_PATH}#${fragment}`;
}

export const previewTokenRoutes = new Hono<AppEnv>().post(
  "/agents/:id/preview-token",
  routeSpecs("Testing")({
    summary: "A short-lived preview token for the widget preview page",
    params: { id: agentIdPath },
    response: {
      status: 201,
      description: "{ token, expiresAt, url }: the page's URL carries the token in its fragment",
    },
  }),
  async (c) => {
    const agentId = await existingAgentId(c);
    const { token, expiresAt } = await issuePreviewToken(tokenSecret(c.env), agentId);
    return c.json({ token, expiresAt, url: previewPageUrl(new URL(c.req.url).origin, agentId, token) }, 201);
  },
);
