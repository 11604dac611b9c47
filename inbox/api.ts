/**
 * The inbox's calls to /v1/inbox (same origin; the session cookie goes along by itself). Every
 * response is checked before use; failures become InboxError with the server's error code.
 */
import { type ConversationSummary, parseConversationSummary } from "../worker/protocol/inbox-events";

export type Staff = { id: string; name: string; email: string; role: string; available: boolean };
export type Summary = ConversationSummary;
export type View = "waiting" | "mine" | "all";

export class InboxError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

const HTTP_UNAUTHORIZED = 401;

/** Whether a failure means the session is gone (expired, signed out, account removed). */
export const isSignedOut = (failure: unknown): boolean =>
  failure instanceof InboxError && failure.status === HTTP_UNAUTHORIZED;

type Fields = Record<string, unknown>;

async function call(path: string, init: { method?: string; json?: unknown } = {}): Promise<Fields> {
  const response = await fetch(`/v1/inbox${path}`, {
    method: init.method ?? "GET",
    headers: { accept: "application/json", ...(init.json === undefined ? {} : { "content-type": "application/json" }) },
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
    credentials: "same-origin",
  });
  const body: unknown = await response.json().catch(() => null);
  const fields = typeof body === "object" && body !== null ? (body as Fields) : {};
  if (!response.ok) {
    const error = (fields.error ?? {}) as Fields;
    throw new InboxError(
      String(error.code ?? `http_${response.status}`),
      String(error.message ?? response.statusText),
      response.status,
    );
  }
  return fields;
}

const asStaff = (value: unknown): Staff => {
  const f = (value ?? {}) as Fields;
  if (typeof f.id !== "string" || typeof f.name !== "string")
    throw new InboxError("bad_response", "Unexpected response", 0);
  return {
    id: f.id,
    name: f.name,
    email: String(f.email ?? ""),
    role: String(f.role ?? ""),
    available: f.available === true,
  };
};

export const me = async (): Promise<Staff> => asStaff(await call("/me"));
export const login = async (email: string, password: string): Promise<Staff> =>
  asStaff((await call("/login", { method: "POST", json: { email, password } })).staff);
export const acceptInvitation = async (token: string, password: string, name?: string): Promise<Staff> =>
  asStaff(
    (await call("/invitations/accept", { method: "POST", json: { token, password, ...(name ? { name } : {}) } })).staff,
  );
export const logout = async (): Promise<void> => void (await call("/logout", { method: "POST" }));
export const setAvailable = async (available: boolean): Promise<Staff> =>
  asStaff(await call("/me", { method: "PUT", json: { available } }));
export async function listConversations(view: View): Promise<Summary[]> {
  const items: unknown = (await call(`/conversations?view=${view}`)).items;
  if (!Array.isArray(items)) throw new InboxError("bad_response", "Unexpected response", 0);
  return items.map(parseConversationSummary).filter((summary): summary is Summary => summary !== null);
}
/** The ids of the agents whose live lists the inbox follows (one socket each). */
export async function listAgentIds(): Promise<string[]> {
  const items: unknown = (await call("/agents")).items;
  if (!Array.isArray(items)) throw new InboxError("bad_response", "Unexpected response", 0);
  return items.flatMap((item: unknown) => {
    const id = (item as Fields | null)?.id;
    return typeof id === "string" ? [id] : [];
  });
}
export const act = async (conversationId: string, action: "claim" | "hand-back" | "close"): Promise<void> =>
  void (await call(`/conversations/${encodeURIComponent(conversationId)}/${action}`, { method: "POST" }));

/** A same-origin WebSocket URL for an inbox path. */
export function socketUrl(path: string): string {
  const url = new URL(`/v1/inbox${path}`, location.origin);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.href;
}
