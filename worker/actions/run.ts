/**
 * Runs one action: checks every input, fills the request templates, applies the credential, makes
 * the call through the outbound-fetch guard (private addresses refused, time and size capped) and
 * turns the answer into the few fields the agent may use — or into a failure with a stable code
 * and a polite sentence. The credential never appears in what it returns, even when the server
 * echoes it. No storage here: callers log the result and decide what the visitor sees.
 */
import { SafeFetchError, safeFetch } from "../lib/safe-fetch";
import {
  applyAuth,
  credentialForms,
  type OutgoingRequest,
  type RedactedRequest,
  redactRequest,
  redactText,
} from "./auth";
import type { Action, ActionInputType } from "./definition";
import { checkInput } from "./inputs";
import { selectPath } from "./json-path";
import { ActionTemplateError, checkTemplates, fillBody, fillUrl } from "./template";

export type { RedactedRequest } from "./auth";
export type ActionField = { label: string; path: string; value: string | number | boolean | null };
export type ActionFailure =
  | "invalid_input"
  | "missing_credentials"
  | "bad_url"
  | "blocked_address"
  | "timeout"
  | "too_large"
  | "network"
  | "http_error"
  | "bad_response";
export type ActionCallResult =
  | {
      ok: true;
      status: number;
      durationMs: number;
      fields: ActionField[];
      data: unknown;
      request: RedactedRequest;
      /** Set when the response was too large to pass on whole (`data` is then null). */
      note?: string;
    }
  | {
      ok: false;
      code: ActionFailure;
      message: string;
      status: number | null;
      durationMs: number;
      request: RedactedRequest | null;
    };

/** Larger answers are refused: an action returns a record or two, not a data dump. */
export const MAX_ACTION_RESPONSE_BYTES = 256 * 1024;
/** A whole response (no fields configured) larger than this as JSON is not passed on: a model must not get megabytes. */
export const MAX_ACTION_DATA_CHARS = 8 * 1024;
/** A field's value is cut to this: it is read by a model or a person, in one answer. */
export const MAX_FIELD_CHARS = 500;
/** Top-level values listed as fields when the action names none. */
const MAX_DEFAULT_FIELDS = 8;
const USER_AGENT = "Frontdesk-Action/1";
/** Headers the fetch itself sets: a fixed header may not override how the request is framed or where it goes. */
const TRANSPORT_HEADERS = new Set([
  "host",
  "content-length",
  "transfer-encoding",
  "connection",
  "upgrade",
  "te",
  "trailer",
]);
const KEY_AS_PATH = /^[A-Za-z_][A-Za-z0-9_-]*$/;

const MESSAGES: Record<Exclude<ActionFailure, "invalid_input" | "missing_credentials" | "http_error">, string> = {
  bad_url: "This action is not set up correctly, so it can't run.",
  blocked_address: "This action points to an address that can't be called (private and local addresses are refused).",
  timeout: "The service did not answer in time.",
  too_large: "The service's answer was too large to use.",
  network: "The service could not be reached.",
  bad_response: "The service's answer could not be read.",
};

function cut(text: string): string {
  return text.length > MAX_FIELD_CHARS ? `${text.slice(0, MAX_FIELD_CHARS - 1)}…` : text;
}

function fieldValue(value: unknown): ActionField["value"] {
  if (value === undefined || value === null) return null;
  if (typeof value === "string") return cut(value);
  if (typeof value === "number" || typeof value === "boolean") return value;
  return cut(JSON.stringify(value) ?? "");
}

/** Redacts the credential inside every string of parsed JSON too (escapes like `\/` can hide it from the text pass). */
function redactDeep(value: unknown, forms: readonly string[]): unknown {
  if (forms.length === 0) return value;
  if (typeof value === "string") return redactText(value, forms);
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, forms));
  if (typeof value === "object" && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redactText(k, forms), redactDeep(v, forms)]));
  return value;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (!text.trim()) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** The checked values of every declared input ("" for an optional one left out), or the first problem. */
function checkedValues(
  action: Action,
  inputs: Record<string, string>,
): { ok: true; values: Record<string, string> } | { ok: false; error: string } {
  const values: Record<string, string> = {};
  for (const input of action.inputs) {
    const raw: unknown = Object.hasOwn(inputs, input.name) ? inputs[input.name] : undefined;
    if (raw !== undefined && typeof raw !== "string") return { ok: false, error: `The ${input.label} must be text.` };
    if (raw === undefined || raw.trim() === "") {
      if (!input.required) {
        values[input.name] = "";
        continue;
      }
    }
    const checked = checkInput(input, raw ?? "");
    if (!checked.ok) return { ok: false, error: checked.error };
    values[input.name] = checked.value;
  }
  return { ok: true, values };
}

