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

const MAX_IMPORT_BYTES = 2 * 1024 * 1024; // 5,000 rows of a dozen columns fit with room to spare

const exportFormat = z.enum(["csv", "json"]);

export const contactBulkRoutes = new Hono<AppEnv>()
  .post("/contacts/import", async (c) => {
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
  })
  .get("/contacts/export", async (c) => {
    const format = exportFormat.safeParse(c.req.query("format") ?? "json");
    if (!format.success)
      throw new ApiError(400, "invalid_query", "format must be csv or json", { format: "One of csv, json" });
    const stamp = new Date().toISOString().slice(0, 10);
    c.header("content-disposition", `attachment; filename="contacts-${stamp}.${format.data}"`);
    if (format.data === "csv")
      return c.body(await contactsCsv(c.env), 200, { "content-type": "text/csv; charset=utf-8" });
    return c.json({ items: await allContacts(c.env) });
  });
