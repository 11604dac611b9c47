/**
 * `/api/docs`, the admin API's reference page: a static shell, served by the Worker with a strict
 * Content-Security-Policy, whose script (built from `api-docs/` into the Worker's static assets)
 * reads `/api/openapi.json` with the visitor's own session. The page holds no data, so it needs no
 * credential; the document it reads does (any admin role).
 */
import { Hono } from "hono";
import type { AppEnv } from "../lib/app-env";

export const API_DOCS_PAGE = "/api/docs";
/** Built by `scripts/build-api-docs.mjs`; served from this Worker's static assets, never a CDN. */
export const API_DOCS_ASSETS = { script: "/api-docs/reference.js", styles: "/api-docs/reference.css" } as const;

/**
 * Only this origin's script and styles, only this origin's document fetched, nothing inline, no
 * framing, no forms, no base URL tricks: the page renders an API description and nothing else.
 */
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="referrer" content="no-referrer" />
    <title>Frontdesk admin API</title>
    <link rel="stylesheet" href="${API_DOCS_ASSETS.styles}" />
    <script src="${API_DOCS_ASSETS.script}" defer></script>
  </head>
  <body>
    <div id="app"><main><p>Loading the API description…</p></main></div>
  </body>
</html>
`;

export const apiDocsPageRoutes = new Hono<AppEnv>().get(API_DOCS_PAGE, (c) =>
  c.html(PAGE, 200, {
    "content-security-policy": CSP,
    "x-frame-options": "DENY", // the same as frame-ancestors, for browsers without it
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
  }),
);
