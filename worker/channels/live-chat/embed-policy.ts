/**
 * Which sites may embed an agent's widget: `settings.allowedOrigins`, exact origins such as
 * `https://shop.example.com` (empty: any site). This is embed control for browsers, not
 * authentication — a script can send any header it likes; the rate limits are what stop scripts.
 * Checked on the widget config (the loader's `Origin`), on `/panel` (its `host` parameter, and a
 * real `frame-ancestors` header), on conversation start (the host the panel was opened for) and on
 * the socket upgrade (its `Origin`).
 */
import { z } from "zod";
import type { Agent } from "../../db/agents";
import { ApiError } from "../../lib/errors";

export const MAX_ALLOWED_ORIGINS = 50; // a company's sites and staging hosts; more is a sign of allowing everything

const HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$|^\[[0-9a-f:.]+\]$/; // no wildcards: exact sites only

/** An origin exactly as browsers send it: scheme, host and port, nothing else. */
export const originSchema = z
  .string()
  .trim()
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        const web = url.protocol === "https:" || url.protocol === "http:";
        return web && url.origin === value && HOST.test(url.hostname);
      } catch {
        return false;
      }
    },
    { message: "Must be an origin like https://shop.example.com (scheme and host, no path or trailing slash)" },
  );

export const allowedOriginsSchema = z.array(originSchema).max(MAX_ALLOWED_ORIGINS);

export const ANY_SITE_WARNING =
  "settings.allowedOrigins is empty: any site can embed this agent's widget. List the sites that may (e.g. https://shop.example.com).";

/** The origins allowed to embed the agent; empty: any site. */
export const allowedOrigins = (agent: Agent): readonly string[] => agent.settings.allowedOrigins ?? [];

/**
 * Whether a request from `origin` may use the agent's widget. No origin (not a browser, or a
 * same-origin GET) and the Worker's own origin (the panel itself) always may.
 */
export function originAllowed(
  allowed: readonly string[],
  origin: string | null | undefined,
  ownOrigin: string,
): boolean {
  if (allowed.length === 0 || !origin || origin === ownOrigin) return true;
  return allowed.includes(origin);
}

/** Whether the panel may run for `host` (the page it was opened on): a listed origin when there is a list. */
export function hostAllowed(allowed: readonly string[], host: string | null | undefined): boolean {
  return allowed.length === 0 || (!!host && allowed.includes(host));
}

export const originNotAllowed = (): ApiError =>
  new ApiError(403, "origin_not_allowed", "This agent's chat is not available on this site");

/** The `Content-Security-Policy` that lets only the allowed sites frame the panel; null: any site may. */
export function frameAncestors(allowed: readonly string[]): string | null {
  return allowed.length === 0 ? null : `frame-ancestors ${allowed.join(" ")}`;
}
