/**
 * The public widget config (name, greeting, colors, avatar, image hosts, the AI disclosure), cached
 * at the edge with the Cache API; publishing an agent purges its entry so edits show at once there.
 * The cached entry carries the agent's allowed sites, so a request from another site is refused
 * before anything cached is served.
 */
import type { Context } from "hono";
import type { AppEnv } from "../../lib/app-env";
import type { Agent } from "../../db/agents";
import type { WidgetConfig } from "../../protocol/widget-config";
import { avatarUrl } from "./avatars";
import { originAllowed, originNotAllowed } from "./embed-policy";

/** Kept on the cached entry only (never sent): the allowed sites the config was built with. */
const POLICY_HEADER = "x-frontdesk-allowed-origins";

/**
 * Other edge locations pick up config edits within a minute; so does the disclosure when working
 * hours begin or end or credits run out (the conversation's own status events say it at once).
 */
const WIDGET_CONFIG_MAX_AGE_SECONDS = 60;

function cacheKey(origin: string, agentId: string): Request {
  return new Request(`${origin}/v1/agents/${encodeURIComponent(agentId)}/widget-config`);
}

/**
 * `assigned`: whether the AI agent takes new conversations now (on, on duty, credits left); `origin`: this Worker's,
 * for the avatar URL.
 */
export function widgetConfig(agent: Agent, assigned: boolean, origin: string): WidgetConfig {
  return {
    agentId: agent.id,
    name: agent.name,
    greeting: agent.greeting,
    accentColor: agent.settings.accentColor ?? null,
    avatarUrl: agent.settings.avatar ? avatarUrl(origin, agent.id, agent.settings.avatar) : null,
    allowedImageHosts: agent.settings.allowedImageHosts ?? [],
    // Disclosure: shown whenever the AI agent is the one answering; admins cannot hide it.
    poweredByAi: assigned,
  };
}

export type BuiltWidgetConfig = { config: WidgetConfig; allowedOrigins: readonly string[] };

/**
 * The cached response for this agent, or the one `build` makes (then cached), unless the request
 * comes from a site the agent does not allow (403 `origin_not_allowed`). `build` may throw (404).
 */
export async function cachedWidgetConfig(
  c: Context<AppEnv>,
  agentId: string,
  build: () => Promise<BuiltWidgetConfig>,
): Promise<Response> {
  const ownOrigin = new URL(c.req.url).origin;
  const key = cacheKey(ownOrigin, agentId);
  let entry = await caches.default.match(key);
  if (!entry) {
    const built = await build();
    entry = Response.json(built.config, {
      headers: {
        "cache-control": `public, max-age=${WIDGET_CONFIG_MAX_AGE_SECONDS}`,
        [POLICY_HEADER]: JSON.stringify(built.allowedOrigins),
      },
    });
    c.executionCtx.waitUntil(caches.default.put(key, entry.clone()));
  }
  const allowed = JSON.parse(entry.headers.get(POLICY_HEADER) ?? "[]") as string[];
  const origin = c.req.header("origin");
  if (!originAllowed(allowed, origin, ownOrigin)) throw originNotAllowed();
  const response = new Response(entry.body, entry);
  response.headers.delete(POLICY_HEADER);
  // Public data the loader reads from the host page (to colour the launcher): any site, or only the allowed ones.
  response.headers.set("access-control-allow-origin", allowed.length === 0 ? "*" : (origin ?? ownOrigin));
  if (allowed.length > 0) response.headers.set("vary", "origin");
  return response;
}

export async function purgeWidgetConfig(origin: string, agentId: string): Promise<void> {
  await caches.default.delete(cacheKey(origin, agentId));
}
