/** GDPR routes of a contact: `GET /contacts/:id/export` (everything held about them) and `DELETE /contacts/:id` (erase; idempotent). */
import { Hono } from "hono";
import type { AppEnv } from "../lib/app-env";
import { eraseContact } from "../crm/contact-erase";
import { exportContactData } from "../crm/privacy-export";
import { notFound } from "../lib/errors";
import { contactIdParam } from "./contact-id";

export const contactPrivacyRoutes = new Hono<AppEnv>()
  .get("/contacts/:id/export", async (c) => {
    const data = await exportContactData(c.env, contactIdParam(c));
    if (!data) throw notFound("Contact");
    return c.json(data);
  })
  .delete("/contacts/:id", async (c) => {
    const result = await eraseContact(c.env, contactIdParam(c));
    if (!result) throw notFound("Contact");
    return c.json(result);
  });
