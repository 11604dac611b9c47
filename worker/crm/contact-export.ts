/**
 * Export of every contact with its values: JSON (as the API shows contacts) or CSV (one column
 * per property, in definition order, the import's format). Cells a spreadsheet would run as a
 * formula (`=`, `+`, `-`, `@`, …) get a leading `'` from papaparse, so they open as text.
 */
import { asc, gt } from "drizzle-orm";
import { unparse } from "papaparse";
import { database } from "../db/client";
import { contacts, type PropertyValue } from "../db/crm-schema";
import type { ContactView } from "./contact-directory";
import { valuesOfContacts } from "./contact-writes";
import { EMAIL_PROPERTY, listDefinitions } from "./definitions";

const READ_PAGE = 500; // contacts read per query while exporting

export async function allContacts(env: Pick<Env, "DB">): Promise<ContactView[]> {
  const result: ContactView[] = [];
  let after = "";
  for (;;) {
    const rows = await database(env)
      .select()
      .from(contacts)
      .where(gt(contacts.email, after))
      .orderBy(asc(contacts.email))
      .limit(READ_PAGE);
    const values = await valuesOfContacts(
      env,
      rows.map((r) => r.id),
    );
    for (const row of rows) result.push({ ...row, properties: values.get(row.id) ?? {} });
    const last = rows[rows.length - 1];
    if (!last || rows.length < READ_PAGE) return result;
    after = last.email;
  }
}

const cell = (value: PropertyValue | undefined): string => (value === undefined ? "" : String(value));

export async function contactsCsv(env: Pick<Env, "DB">): Promise<string> {
  const columns = (await listDefinitions(env)).map((d) => d.name).filter((name) => name !== EMAIL_PROPERTY);
  const rows = (await allContacts(env)).map((c) => [c.email, ...columns.map((name) => cell(c.properties[name]))]);
  return unparse({ fields: [EMAIL_PROPERTY, ...columns], data: rows }, { escapeFormulae: true, newline: "\r\n" });
}
