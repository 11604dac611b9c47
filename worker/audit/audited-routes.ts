/**
 * Which admin routes change something, and how the audit log records each: the kind of thing
 * changed, the action, where its state can be read before the change (`resource`, a GET route of
 * the admin API), and what of it may be kept — its state (redacted), only which contact properties
 * changed, only counts, or nothing (secrets). A write route missing here, and not listed as
 * changing nothing, fails `test/integration/audit-log.test.ts`.
 */
export type Keep = "state" | "names" | "counts" | "nothing";
export type AuditedRoute = {
  kind: string;
  /** The action, or for a PUT that creates or replaces: `create` on 201, `update` otherwise. */
  action: string | "save";
  /** A GET route (same parameters) whose answer is the state before the change. */
  resource?: string;
  keep: Keep;
};

const AGENT = "/agents/:id";
const SOURCE = "/agents/:id/sources/:sid";
const ACTION = "/agents/:id/actions/:act";

export const AUDITED_ROUTES: ReadonlyMap<string, AuditedRoute> = new Map([
  ["PUT /agents/:id", { kind: "agent", action: "save", resource: AGENT, keep: "state" }],
  ["DELETE /agents/:id", { kind: "agent", action: "delete", resource: AGENT, keep: "state" }],
  ["POST /agents/:id/publish", { kind: "agent", action: "publish", resource: AGENT, keep: "state" }],
  ["POST /agents/:id/unpublish", { kind: "agent", action: "unpublish", resource: AGENT, keep: "state" }],
  ["POST /agents/:id/restore", { kind: "agent", action: "restore", resource: AGENT, keep: "state" }],
  ["POST /agents/:id/avatar", { kind: "avatar", action: "upload", keep: "state" }],
  ["PUT /agents/:id/controls", { kind: "controls", action: "update", resource: "/agents/:id/controls", keep: "state" }],
  ["POST /agents/:id/webhook-secret", { kind: "secret", action: "rotate", keep: "nothing" }],
  ["POST /agents/:id/identity-secret", { kind: "secret", action: "rotate", keep: "nothing" }],
  ["POST /secrets/reencrypt", { kind: "secret", action: "reencrypt", keep: "counts" }],
  ["POST /backup/reindex", { kind: "backup", action: "reindex", keep: "counts" }],
  [
    "PUT /agents/:id/articles/:aid",
    { kind: "article", action: "save", resource: "/agents/:id/articles/:aid", keep: "state" },
  ],
  [
    "DELETE /agents/:id/articles/:aid",
    { kind: "article", action: "delete", resource: "/agents/:id/articles/:aid", keep: "state" },
  ],
  ["POST /agents/:id/channels", { kind: "channel", action: "deploy", keep: "state" }],
  ["POST /agents/:id/conversations/:conversationId/assign", { kind: "conversation", action: "assign", keep: "state" }],
  [
    "PATCH /agents/:id/channels/:did",
    { kind: "channel", action: "update", resource: "/agents/:id/channels/:did", keep: "state" },
  ],
  [
    "DELETE /agents/:id/channels/:did",
    { kind: "channel", action: "remove", resource: "/agents/:id/channels/:did", keep: "state" },
  ],
  ["POST /agents/:id/actions", { kind: "action", action: "create", keep: "state" }],
  ["PUT /agents/:id/actions/:act", { kind: "action", action: "update", resource: ACTION, keep: "state" }],
  ["DELETE /agents/:id/actions/:act", { kind: "action", action: "delete", resource: ACTION, keep: "state" }],
  // A test run calls the owner's system (a write action writes): who ran it, its status and duration; no data.
  ["POST /agents/:id/actions/:act/test", { kind: "action", action: "test", keep: "counts" }],
  ["POST /agents/:id/short-answers", { kind: "short_answer", action: "create", keep: "state" }],
  ["POST /agents/:id/gaps/:gid/short-answer", { kind: "short_answer", action: "create", keep: "state" }],
  ["POST /agents/:id/gaps/:gid/article", { kind: "article", action: "create", keep: "state" }],
  [
    "PUT /agents/:id/short-answers/:sid",
    { kind: "short_answer", action: "update", resource: "/agents/:id/short-answers/:sid", keep: "state" },
  ],
  [
    "DELETE /agents/:id/short-answers/:sid",
    { kind: "short_answer", action: "delete", resource: "/agents/:id/short-answers/:sid", keep: "state" },
  ],
  ["POST /agents/:id/sources", { kind: "source", action: "create", keep: "state" }],
  ["PATCH /agents/:id/sources/:sid", { kind: "source", action: "update", resource: SOURCE, keep: "state" }],
  ["DELETE /agents/:id/sources/:sid", { kind: "source", action: "delete", resource: SOURCE, keep: "state" }],
  ["POST /agents/:id/sources/:sid/cancel", { kind: "source", action: "cancel", resource: SOURCE, keep: "state" }],
  ["POST /agents/:id/sources/:sid/resync", { kind: "source", action: "resync", resource: SOURCE, keep: "state" }],
  ["POST /agents/:id/files", { kind: "file", action: "upload", keep: "state" }],
  ["POST /agents/:id/files/:fid/source", { kind: "source", action: "create", keep: "state" }],
  ["POST /contact-properties", { kind: "contact_property", action: "create", keep: "state" }],
  [
    "PATCH /contact-properties/:name",
    { kind: "contact_property", action: "update", resource: "/contact-properties/:name", keep: "state" },
  ],
  [
    "DELETE /contact-properties/:name",
    { kind: "contact_property", action: "delete", resource: "/contact-properties/:name", keep: "state" },
  ],
  ["POST /contacts", { kind: "contact", action: "create", keep: "names" }],
  ["PATCH /contacts/:id", { kind: "contact", action: "update", resource: "/contacts/:id", keep: "names" }],
  ["DELETE /contacts/:id", { kind: "contact", action: "erase", keep: "nothing" }],
  ["POST /contacts/import", { kind: "contact", action: "import", keep: "counts" }],
  ["POST /teams", { kind: "team", action: "create", keep: "state" }],
  ["PUT /teams/:tid", { kind: "team", action: "update", resource: "/teams/:tid", keep: "state" }],
  ["DELETE /teams/:tid", { kind: "team", action: "delete", resource: "/teams/:tid", keep: "state" }],
  ["POST /staff", { kind: "staff", action: "invite", keep: "state" }],
  ["PATCH /staff/:sid", { kind: "staff", action: "update", resource: "/staff/:sid", keep: "state" }],
  ["DELETE /staff/:sid", { kind: "staff", action: "delete", resource: "/staff/:sid", keep: "state" }],
  ["POST /staff/:sid/invitation", { kind: "staff", action: "reinvite", keep: "nothing" }],
  ["POST /keys", { kind: "api_key", action: "create", keep: "state" }],
  ["DELETE /keys/:kid", { kind: "api_key", action: "revoke", keep: "state" }],
] satisfies [string, AuditedRoute][]);

/** Write routes that change nothing an admin configures: they test an agent or mint a short-lived token. */
export const CHANGES_NOTHING: ReadonlySet<string> = new Set([
  "POST /agents/:id/preview",
  "POST /agents/:id/preview-token",
  "POST /agents/:id/tests",
  "POST /agents/:id/replay",
  "POST /agents/:id/channels/:did/test",
]);
