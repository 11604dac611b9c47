/**
 * The console's calls to the admin API (`/api`, same origin). A signed-in account's session cookie
 * goes along by itself; an admin token or API key, when the admin chose to sign in with one, is sent
 * as a bearer token and kept only in this tab's session storage. Failures become ApiFailure with the
 * server's code, message and field errors, which forms show next to their fields.
 */
const TOKEN_KEY = "frontdesk-console-token";

export type Role = "viewer" | "editor" | "owner";
export type Me = { kind: "owner_token" | "api_key" | "account"; role: Role; name: string | null; email: string | null };

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** `{ "field.path": "message" }` for a 400 with invalid fields. */
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

function storedToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function rememberToken(token: string | null): void {
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // storage is disabled: the token lives for this page only
  }
}

type Init = { method?: string; json?: unknown; form?: FormData };

async function request(path: string, init: Init = {}): Promise<Response> {
  const token = storedToken();
  const headers: Record<string, string> = { accept: "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  if (init.json !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(path, {
    method: init.method ?? "GET",
    headers,
    body: init.form ?? (init.json === undefined ? undefined : JSON.stringify(init.json)),
    credentials: "same-origin",
  });
  if (response.ok) return response;
  const body = (await response.json().catch(() => null)) as {
    error?: { code?: string; message?: string; details?: unknown };
  } | null;
  const details = body?.error?.details;
  const fields =
    details && typeof details === "object" && !Array.isArray(details)
      ? Object.fromEntries(
          Object.entries(details).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
        )
      : {};
  throw new ApiFailure(
    response.status,
    body?.error?.code ?? `http_${response.status}`,
    body?.error?.message ?? response.statusText,
    fields,
  );
}

/** The raw response of a GET below `/api` (for downloads such as the analytics CSV). */
export const apiResponse = (path: string): Promise<Response> => request(`/api${path}`);

/** Posts files as multipart/form-data below `/api` (the browser sets the boundary). */
export const apiUpload = async (path: string, form: FormData): Promise<unknown> =>
  (await request(`/api${path}`, { method: "POST", form })).json();

/** Calls the admin API below `/api`; resolves with the JSON body (null for 204). */
export async function api<T>(path: string, init: Init = {}): Promise<T> {
  const response = await request(`/api${path}`, init);
  return (response.status === 204 ? null : await response.json()) as T;
}

/** Signs in with an account's email and password (the inbox's session, which also opens the admin API). */
export async function signIn(email: string, password: string): Promise<void> {
  rememberToken(null);
  await request("/v1/inbox/login", { method: "POST", json: { email, password } });
}

export async function signOut(): Promise<void> {
  const hadToken = storedToken() !== null;
  rememberToken(null);
  if (!hadToken) await request("/v1/inbox/logout", { method: "POST" }).catch(() => undefined);
}

export const grants = (role: Role, needed: Role): boolean => {
  const order: Role[] = ["viewer", "editor", "owner"];
  return order.indexOf(role) >= order.indexOf(needed);
};
