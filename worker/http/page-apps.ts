/**
 * `/inbox/` (the staff inbox) and `/console/` (the admin console), served by the Worker rather
 * than straight from the static assets so they carry a real `Content-Security-Policy:
 * frame-ancestors 'none'` header: browsers ignore that directive in a page's `<meta>` CSP, and a
 * framed inbox or console could be clickjacked into claiming, replying, publishing or deleting.
 */
import { Hono, type Context } from "hono";
import type { AppEnv } from "../lib/app-env";

const NO_FRAMING = "frame-ancestors 'none'"; // never embedded, by anyone

/** The built page (`dist/public/<app>/index.html`); its asset URLs are absolute. */
function pageOf(app: "inbox" | "console") {
  return async (c: Context<AppEnv>): Promise<Response> => {
    const page = await c.env.ASSETS.fetch(new URL(`/${app}/`, c.req.url));
    const response = new Response(page.body, page);
    response.headers.append("content-security-policy", NO_FRAMING);
    response.headers.set("x-frame-options", "DENY"); // the same for browsers without frame-ancestors
    return response;
  };
}

export const pageAppRoutes = new Hono<AppEnv>()
  .get("/inbox", pageOf("inbox"))
  .get("/inbox/", pageOf("inbox"))
  .get("/console", pageOf("console"))
  .get("/console/", pageOf("console"));
