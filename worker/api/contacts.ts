/** Admin routes for contacts: search by email (paged), create, read, update (null removes a value) and the change history. */
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../lib/app-env";
import { contactHistory, createContact, getContact, listContacts, updateContact } from "../crm/contact-directory";
import { notFound } from "../lib/errors";
import { parseQuery, readJson } from "../lib/validate";
import { contactIdParam } from "./contact-id";

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

export const contactRoutes = new Hono<AppEnv>()
  .get("/contacts", async (c) => {
    const { email, q, limit, cursor } = parseQuery(listQuery, c.req.query());
    return c.json(await listContacts(c.env, { email, prefix: q, limit, cursor }));
  })
  .post("/contacts", async (c) => c.json(await createContact(c.env, await readJson(c, createBody), "admin"), 201))
  .get("/contacts/:id", async (c) => {
    const contact = await getContact(c.env, contactIdParam(c));
    if (!contact) throw notFound("Contact");
    return c.json(contact);
  })
  .patch("/contacts/:id", async (c) => {
    const id = contactIdParam(c);
    const contact = await updateContact(c.env, id, await readJson(c, updateBody), "admin");
    if (!contact) throw notFound("Contact");
    return c.json(contact);
  })
  .get("/contacts/:id/history", async (c) => {
    const id = contactIdParam(c);
    const { limit } = parseQuery(historyQuery, c.req.query());
    if (!(await getContact(c.env, id))) throw notFound("Contact");
    return c.json({ items: await contactHistory(c.env, id, limit) });
  });
