/** Admin routes for contacts: search by email (paged), create, read, update (null removes a value) and the change history. */
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../lib/app-env";
import { contactHistory, createContact, getContact, listContacts, updateContact } from "../crm/contact-directory";
import { notFound } from "../lib/errors";
import { routeSpecs } from "../lib/route-spec";
import { contactIdParam, contactIdPath } from "./contact-id";

const MAX_PAGE = 200; // contacts per page, each with its values
const DEFAULT_PAGE = 50;
const MAX_HISTORY = 500;
const MAX_EMAIL_CHARS = 254;
const MAX_PROPERTIES = 200; // more than any contact has properties

const properties = z
  .record(z.string().max(64), z.unknown())
  .refine((p) => Object.keys(p).length <= MAX_PROPERTIES, `At most ${MAX_PROPERTIES} properties`);
const createBody = z.strictObject({ email: z.string().max(MAX_EMAIL_CHARS), properties: properties.default({}) });
const updateBody = z.strictObject({
  email: z.string().max(MAX_EMAIL_CHARS).optional(),
  properties: properties.optional(),
});

const listQuery = z.strictObject({
  email: z.string().min(1).max(MAX_EMAIL_CHARS).optional(),
  q: z.string().min(1).max(MAX_EMAIL_CHARS).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(DEFAULT_PAGE),
  cursor: z.string().min(1).max(MAX_EMAIL_CHARS).optional(),
});
const historyQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(MAX_HISTORY).default(MAX_HISTORY) });

const declare = routeSpecs("Contacts");
const params = { id: contactIdPath };
const CONTACT = "The contact: { id, email, properties: { name: value }, createdAt, updatedAt }";

export const contactRoutes = new Hono<AppEnv>()
  .get(
    "/contacts",
    declare({
      summary: "Find contacts by email, or by email prefix (q), paged",
      query: listQuery,
      response: { description: `{ items: [contact], nextCursor }` },
    }),
    async (c) => {
      const { email, q, limit, cursor } = c.req.valid("query");
      return c.json(await listContacts(c.env, { email, prefix: q, limit, cursor }));
    },
  )
  .post(
    "/contacts",
    declare({ summary: "Create a contact", body: createBody, response: { status: 201, description: CONTACT } }),
    async (c) => c.json(await createContact(c.env, c.req.valid("json"), "admin"), 201),
  )
  .get(
    "/contacts/:id",
    declare({ summary: "Read a contact", params, response: { description: CONTACT } }),
    async (c) => {
      const contact = await getContact(c.env, contactIdParam(c));
      if (!contact) throw notFound("Contact");
      return c.json(contact);
    },
  )
  .patch(
    "/contacts/:id",
    declare({
      summary: "Change a contact's email or property values (null removes a value)",
      params,
      body: updateBody,
      response: { description: CONTACT },
    }),
    async (c) => {
      const id = contactIdParam(c);
      const contact = await updateContact(c.env, id, c.req.valid("json"), "admin");
      if (!contact) throw notFound("Contact");
      return c.json(contact);
    },
  )
  .get(
    "/contacts/:id/history",
    declare({
      summary: "A contact's change history, newest first",
      params,
      query: historyQuery,
      response: {
        description: "{ items: [{ id, property, oldValue, newValue, changedBy, conversationId, createdAt }] }",
      },
    }),
    async (c) => {
      const id = contactIdParam(c);
      const { limit } = c.req.valid("query");
      if (!(await getContact(c.env, id))) throw notFound("Contact");
      return c.json({ items: await contactHistory(c.env, id, limit) });
    },
  );
