/**
 * Who may call which admin route: one table of route → minimum admin role, read by the one
 * middleware that authenticates the admin API (`admin-auth.ts`). A `viewer` reads configuration,
 * knowledge and usage — not contacts' personal data, exports, staff addresses or secrets; an
 * `editor` also edits, tests and publishes agents, knowledge and contacts; an `owner` also manages
 * people, keys, secrets, controls and credits. A route missing from the table is refused to all
 * but owners (and a test fails), so a new route is never open by accident.
 */
import { ADMIN_ROLES, type AdminRole } from "../db/access-schema";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type RouteRule = readonly [method: Method, path: string, role: AdminRole];

/** Every admin route, as registered (below `/api`), with the least role that may call it. */
export const ROUTE_ROLES: readonly RouteRule[] = [
  // Who is calling (the console's first request), and the agents.
  ["GET", "/me", "viewer"],
  // The API's own description: routes and schemas, no data.
  ["GET", "/openapi.json", "viewer"],
  ["GET", "/agents", "viewer"],
  // Agents: configuration, versions, publishing.
  ["GET", "/agents/:id", "viewer"],
  ["PUT", "/agents/:id", "editor"],
  ["DELETE", "/agents/:id", "owner"],
  ["POST", "/agents/:id/publish", "editor"],
  ["POST", "/agents/:id/unpublish", "editor"],
  ["GET", "/agents/:id/versions", "viewer"],
  ["POST", "/agents/:id/restore", "editor"],
  ["POST", "/agents/:id/avatar", "editor"],
  // Live controls and credits, and their usage.
  ["GET", "/agents/:id/controls", "viewer"],
  ["PUT", "/agents/:id/controls", "owner"],
  ["GET", "/agents/:id/usage", "viewer"],
  // Signing secrets: whether one exists is configuration; rotating shows the new one.
  ["GET", "/agents/:id/webhook-secret", "viewer"],
  ["POST", "/agents/:id/webhook-secret", "owner"],
  ["GET", "/agents/:id/identity-secret", "viewer"],
  ["POST", "/agents/:id/identity-secret", "owner"],
  ["POST", "/secrets/reencrypt", "owner"],
  // Backups: every transcript, the stored files and whether secrets open are the whole deployment's data.
  ["GET", "/backup/transcripts", "owner"],
  ["GET", "/backup/objects", "owner"],
  ["GET", "/backup/secrets", "owner"],
  ["POST", "/backup/reindex", "owner"],
  // Knowledge.
  ["GET", "/agents/:id/articles", "viewer"],
  ["GET", "/agents/:id/articles/:aid", "viewer"],
  ["PUT", "/agents/:id/articles/:aid", "editor"],
  ["DELETE", "/agents/:id/articles/:aid", "editor"],
  ["GET", "/agents/:id/analytics", "viewer"],
  ["GET", "/agents/:id/analytics.csv", "viewer"],
  ["GET", "/agents/:id/gaps", "viewer"],
  // Leads hold visitors' answers (team size, budget): personal data, like contacts.
  ["GET", "/agents/:id/leads", "editor"],
  ["POST", "/agents/:id/gaps/:gid/short-answer", "editor"],
  ["POST", "/agents/:id/gaps/:gid/article", "editor"],
  // Channel deployments: secrets go in, never come out.
  ["GET", "/agents/:id/channels", "viewer"],
  ["POST", "/agents/:id/channels", "editor"],
  ["GET", "/agents/:id/channels/:did", "viewer"],
  ["PATCH", "/agents/:id/channels/:did", "editor"],
  ["DELETE", "/agents/:id/channels/:did", "editor"],
  ["POST", "/agents/:id/channels/:did/test", "editor"],
  // Actions (calls to the owner's APIs): part of the agent's settings; credentials go in, never come out.
  ["GET", "/agents/:id/actions", "viewer"],
  ["POST", "/agents/:id/actions", "editor"],
  ["GET", "/agents/:id/actions/:act", "viewer"],
  ["PUT", "/agents/:id/actions/:act", "editor"],
  ["DELETE", "/agents/:id/actions/:act", "editor"],
  ["POST", "/agents/:id/actions/:act/test", "editor"],
  // A workflow hands a conversation to the agent (hand-in).
  ["POST", "/agents/:id/conversations/:conversationId/assign", "editor"],
  ["GET", "/agents/:id/short-answers", "viewer"],
  ["POST", "/agents/:id/short-answers", "editor"],
  ["GET", "/agents/:id/short-answers/:sid", "viewer"],
  ["PUT", "/agents/:id/short-answers/:sid", "editor"],
  ["DELETE", "/agents/:id/short-answers/:sid", "editor"],
  ["GET", "/agents/:id/sources", "viewer"],
  ["POST", "/agents/:id/sources", "editor"],
  ["GET", "/agents/:id/sources/:sid", "viewer"],
  ["PATCH", "/agents/:id/sources/:sid", "editor"],
  ["DELETE", "/agents/:id/sources/:sid", "editor"],
  ["POST", "/agents/:id/sources/:sid/cancel", "editor"],
  ["POST", "/agents/:id/sources/:sid/resync", "editor"],
  ["GET", "/agents/:id/files", "viewer"],
  ["POST", "/agents/:id/files", "editor"],
  ["POST", "/agents/:id/files/:fid/source", "editor"],
  // Testing an agent spends model tokens and can read what it knows about contacts.
  ["POST", "/agents/:id/preview", "editor"],
  ["POST", "/agents/:id/preview-token", "editor"],
  ["POST", "/agents/:id/tests", "editor"],
  ["POST", "/agents/:id/replay", "editor"],
  // Contacts: property definitions are configuration; contacts, their history and exports are personal data.
  ["GET", "/contact-properties", "viewer"],
  ["GET", "/contact-properties/:name", "viewer"],
  ["POST", "/contact-properties", "editor"],
  ["PATCH", "/contact-properties/:name", "editor"],
  ["DELETE", "/contact-properties/:name", "editor"],
  ["GET", "/contacts", "editor"],
  ["POST", "/contacts", "editor"],
  ["GET", "/contacts/export", "editor"],
  ["POST", "/contacts/import", "editor"],
  ["GET", "/contacts/:id", "editor"],
  ["PATCH", "/contacts/:id", "editor"],
  ["DELETE", "/contacts/:id", "editor"],
  ["GET", "/contacts/:id/history", "editor"],
  ["GET", "/contacts/:id/export", "editor"],
  // People: teams are configuration handoff rules name; staff are people, with addresses.
  ["GET", "/teams", "viewer"],
  ["GET", "/teams/:tid", "viewer"],
  ["POST", "/teams", "owner"],
  ["PUT", "/teams/:tid", "owner"],
  ["DELETE", "/teams/:tid", "owner"],
  ["GET", "/staff", "editor"],
  ["GET", "/staff/:sid", "editor"],
  ["POST", "/staff", "owner"],
  ["PATCH", "/staff/:sid", "owner"],
  ["DELETE", "/staff/:sid", "owner"],
  ["POST", "/staff/:sid/invitation", "owner"],
  // Who changed what: names and states, never contacts' values or secrets.
  ["GET", "/audit", "viewer"],
  ["GET", "/keys", "owner"],
  ["POST", "/keys", "owner"],
  ["DELETE", "/keys/:kid", "owner"],
];

const RANK: Record<AdminRole, number> = Object.fromEntries(ADMIN_ROLES.map((role, i) => [role, i])) as Record<
  AdminRole,
  number
>;
const BY_ROUTE = new Map(ROUTE_ROLES.map(([method, path, role]) => [`${method} ${path}`, role]));

/** The least role for a registered route (`path` as registered, e.g. `/agents/:id`); owner for one not in the table. */
export function requiredRole(method: string, path: string): AdminRole {
  return BY_ROUTE.get(`${method.toUpperCase()} ${path}`) ?? "owner";
}

/** Whether `role` includes everything `needed` may do. */
export const grants = (role: AdminRole, needed: AdminRole): boolean => RANK[role] >= RANK[needed];
