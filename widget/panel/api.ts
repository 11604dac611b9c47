/**
 * The panel's two HTTP calls to the Worker (same origin as the panel): the agent's public
 * widget configuration, and starting or resuming the visitor's conversation. Responses are
 * checked field by field before use (the preview page reuses the call and the config check).
 */
import type { WidgetConfig } from "../../worker/protocol/widget-config";
import type { HostIdentity } from "./bridge";
import { validAccent } from "./color";

export type Session = { conversationId: string; visitorToken: string };

export type Fields = Record<string, unknown>;

/** A failed call; `code` is the server's stable error code when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function call(path: string, init?: RequestInit): Promise<Fields> {
  const response = await fetch(path, { ...init, headers: { accept: "application/json", ...init?.headers } });
  const body: unknown = await response.json().catch(() => null);
  const fields = typeof body === "object" && body !== null ? (body as Fields) : {};
  if (!response.ok) {
    const error = typeof fields.error === "object" && fields.error !== null ? (fields.error as Fields) : {};
    throw new ApiError(
      typeof error.code === "string" ? error.code : `http_${response.status}`,
      typeof error.message === "string" ? error.message : response.statusText,
    );
  }
  return fields;
}

export const agentPath = (agentId: string): string => `/v1/agents/${encodeURIComponent(agentId)}`;
const str = (value: unknown): string => (typeof value === "string" ? value : "");
const HOST_NAME = /^[a-z0-9.-]{1,253}$/; // the server sends validated lower-case host names; anything else is dropped

/** A URL on this page's own origin, or null. */
function sameOrigin(value: unknown): string | null {
  if (typeof value !== "string") return null;
  try {
    const url = new URL(value, location.origin);
    return url.origin === location.origin ? url.href : null;
  } catch {
    return null;
  }
}

/** A widget-config response, field by field (also the preview page's draft config). */
export function readWidgetConfig(f: Fields, agentId: string): WidgetConfig {
  return {
    agentId: str(f.agentId) || agentId,
    name: str(f.name),
    greeting: str(f.greeting),
    accentColor: validAccent(f.accentColor),
    avatarUrl: sameOrigin(f.avatarUrl),
    allowedImageHosts: Array.isArray(f.allowedImageHosts)
      ? f.allowedImageHosts.filter((h): h is string => typeof h === "string" && HOST_NAME.test(h))
      : [],
    poweredByAi: f.poweredByAi === true,
  };
}

export async function fetchWidgetConfig(agentId: string): Promise<WidgetConfig> {
  return readWidgetConfig(await call(`${agentPath(agentId)}/widget-config`), agentId);
}

const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/; // what the server accepts (BCP 47, at most 35 characters)

/** The browser's language (`da-DK`), the agent's reply language until a message says otherwise; undefined when unusable. */
export function browserLanguage(): string | undefined {
  const tag = typeof navigator === "undefined" ? "" : navigator.language;
  return tag.length <= 35 && LANGUAGE_TAG.test(tag) ? tag : undefined;
}

/**
 * Resumes the visitor's latest open conversation (or starts one; `resume: false` always starts
 * one); the returned token replaces the old one. A host identity, when given, is checked by the
 * server and verifies the conversation if valid.
 */
export async function startConversation(
  agentId: string,
  token: string | null,
  resume = true,
  identity: HostIdentity | null = null,
  host: string | null = null,
): Promise<Session> {
  const f = await call(`${agentPath(agentId)}/conversations`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({
      resume,
      language: browserLanguage(),
      ...(identity ? { identity } : {}),
      ...(host ? { host } : {}),
    }),
  });
  if (typeof f.conversationId !== "string" || typeof f.visitorToken !== "string")
    throw new ApiError("bad_response", "Unexpected response");
  return { conversationId: f.conversationId, visitorToken: f.visitorToken };
}
