// The admin API as the backup and restore scripts call it: bearer token, JSON, one clear error per failure
// (the token is never printed), and the paged reads of the backup routes.

const ANSWER_TIMEOUT_MS = 30_000; // a guard: the database's object restarts in well under a second
const RETRY_MS = 250;

/** A client for `url` with the admin `token`. */
export function adminApi(url, token) {
  const base = url.replace(/\/+$/, "");
  async function request(method, path) {
    let response;
    try {
      response = await fetch(`${base}/api${path}`, { method, headers: { authorization: `Bearer ${token}` } });
    } catch (error) {
      throw new Error(`cannot reach Frontdesk at ${base}: ${error.cause?.message ?? error.message}`);
    }
    const text = await response.text();
    if (!response.ok) {
      let detail = text.slice(0, 300);
      try {
        const { error } = JSON.parse(text);
        detail = `${error.code}: ${error.message}`;
      } catch {
        // not the API's error shape
      }
      throw new Error(`${method} /api${path} failed with ${response.status} (${detail})`);
    }
    return JSON.parse(text);
  }
  /** Every page of a paged GET route, one at a time, handed to `each`. */
  async function pages(path, limit, each) {
    let cursor = null;
    do {
      const query = new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) });
      const page = await request("GET", `${path}?${query}`);
      await each(page);
      cursor = page.nextCursor;
    } while (cursor);
  }
  /**
   * Resolves once `path` answers (GET): a local `wrangler dev` fails the first request after another process
   * rewrote its D1 database (the database's object restarts), then answers again.
   */
  async function untilAnswering(path, timeoutMs = ANSWER_TIMEOUT_MS) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        return await request("GET", path);
      } catch (error) {
        if (!error.message.startsWith("cannot reach") || Date.now() > deadline) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }
  return { request, pages, untilAnswering };
}

/** `--url` / `--token`, or FRONTDESK_URL / ADMIN_TOKEN from the environment. */
export function adminOptions(values) {
  const url = values.url ?? process.env.FRONTDESK_URL;
  const token = values.token ?? process.env.ADMIN_TOKEN;
  if (!url || !token)
    throw new Error(
      "the deployment's URL and an owner's admin token are needed: --url URL --token TOKEN (or FRONTDESK_URL, ADMIN_TOKEN)",
    );
  return { url, token };
}
