/**
 * Admin routes for staff: invite (the response carries the invitation link once), list, read,
 * change name/role/availability, delete (which ends their sessions at once), and new links.
 */
import { Hono, type Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../lib/app-env";
import { ADMIN_ROLES } from "../db/access-schema";
import { database } from "../db/client";
import { disconnectStaff } from "../inbox/presence";
import { ApiError, notFound } from "../lib/errors";
import { pathParam, readPathParam, routeSpecs } from "../lib/route-spec";
import {
  createInvitation,
  createStaff,
  deleteStaff,
  getStaff,
  listStaff,
  publicStaff,
  updateStaff,
} from "../staff/accounts";

const STAFF_ID = /^st_[A-Za-z0-9_-]{16}$/;
const MAX_NAME_CHARS = 80; // shown to visitors in the chat header

const role = z.enum(["admin", "agent"]);
const name = z.string().trim().min(1).max(MAX_NAME_CHARS);
/** The account's role in the admin API and console; null: none (an inbox-only account). */
const adminRole = z.enum(ADMIN_ROLES).nullable();
const createBody = z.strictObject({
  email: z.email().max(254),
  name,
  role: role.default("agent"),
  adminRole: adminRole.default(null),
});
const updateBody = z.strictObject({
  name: name.optional(),
  role: role.optional(),
  adminRole: adminRole.optional(),
  available: z.boolean().optional(),
});

/** Where the inbox accepts an invitation; the token sits in the fragment, so it never reaches server logs. */
export const invitationUrl = (c: Context<AppEnv>, token: string): string =>
  `${new URL(c.req.url).origin}/inbox/#invite=${token}`;

const staffIdPath = pathParam(z.string().regex(STAFF_ID).describe("The staff member's id"), () =>
  notFound("Staff member"),
);
const staffIdParam = (c: Context<AppEnv>): string => readPathParam(c, "sid", staffIdPath);

const declare = routeSpecs("Staff");
const params = { sid: staffIdPath };
const STAFF = "{ id, email, name, role, adminRole, available, invitationPending, createdAt, updatedAt }";

export const staffRoutes = new Hono<AppEnv>()
  .post(
    "/staff",
    declare({
      summary: "Invite a person (inbox role, and optionally an admin role)",
      body: createBody,
      response: { status: 201, description: `{ staff: ${STAFF}, invitationUrl }: the link is shown this once` },
    }),
    async (c) => {
      const created = await createStaff(database(c.env), c.req.valid("json"));
      if (!created) throw new ApiError(409, "email_taken", "A staff member with this email exists already");
      return c.json({ staff: publicStaff(created.row), invitationUrl: invitationUrl(c, created.invitation) }, 201);
    },
  )
  .get("/staff", declare({ summary: "List staff", response: { description: `{ items: [${STAFF}] }` } }), async (c) =>
    c.json({ items: (await listStaff(database(c.env))).map(publicStaff) }),
  )
  .get(
    "/staff/:sid",
    declare({ summary: "Read a staff member", params, response: { description: STAFF } }),
    async (c) => {
      const row = await getStaff(database(c.env), staffIdParam(c));
      if (!row) throw notFound("Staff member");
      return c.json(publicStaff(row));
    },
  )
  .patch(
    "/staff/:sid",
    declare({
      summary: "Change a staff member's name, roles or availability",
      params,
      body: updateBody,
      response: { description: STAFF },
    }),
    async (c) => {
      const id = staffIdParam(c);
      const row = await updateStaff(database(c.env), id, c.req.valid("json"));
      if (!row) throw notFound("Staff member");
      return c.json(publicStaff(row));
    },
  )
  .delete(
    "/staff/:sid",
    declare({
      summary: "Delete a staff member (their sessions end at once)",
      params,
      response: { status: 204, description: "Deleted" },
    }),
    async (c) => {
      const id = staffIdParam(c);
      if (!(await deleteStaff(database(c.env), id))) throw notFound("Staff member");
      await disconnectStaff(c.env, id);
      return c.body(null, 204);
    },
  )
  .post(
    "/staff/:sid/invitation",
    declare({
      summary: "A new invitation link (the earlier one stops working)",
      params,
      response: { status: 201, description: "{ invitationUrl }, shown this once" },
    }),
    async (c) => {
      const id = staffIdParam(c);
      if (!(await getStaff(database(c.env), id))) throw notFound("Staff member");
      return c.json({ invitationUrl: invitationUrl(c, await createInvitation(database(c.env), id)) }, 201);
    },
  );
