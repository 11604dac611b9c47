/**
 * A small Graph API client for the WhatsApp and Messenger adapters: JSON POSTs and GETs to the
 * deployment's Graph base URL with its access token, through the outbound-fetch guard. A failure
 * says whether trying again may help (429, 5xx, the network) or not (a refused token, a bad
 * recipient), in words that never contain the token.
 */
import { SafeFetchError, safeFetch } from "../../lib/safe-fetch";
import type { OpenDeployment } from "../deployments/store";
import { DEFAULT_GRAPH_BASE_URL } from "../deployments/connection";

const GRAPH_TIMEOUT_MS = 10_000; // Meta answers in well under a second; a hung call must not hold the queue
const MAX_GRAPH_RESPONSE_BYTES = 64 * 1024; // a send answers with a few ids
const MAX_ERROR_CHARS = 300;
/** Guard refusals no retry will change. */
const FINAL_FETCH_ERRORS = new Set(["bad_url", "blocked_address", "too_many_redirects", "too_large"]);

export type GraphResult =
  | { ok: true; status: number; json: Record<string, unknown> }
  | { ok: false; retry: boolean; error: string };

export function graphBaseUrl(deployment: OpenDeployment): string {
  return (deployment.config.graphBaseUrl ?? DEFAULT_GRAPH_BASE_URL).replace(/\/+$/, "");
}

function parsedJson(body: Uint8Array): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(body));
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Graph's own words for a failure (`error.message`), cut short; the token is never in them, but is taken out anyway. */
function graphError(status: number, json: Record<string, unknown>, token: string): string {
  const error = json.error as { message?: unknown; code?: unknown } | undefined;
  const said = typeof error?.message === "string" ? `: ${error.message}` : "";
  const code = typeof error?.code === "number" || typeof error?.code === "string" ? ` (code ${error.code})` : "";
  const words = `The Graph API answered ${status}${said}${code}`.replaceAll(token, "[token]");
  const hint = status === 401 || error?.code === 190 ? " — check the access token" : "";
  return `${words}${hint}`.slice(0, MAX_ERROR_CHARS);
}

async function graphCall(
  env: Pick<Env, "ALLOW_LOOPBACK_FETCH">,
  deployment: OpenDeployment,
  path: string,
  body?: unknown,
): Promise<GraphResult> {
  const token = deployment.secrets.accessToken;
  if (!token) return { ok: false, retry: false, error: "The deployment has no access token; set one" };
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  try {
    const response = await safeFetch(env, `${graphBaseUrl(deployment)}${path}`, {
      timeoutMs: GRAPH_TIMEOUT_MS,
      maxBytes: MAX_GRAPH_RESPONSE_BYTES,
      accept: "application/json",
      ...(body === undefined ? { headers } : { post: { body: JSON.stringify(body), headers } }),
    });
    const json = parsedJson(response.body);
    if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status, json };
    const retry = response.status === 429 || response.status >= 500;
    return { ok: false, retry, error: graphError(response.status, json, token) };
  } catch (error) {
    if (error instanceof SafeFetchError)
      return {
        ok: false,
        retry: !FINAL_FETCH_ERRORS.has(error.code),
        error: `The Graph API could not be reached (${error.code}): ${error.message}`.replaceAll(token, "[token]"),
      };
    throw error;
  }
}

/** POSTs a JSON body to `path` (e.g. `/123/messages`). */
export const graphPost = (
  env: Pick<Env, "ALLOW_LOOPBACK_FETCH">,
  deployment: OpenDeployment,
  path: string,
  body: unknown,
): Promise<GraphResult> => graphCall(env, deployment, path, body);

/** GETs `path` (e.g. `/123?fields=id`). */
export const graphGet = (
  env: Pick<Env, "ALLOW_LOOPBACK_FETCH">,
  deployment: OpenDeployment,
  path: string,
): Promise<GraphResult> => graphCall(env, deployment, path);
