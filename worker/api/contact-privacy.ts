/** GDPR routes of a contact: `GET /contacts/:id/export` (everything held about them) and `DELETE /contacts/:id` (erase; idempotent). */
import { Hono } from "hono";
import type { AppEnv } from "../lib/app-env";
import { eraseContact } from "../crm/contact-erase";
import { exportContactData } from "../crm/privacy-export";
import { notFound } from "../lib/errors";
import { routeSpecs } from "../lib/route-spec";
import { contactIdParam, contactIdPath } from "./contact-id";

const declare = routeSpecs("Contacts");
const params = { id: contactIdPath };

export const contactPrivacyRoutes = new Hono<AppEnv>()
  .get(
    "/contacts/:id/export",
    declare({
      summary: "Everything held about a contact (GDPR access)",
      params,
      response: {
        description:
          "The contact's values, history, verifications, visitors, the conversations proven to be theirs " +
          "with transcripts, and others linked only by a typed address",
      },
    }),
    async (c) => {
      const data = await exportContactData(c.env, contactIdParam(c));
      if (!data) throw notFound("Contact");
      return c.json(data);
    },
  )
  .delete(
    "/contacts/:id",
    declare({
      summary: "Erase a contact everywhere (GDPR erasure; idempotent)",
      params,
      response: { description: "What was erased, as counts; a retry after a failure finishes the job" },
    }),
    async (c) => {
      const result = await eraseContact(c.env, contactIdParam(c));
      if (!result) throw notFound("Contact");
      return c.json(result);
    },
  );
