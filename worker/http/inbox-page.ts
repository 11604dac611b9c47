/**
 * `/inbox/`, the staff inbox page, served by the Worker (not straight from the static assets) so it
 * carries a real `Content-Security-Policy: frame-ancestors 'none'` header: browsers ignore that
 * directive in the page's `<meta>` CSP, and a framed inbox could be clickjacked into claiming,
 * closing or replying.
 */
import { Hono, type Context } from "hono";
import type { AppEnv } from "../lib/app-env";

const INBOX_PAGE = "/inbox/"; // the built page (dist/public/inbox/index.html); its asset URLs are absolute
const NO_FRAMING = "frame-ancestors 'none'"; // the inbox is never embedded, by anyone

async function inboxPage(c: Context<AppEnv>): Promise<Response> {
  const page = await c.env.ASSETS.fetch(new URL(INBOX_PAGE, c.req.url));
  const response = new Response(page.body, page);
  response.headers.append("content-security-policy", NO_FRAMING);
  response.headers.set("x-frame-options", "DENY"); // the same for browsers without frame-ancestors
  return response;
}

export const inboxPageRoutes = new Hono<AppEnv>().get("/inbox", inboxPage).get("/inbox/", inboxPage);
