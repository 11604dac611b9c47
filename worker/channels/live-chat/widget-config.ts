/**
 * The public widget config (name, greeting, colors, avatar, image hosts, the AI disclosure), cached
 * at the edge with the Cache API; publishing an agent purges its entry so edits show at once there.
 */
import type { Context } from "hono";
import type { AppEnv } from "../../lib/app-env";
import type { Agent } from "../../db/agents";
import type { WidgetConfig } from "../../protocol/widget-config";
import { avatarUrl } from "./avatars";

/**
 * Other edge locations pick up config edits within a minute; so does the disclosure when working
 * hours begin or end or credits run out (the conversation's own status events say it at once).
 */
const WIDGET_CONFIG_MAX_AGE_SECONDS = 60;

function cacheKey(origin: string, agentId: string): Request {
  return new Request(`${origin}/v1/agents/${encodeURIComponent(agentId)}/widget-config`);
}

/** `assigned`: whether the AI agent takes new conversations now (on, on duty, credits left); `origin`: this Worker's, for the avatar URL. */
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

/** The cached response for this agent, or the one `build` makes (then cached). `build` may throw (404). */
export async function cachedWidgetConfig(
  c: Context<AppEnv>,
  agentId: string,
  build: () => Promise<WidgetConfig>,
): Promise<Response> {
  const key = cacheKey(new URL(c.req.url).origin, agentId);
  const hit = await caches.default.match(key);
  if (hit) return hit;
  const response = Response.json(await build(), {
    headers: {
      "cache-control": `public, max-age=${WIDGET_CONFIG_MAX_AGE_SECONDS}`,
      // Public data the loader reads from the host page (to colour the launcher), so any site may read it.
      "access-control-allow-origin": "*",
    },
  });
  c.executionCtx.waitUntil(caches.default.put(key, response.clone()));
  return response;
}

export async function purgeWidgetConfig(origin: string, agentId: string): Promise<void> {
  await caches.default.delete(cacheKey(origin, agentId));
}
