/** Bulk import (CSV and JSON) and export: good rows kept with import history, bad rows reported and never written, limits. */
import { env } from "cloudflare:workers";
import { eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { database } from "../../worker/db/client";
import { contactChanges, contacts } from "../../worker/db/crm-schema";
import { adminFetch } from "./helpers/seed";

type ErrorResponse = { error: { code: string; message: string; details?: Record<string, string> } };
type Report = {
  imported: number;
  updated: number;
  unchanged: number;
  rejected: { row: number; email?: string; errors: Record<string, string> }[];
};
type Contact = { id: string; email: string; properties: Record<string, unknown> };

const importBody = (body: string, contentType: string) =>
  adminFetch("/contacts/import", { method: "POST", body, headers: { "content-type": contentType } });

async function importOk(body: string, contentType: string): Promise<Report> {
  const response = await importBody(body, contentType);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as Report;
}

async function expectError(response: Response, status: number, code: string): Promise<ErrorResponse> {
  const body = (await response.json()) as ErrorResponse;
  expect(response.status, JSON.stringify(body)).toBe(status);
  expect(body.error).toMatchObject({ code, message: expect.any(String) });
  return body;
}

async function contactByEmail(email: string): Promise<Contact | undefined> {
  return ((await (await adminFetch(`/contacts?email=${encodeURIComponent(email)}`)).json()) as { items: Contact[] })
    .items[0];
}

async function rowsMentioning(emails: string[]): Promise<number> {
  const db = database(env);
  const found = await db.select({ id: contacts.id }).from(contacts).where(inArray(contacts.email, emails));
  return found.length;
}

beforeAll(async () => {
  await adminFetch("/contact-properties", { method: "POST", json: { name: "seats", label: "Seats", type: "number" } });
  await adminFetch("/contact-properties", {
    method: "POST",
    json: { name: "renewal", label: "Renewal", type: "date" },
  });
  await adminFetch("/contact-properties", { method: "POST", json: { name: "vip", label: "VIP", type: "boolean" } });
});

describe("CSV import", () => {
  it("keeps the good rows, reports the bad ones, writes nothing of them, and records import history", async () => {
    const existing = (await (
      await adminFetch("/contacts", {
        method: "POST",
        json: { email: "csv-old@example.com", properties: { company: "Old Co", first_name: "Olga" } },
      })
    ).json()) as Contact;
    const csv = [
      "email,first_name,company,seats,renewal,vip,lifecycle_stage",
      'csv-new@example.com,Nina,"Nina, Inc.",12,2027-01-31,yes,lead',
      "csv-old@example.com,,New Co,,,,",
      "not-an-email,Bad,,,,,",
      "csv-badtypes@example.com,Bea,,lots,2027-13-01,maybe,friend",
      "CSV-NEW@example.com,Again,,,,,",
      ",NoEmail,,,,,",
      "csv-short@example.com,Short",
      'csv-multiline@example.com,Mia,"Line one\nLine two",,,no,',
    ].join("\r\n");
    const report = await importOk(csv, "text/csv");
    expect(report).toMatchObject({ imported: 2, updated: 1, unchanged: 0 });
    expect(report.rejected.map((r) => r.row)).toEqual([3, 4, 5, 6, 7]);
    expect(report.rejected[0]).toEqual({
      row: 3,
      email: "not-an-email",
      errors: { email: "Not a valid email address" },
    });
    expect(Object.keys(report.rejected[1]?.errors ?? {}).sort()).toEqual([
      "lifecycle_stage",
      "renewal",
      "seats",
      "vip",
    ]);
    expect(report.rejected[2]?.errors.email).toContain("row 1");
    expect(report.rejected[3]?.errors).toEqual({ email: "An email is required" });
    expect(report.rejected[4]?.errors).toHaveProperty("(row)");

    expect((await contactByEmail("csv-new@example.com"))?.properties).toEqual({
      first_name: "Nina",
      company: "Nina, Inc.",
      seats: 12,
      renewal: "2027-01-31",
      vip: true,
      lifecycle_stage: "lead",
    });
    expect((await contactByEmail("csv-multiline@example.com"))?.properties).toEqual({
      first_name: "Mia",
      company: "Line one\nLine two",
      vip: false,
    });
    // Empty cells keep what the contact had; given ones replace it.
    expect((await contactByEmail("csv-old@example.com"))?.properties).toEqual({
      first_name: "Olga",
      company: "New Co",
    });
    expect(await rowsMentioning(["not-an-email", "csv-badtypes@example.com", "csv-short@example.com"])).toBe(0);

    const changes = await database(env).select().from(contactChanges).where(eq(contactChanges.contactId, existing.id));
    expect(changes.find((c) => c.property === "company" && c.changedBy === "import")).toMatchObject({
      oldValue: "Old Co",
      newValue: "New Co",
    });
    const created = await contactByEmail("csv-new@example.com");
    const createdChanges = await database(env)
      .select()
      .from(contactChanges)
      .where(eq(contactChanges.contactId, created?.id ?? ""));
    expect(createdChanges.every((c) => c.changedBy === "import")).toBe(true);
    expect(createdChanges.map((c) => c.property).sort()).toEqual([
      "company",
      "email",
      "first_name",
      "lifecycle_stage",
      "renewal",
      "seats",
      "vip",
    ]);

    const again = await importOk(csv, "text/csv"); // importing the same file again changes nothing
    expect(again).toMatchObject({ imported: 0, updated: 0, unchanged: 3 });
  });

  it("refuses a file whose header lacks email or names unknown or repeated columns, importing nothing", async () => {
    await expectError(await importBody("first_name\nAda", "text/csv"), 400, "missing_email_column");
    const unknown = await expectError(
      await importBody("email,shoe_size,first_name\ncsv-unknown@example.com,42,Ada", "text/csv"),
      400,
      "invalid_columns",
    );
    expect(unknown.error.details).toEqual({ shoe_size: 'There is no contact property "shoe_size"' });
    const repeated = await expectError(
      await importBody("email,company,company\ncsv-rep@example.com,A,B", "text/csv"),
      400,
      "invalid_columns",
    );
    expect(repeated.error.details).toHaveProperty("company");
    expect(await rowsMentioning(["csv-unknown@example.com", "csv-rep@example.com"])).toBe(0);
  });
});

describe("JSON import", () => {
  it("takes {email, properties} and flat objects, row by row", async () => {
    const rows = [
      { email: "json-a@example.com", properties: { first_name: "Ann", seats: 3 } },
      { email: "json-b@example.com", last_name: "Berg", vip: false },
      { email: "json-c@example.com", properties: { seats: "three" } },
      { email: "json-d@example.com", shoe_size: 40 },
      "json-e@example.com",
      { email: "json-f@example.com", properties: { first_name: "F" }, company: "stray" },
      { email: "json-g@example.com", properties: ["x"] },
    ];
    const report = await importOk(JSON.stringify(rows), "application/json");
    expect(report).toMatchObject({ imported: 2, updated: 0 });
    expect(report.rejected).toEqual([
      { row: 3, email: "json-c@example.com", errors: { seats: "Seats must be a number" } },
      { row: 4, email: "json-d@example.com", errors: { shoe_size: 'There is no contact property "shoe_size"' } },
      { row: 5, errors: { "(row)": "Each contact is an object" } },
      { row: 6, email: "json-f@example.com", errors: { company: "Put property values inside `properties`" } },
      { row: 7, email: "json-g@example.com", errors: { properties: "Must be an object of property values" } },
    ]);
    expect((await contactByEmail("json-a@example.com"))?.properties).toEqual({ first_name: "Ann", seats: 3 });
    expect((await contactByEmail("json-b@example.com"))?.properties).toEqual({ last_name: "Berg", vip: false });
    expect(
      await rowsMentioning([
        "json-c@example.com",
        "json-d@example.com",
        "json-e@example.com",
        "json-f@example.com",
        "json-g@example.com",
      ]),
    ).toBe(0);
  });

  it("refuses bad JSON, a non-array, another content type, too many rows and an oversized body", async () => {
    await expectError(await importBody("[{", "application/json"), 400, "invalid_json");
    await expectError(await importBody('{"email":"x@example.com"}', "application/json"), 400, "invalid_body");
    await expectError(await importBody("email\nx@example.com", "text/plain"), 415, "unsupported_media_type");
    const many = Array.from({ length: 5_001 }, (_, i) => ({ email: `many${i}@example.com` }));
    await expectError(await importBody(JSON.stringify(many), "application/json"), 413, "too_many_rows");
    const csvMany = ["email", ...Array.from({ length: 5_001 }, (_, i) => `many${i}@example.com`)].join("\n");
    await expectError(await importBody(csvMany, "text/csv"), 413, "too_many_rows");
    await expectError(
      await importBody(`email,company\nbig@example.com,${"x".repeat(2 * 1024 * 1024)}`, "text/csv"),
      413,
      "body_too_large",
    );
    expect(await rowsMentioning(["many0@example.com", "big@example.com"])).toBe(0);
  });
});

describe("export", () => {
  it("exports every contact as JSON and as CSV (one column per property, formulas escaped)", async () => {
    await adminFetch("/contacts", {
      method: "POST",
      json: { email: "export-me@example.com", properties: { company: '=HYPERLINK("x")', seats: 7, vip: true } },
    });
    const json = (await (await adminFetch("/contacts/export?format=json")).json()) as { items: Contact[] };
    expect(json.items.find((c) => c.email === "export-me@example.com")?.properties).toEqual({
      company: '=HYPERLINK("x")',
      seats: 7,
      vip: true,
    });

    const response = await adminFetch("/contacts/export?format=csv");
    expect(response.headers.get("content-type")).toContain("text/csv");
    expect(response.headers.get("content-disposition")).toMatch(/attachment; filename="contacts-.*\.csv"/);
    const csv = await response.text();
    const [header, ...lines] = csv.split("\r\n");
    expect(header?.split(",")).toEqual(expect.arrayContaining(["email", "first_name", "last_name", "seats", "vip"]));
    expect(header?.split(",")[0]).toBe("email");
    const line = lines.find((l) => l.startsWith("export-me@example.com"));
    expect(line).toContain(`"'=HYPERLINK(""x"")"`);
    expect(line).toContain(",7,");
    expect(line).toContain("true");

    await expectError(await adminFetch("/contacts/export?format=xml"), 400, "invalid_query");
  });
});
