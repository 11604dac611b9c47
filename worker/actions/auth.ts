/**
 * Puts an action's credential where its authentication kind says (a bearer or basic
 * Authorization header, an API key header, or an API key query parameter), refusing to send a
 * request without it; and redacts a request for admins and logs, so no credential (in any of
 * the spellings it travels in) is ever shown.
 */
import type { ActionAuth } from "./definition";

export const REDACTED = "[redacted]";
/** Header names whose values are secret whoever set them (an admin may put a key in a fixed header). */
const SECRET_HEADER = /authorization|api[-_]?key|token|secret|password|cookie|signature/i;
/**
 * Whether a header can carry `value` as is: printable ASCII only. Control characters would break
 * or split the request, and other characters travel as bytes a server may decode differently — an
 * echo of them would then escape the redaction.
 */
const fitsHeader = (value: string) => /^[\x20-\x7e]*$/.test(value);

export type OutgoingRequest = {
  method: "GET" | "POST";
  url: string;
  headers: Record<string, string>;
  body: string | null;
};
export type RedactedRequest = OutgoingRequest;
export type AuthResult =
  | { ok: true; request: OutgoingRequest }
  | { ok: false; code: "missing_credentials"; message: string };

function base64Utf8(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The request with the credential applied; header names are lower-case, so the auth header replaces any fixed one. */
export function applyAuth(auth: ActionAuth, credential: string | null, request: OutgoingRequest): AuthResult {
  if (auth.kind === "none") return { ok: true, request };
  if (!credential)
    return {
      ok: false,
      code: "missing_credentials",
      message: "This action can't run yet: its credentials are not set up.",
    };
  if ((auth.kind === "bearer" || auth.kind === "api_key_header") && !fitsHeader(credential))
    return {
      ok: false,
      code: "missing_credentials",
      message: "This action's credential can't be sent: a header can carry only printable ASCII characters.",
    };
  const headers = { ...request.headers };
  switch (auth.kind) {
    case "bearer":
      headers.authorization = `Bearer ${credential}`;
      break;
    case "basic":
      headers.authorization = `Basic ${base64Utf8(`${auth.username}:${credential}`)}`;
      break;
    case "api_key_header":
      headers[auth.header.toLowerCase()] = credential;
      break;
    case "api_key_query": {
      // Appended as written rather than through searchParams, which would re-encode the rest of the query.
      const url = new URL(request.url);
      const pair = `${encodeURIComponent(auth.param)}=${encodeURIComponent(credential)}`;
      url.search = url.search ? `${url.search}&${pair}` : `?${pair}`;
      return { ok: true, request: { ...request, url: url.href } };
    }
  }
  return { ok: true, request: { ...request, headers } };
}

/** Every spelling the credential may take on the wire or in an echo: raw, percent-encoded, form-encoded, JSON-escaped, basic. */
export function credentialForms(auth: ActionAuth, credential: string | null): string[] {
  if (!credential) return [];
  const forms = new Set([
    credential,
    encodeURIComponent(credential),
    new URLSearchParams({ k: credential }).toString().slice(2),
    JSON.stringify(credential).slice(1, -1),
  ]);
  if (auth.kind === "basic") forms.add(base64Utf8(`${auth.username}:${credential}`));
  return [...forms].filter((form) => form.length > 0).sort((a, b) => b.length - a.length);
}

/** `text` with every form of the credential replaced by `[redacted]`. */
export function redactText(text: string, forms: readonly string[]): string {
  let out = text;
  for (const form of forms) out = out.split(form).join(REDACTED);
  return out;
}

/** The request as admins and logs see it: auth header and query values, secret-looking headers and the credential anywhere, redacted. */
export function redactRequest(request: OutgoingRequest, auth: ActionAuth, credential: string | null): RedactedRequest {
  const forms = credentialForms(auth, credential);
  const authHeader =
    auth.kind === "bearer" || auth.kind === "basic"
      ? "authorization"
      : auth.kind === "api_key_header"
        ? auth.header.toLowerCase()
        : null;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    headers[name] = name === authHeader || SECRET_HEADER.test(name) ? REDACTED : redactText(value, forms);
  }
  return {
    method: request.method,
    // The query credential travels percent-encoded, one of the forms: `?key=[redacted]`.
    url: redactText(request.url, forms),
    headers,
    body: request.body === null ? null : redactText(request.body, forms),
  };
}
