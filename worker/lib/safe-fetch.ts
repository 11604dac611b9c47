/**
 * The one guard for outbound fetches a user can steer (crawler, webhooks and actions):
 * every URL and every redirect hop passes `refuseUrl`, redirects are followed by hand up to a
 * limit, and the response body is capped in size and the whole fetch in time.
 */
import { loopbackAllowance, refuseUrl } from "./address-policy";

export const MAX_REDIRECTS = 5; // real sites need one or two; chains longer than this are loops or traps
const DEFAULT_MAX_BYTES = 5 * 1024 * 1024; // a large HTML page; files have their own upload path
const DEFAULT_TIMEOUT_MS = 15_000; // slow servers must not hold a crawl slot for long
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export type SafeFetchErrorCode =
  | "bad_url"
  | "blocked_address"
  | "too_many_redirects"
  | "too_large"
  | "timeout"
  | "network";

export class SafeFetchError extends Error {
  constructor(
    readonly code: SafeFetchErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "SafeFetchError";
  }
}

export type SafeFetchOptions = {
  maxBytes?: number;
  timeoutMs?: number;
  accept?: string;
  /** Sends a POST with this body and these headers instead of a GET; redirects are then not followed (a 3xx is returned as is). */
  post?: { body: string; headers: Record<string, string> };
  /** Extra request headers for a GET (credentials, say); redirects are then not followed either, so they never travel on. */
  headers?: Record<string, string>;
  /**
   * With `post` or `headers`, still follow redirects that stay on the first URL's origin (so the
   * headers reach no one else): a 303, or a 301/302 after a POST, continues as a GET without the
   * body, as browsers do; a 307/308 repeats the POST. A redirect elsewhere is returned as is.
   */
  sameOriginRedirects?: boolean;
};
export type SafeResponse = { finalUrl: string; status: number; headers: Headers; body: Uint8Array };

function checked(raw: string, base: string | undefined, allowed: ReadonlySet<string>): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    throw new SafeFetchError("bad_url", `Not a valid URL: ${raw.slice(0, 200)}`);
  }
  const refusal = refuseUrl(url, allowed);
  if (refusal) throw new SafeFetchError(refusal.code, refusal.message);
  return url;
}

async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new SafeFetchError("too_large", `The response is larger than ${maxBytes} bytes`);
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new SafeFetchError("too_large", `The response is larger than ${maxBytes} bytes`);
    }
    parts.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    body.set(part, offset);
    offset += part.byteLength;
  }
  return body;
}

/**
 * Whether a redirect to `location` is followed: always for a plain GET, on the same origin only when asked for a
 * request with headers or a body.
 */
function followable(location: string, current: URL, origin: string, options: SafeFetchOptions): boolean {
  if (!options.post && !options.headers) return true;
  if (!options.sameOriginRedirects) return false;
  try {
    return new URL(location, current.href).origin === origin;
  } catch {
    return false;
  }
}

/** Fetches `url` (GET, or POST with `options.post`) through the guard; throws SafeFetchError for anything refused or over a cap. */
export async function safeFetch(
  env: Pick<Env, "ALLOW_LOOPBACK_FETCH">,
  url: string,
  options: SafeFetchOptions = {},
): Promise<SafeResponse> {
  const allowed = loopbackAllowance(env.ALLOW_LOOPBACK_FETCH);
  const signal = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  let current = checked(url, undefined, allowed);
  const origin = current.origin;
  let post = options.post;
  try {
    for (let hop = 0; ; hop++) {
      const headers = {
        accept: options.accept ?? "*/*",
        "user-agent": "FrontdeskBot/1.0",
        ...options.headers,
        ...post?.headers,
      };
      const init: RequestInit = post ? { method: "POST", body: post.body } : {};
      const response = await fetch(current, { ...init, redirect: "manual", signal, headers });
      const location = response.headers.get("location");
      if (REDIRECT_STATUSES.has(response.status) && location && followable(location, current, origin, options)) {
        await response.body?.cancel();
        if (hop >= MAX_REDIRECTS)
          throw new SafeFetchError("too_many_redirects", `More than ${MAX_REDIRECTS} redirects`);
        current = checked(location, current.href, allowed); // every hop is checked again
        if (post && response.status !== 307 && response.status !== 308) post = undefined;
        continue;
      }
      const body = await readCapped(response, options.maxBytes ?? DEFAULT_MAX_BYTES);
      return { finalUrl: current.href, status: response.status, headers: response.headers, body };
    }
  } catch (error) {
    if (error instanceof SafeFetchError) throw error;
    if (signal.aborted)
      throw new SafeFetchError("timeout", `No complete answer within ${options.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms`);
    throw new SafeFetchError("network", `The fetch failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