function buildRequest(action: Action, values: Record<string, string>): OutgoingRequest {
  const types: Record<string, ActionInputType> = Object.fromEntries(action.inputs.map((i) => [i.name, i.type]));
  const url = fillUrl(action.request.url, values);
  const body =
    action.request.method === "POST" && action.request.body !== undefined
      ? fillBody(action.request.body, values, types)
      : null;
  const headers: Record<string, string> = { accept: "application/json" };
  for (const [name, value] of Object.entries(action.request.headers)) {
    if (!TRANSPORT_HEADERS.has(name.toLowerCase())) headers[name.toLowerCase()] = value;
  }
  headers["user-agent"] = USER_AGENT;
  if (body !== null) headers["content-type"] = "application/json";
  else delete headers["content-type"];
  return { method: action.request.method, url, headers, body };
}

/** The fields the agent may use, and `data` for the model: the configured fields, or the (small) whole response. */
function answerOf(action: Action, parsed: unknown): { fields: ActionField[]; data: unknown; note?: string } {
  if (action.response.fields.length > 0) {
    const fields = action.response.fields.map((field) => ({
      label: field.label,
      path: field.path,
      value: fieldValue(selectPath(parsed, field.path)),
    }));
    return { fields, data: Object.fromEntries(fields.map((field) => [field.label, field.value])) };
  }
  const fields: ActionField[] = [];
  if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
    for (const [key, value] of Object.entries(parsed)) {
      if (fields.length >= MAX_DEFAULT_FIELDS) break;
      if (!KEY_AS_PATH.test(key) || (typeof value === "object" && value !== null)) continue;
      fields.push({ label: key, path: `$.${key}`, value: fieldValue(value) });
    }
  }
  if ((JSON.stringify(parsed) ?? "").length > MAX_ACTION_DATA_CHARS)
    return {
      fields,
      data: null,
      note: `The answer is larger than ${MAX_ACTION_DATA_CHARS / 1024} KB, so only its top-level values are passed on.`,
    };
  return { fields, data: parsed };
}

/** Runs `action` with the visitor's `inputs` (by input name; unknown names are ignored) and its credential. */
export async function runAction(
  env: Pick<Env, "ALLOW_LOOPBACK_FETCH">,
  action: Action,
  inputs: Record<string, string>,
  options: { credential: string | null; now?: () => number },
): Promise<ActionCallResult> {
  const now = options.now ?? Date.now;
  const started = now();
  const fail = (
    code: ActionFailure,
    message: string,
    request: RedactedRequest | null = null,
    status: number | null = null,
  ): ActionCallResult => ({ ok: false, code, message, status, durationMs: Math.max(0, now() - started), request });

  if (checkTemplates(action).length > 0) return fail("bad_url", MESSAGES.bad_url);
  const checked = checkedValues(action, inputs);
  if (!checked.ok) return fail("invalid_input", checked.error);
  let unsigned: OutgoingRequest;
  try {
    unsigned = buildRequest(action, checked.values);
  } catch (error) {
    if (error instanceof ActionTemplateError) return fail("invalid_input", `${error.message}.`);
    throw error;
  }
  const signed = applyAuth(action.auth, options.credential, unsigned);
  if (!signed.ok) return fail("missing_credentials", signed.message);
  const request = redactRequest(signed.request, action.auth, options.credential);
  const forms = credentialForms(action.auth, options.credential);

  const { accept = "application/json", "content-type": contentType, ...headers } = signed.request.headers;
  let response: Awaited<ReturnType<typeof safeFetch>>;
  try {
    response = await safeFetch(env, signed.request.url, {
      maxBytes: MAX_ACTION_RESPONSE_BYTES,
      timeoutMs: action.timeoutMs,
      accept,
      headers,
      post:
        signed.request.method === "POST"
          ? { body: signed.request.body ?? "", headers: contentType ? { "content-type": contentType } : {} }
          : undefined,
      sameOriginRedirects: true,
    });
  } catch (error) {
    if (!(error instanceof SafeFetchError)) throw error;
    if (error.code === "too_many_redirects")
      return fail("http_error", "The service redirected the request too many times.", request);
    return fail(error.code, MESSAGES[error.code], request);
  }
  const status = response.status;
  if (status >= 300 && status < 400)
    return fail("http_error", "The service sent the request elsewhere, which actions don't follow.", request, status);
  if (status < 200 || status >= 300)
    return fail("http_error", `The service answered with an error (status ${status}).`, request, status);

  const text = redactText(new TextDecoder().decode(response.body), forms);
  const parsed = parseJson(text);
  if (!parsed.ok) {
    if (action.response.fields.length > 0) return fail("bad_response", MESSAGES.bad_response, request, status);
    return { ok: true, status, durationMs: Math.max(0, now() - started), fields: [], data: null, request };
  }
  const answer = answerOf(action, redactDeep(parsed.value, forms));
  return { ok: true, status, durationMs: Math.max(0, now() - started), request, ...answer };
}
