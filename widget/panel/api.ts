/**
 * The panel's two HTTP calls to the Worker (same origin as the panel): the agent's public
 * widget configuration, and starting or resuming the visitor's conversation. Responses are
 * checked field by field before use.
 */
import { validAccent } from "./color";

export type WidgetConfig = { agentId: string; name: string; greeting: string; accentColor: string | null; poweredByAi: boolean };
export type Session = { conversationId: string; visitorToken: string };

type Fields = Record<string, unknown>;

/** A failed call; `code` is the server's stable error code when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function call(path: string, init?: RequestInit): Promise<Fields> {
  const response = await fetch(path, { ...init, headers: { accept: "application/json", ...init?.headers } });
  const body: unknown = await response.json().catch(() => null);
  const fields = typeof body === "object" && body !== null ? (body as Fields) : {};
  if (!response.ok) {
    const error = typeof fields.error === "object" && fields.error !== null ? (fields.error as Fields) : {};
    throw new ApiError(typeof error.code === "string" ? error.code : `http_${response.status}`, typeof error.message === "string" ? error.message : response.statusText);
  }
  return fields;
}

const agentPath = (agentId: string): string => `/v1/agents/${encodeURIComponent(agentId)}`;
const str = (value: unknown): string => (typeof value === "string" ? value : "");

export async function fetchWidgetConfig(agentId: string): Promise<WidgetConfig> {
  const f = await call(`${agentPath(agentId)}/widget-config`);
  return {
    agentId: str(f.agentId) || agentId,
    name: str(f.name),
    greeting: str(f.greeting),
    accentColor: validAccent(f.accentColor),
    poweredByAi: f.poweredByAi === true,
  };
}

/** Resumes the visitor's latest open conversation (or starts one; `resume: false` always starts one); the returned token replaces the old one. */
export async function startConversation(agentId: string, token: string | null, resume = true): Promise<Session> {
  const f = await call(`${agentPath(agentId)}/conversations`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ resume }),
  });
  if (typeof f.conversationId !== "string" || typeof f.visitorToken !== "string") throw new ApiError("bad_response", "Unexpected response");
  return { conversationId: f.conversationId, visitorToken: f.visitorToken };
}
