/**
 * Admin routes for contacts in bulk: `POST /contacts/import` (CSV or JSON, checked row by row,
 * with a report of the rejected rows) and `GET /contacts/export?format=csv|json`.
 */
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../lib/app-env";
import { definitionMap } from "../crm/contact-directory";
import { allContacts, contactsCsv } from "../crm/contact-export";
import { importContacts } from "../crm/contact-import";
import { csvRows, jsonRows } from "../crm/import-rows";
import { ApiError } from "../lib/errors";
import { readBodyText } from "../lib/body";
import { routeSpecs } from "../lib/route-spec";

const MAX_IMPORT_BYTES = 2 * 1024 * 1024; // 5,000 rows of a dozen columns fit with room to spare

// Other query parameters are ignored, as they always were.
const exportQuery = z.object({ format: z.enum(["csv", "json"], { message: "One of csv, json" }).default("json") });

const declare = routeSpecs("Contacts");

export const contactBulkRoutes = new Hono<AppEnv>()
  .post(
    "/contacts/import",
    declare({
      summary: "Import contacts from CSV or JSON, checked row by row",
      rawBody: {
        description:
          `At most ${MAX_IMPORT_BYTES} bytes. CSV: a header row of \`email\` and property names. JSON: an ` +
          `array of { email, properties } (or of flat objects of email and property values).`,
        content: {
          "text/csv": { type: "string" },
          "application/json": {
            type: "array",
            items: {
              type: "object",
              properties: { email: { type: "string" }, properties: { type: "object" } },
            },
          },
        },
      },
      response: {
        description: "{ imported, updated, unchanged, rejected: [{ row, email, errors }] }: good rows are kept",
      },
    }),
    async (c) => {
      const type = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
      if (type !== "text/csv" && type !== "application/json") {
        throw new ApiError(415, "unsupported_media_type", "Send the import as text/csv or application/json", {
          "content-type": "text/csv or application/json",
        });
      }
      const text = await readBodyText(c.req.raw, MAX_IMPORT_BYTES);
      const definitions = await definitionMap(c.env);
      const rows = type === "text/csv" ? csvRows(text, new Set(definitions.keys())) : jsonRows(text);
      return c.json(await importContacts(c.env, definitions, rows));
    },
  )
  .get(
    "/contacts/export",
    declare({
      summary: "Export every contact",
      query: exportQuery,
      response: { description: "JSON: { items: [contact] }; CSV (format=csv): one row per contact" },
    }),
    async (c) => {
      const { format } = c.req.valid("query");
      const stamp = new Date().toISOString().slice(0, 10);
      c.header("content-disposition", `attachment; filename="contacts-${stamp}.${format}"`);
      if (format === "csv") return c.body(await contactsCsv(c.env), 200, { "content-type": "text/csv; charset=utf-8" });
      return c.json({ items: await allContacts(c.env) });
    },
  );
