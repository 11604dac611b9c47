/** Admin API for contacts: happy paths, history, and every bad input with its clear error. */
import { describe, expect, it } from "vitest";
import { adminFetch } from "./helpers/seed";
import { expectError, post, patch, createContact, history, type Contact } from "./support/crm-admin";

describe("contacts", () => {
  it("creates, reads, updates (null removes), changes the email, and records admin history newest first", async () => {
    const contact = await createContact({
      email: " Ada@Example.COM ",
      properties: { first_name: "Ada", company: "Analytical Engines" },
    });
    expect(contact).toMatchObject({
      email: "ada@example.com",
      properties: { first_name: "Ada", company: "Analytical Engines" },
    });
    expect(await (await adminFetch(`/contacts/${contact.id}`)).json()).toMatchObject({
      id: contact.id,
      email: "ada@example.com",
    });

    const updated = await patch(`/contacts/${contact.id}`, {
      email: "ada.lovelace@example.com",
      properties: { company: null, lifecycle_stage: "Customer" },
    });
    expect(updated.status).toBe(200);
    expect(await updated.json()).toMatchObject({
      email: "ada.lovelace@example.com",
      properties: { first_name: "Ada", lifecycle_stage: "customer" },
    });
    const stored = (await (await adminFetch(`/contacts/${contact.id}`)).json()) as Contact;
    expect(stored.properties.company).toBeUndefined();

    const changes = await history(contact.id);
    expect(changes.every((c) => c.changedBy === "admin")).toBe(true);
    expect(changes.map((c) => c.createdAt)).toEqual([...changes.map((c) => c.createdAt)].sort((a, b) => b - a));
    expect(changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ property: "company", oldValue: "Analytical Engines", newValue: null }),
        expect.objectContaining({
          property: "email",
          oldValue: "ada@example.com",
          newValue: "ada.lovelace@example.com",
        }),
        expect.objectContaining({ property: "lifecycle_stage", oldValue: null, newValue: "customer" }),
        expect.objectContaining({ property: "first_name", oldValue: null, newValue: "Ada" }),
      ]),
    );
  });

  it("searches by exact email (any case) and by prefix, with paging", async () => {
    for (const n of [1, 2, 3]) await createContact({ email: `pager${n}@paging.example`, properties: {} });
    const exact = (await (await adminFetch("/contacts?email=PAGER2@Paging.Example")).json()) as { items: Contact[] };
    expect(exact.items.map((c) => c.email)).toEqual(["pager2@paging.example"]);

    const first = (await (await adminFetch("/contacts?q=pager&limit=2")).json()) as {
      items: Contact[];
      nextCursor: string | null;
    };
    expect(first.items.map((c) => c.email)).toEqual(["pager1@paging.example", "pager2@paging.example"]);
    const second = (await (
      await adminFetch(`/contacts?q=pager&limit=2&cursor=${encodeURIComponent(first.nextCursor ?? "")}`)
    ).json()) as { items: Contact[]; nextCursor: string | null };
    expect(second).toEqual({ items: [expect.objectContaining({ email: "pager3@paging.example" })], nextCursor: null });
    expect(
      ((await (await adminFetch("/contacts?email=nobody@paging.example")).json()) as { items: Contact[] }).items,
    ).toEqual([]);
    await expectError(await adminFetch("/contacts?limit=0"), 400, "invalid_query");
    await expectError(await adminFetch("/contacts?limit=9999"), 400, "invalid_query");
    await expectError(await adminFetch("/contacts?colour=red"), 400, "invalid_query");
  });

  it("refuses a wrong value for each type, unknown properties and bad emails, writing nothing", async () => {
    await post("/contact-properties", { name: "seats", label: "Seats", type: "number" });
    await post("/contact-properties", { name: "renewal", label: "Renewal", type: "date" });
    await post("/contact-properties", { name: "vip", label: "VIP", type: "boolean" });
    const cases: [Record<string, unknown>, string][] = [
      [{ first_name: 42 }, "properties.first_name"],
      [{ first_name: "   " }, "properties.first_name"],
      [{ job_title: "x".repeat(1001) }, "properties.job_title"],
      [{ seats: "many" }, "properties.seats"],
      [{ renewal: "2026-02-30" }, "properties.renewal"],
      [{ renewal: "next week" }, "properties.renewal"],
      [{ lifecycle_stage: "friend" }, "properties.lifecycle_stage"],
      [{ vip: "perhaps" }, "properties.vip"],
      [{ shoe_size: "42" }, "properties.shoe_size"],
      [{ email: "other@example.com" }, "properties.email"],
      [{ company: null }, "properties.company"],
    ];
    for (const [properties, field] of cases) {
      const body = await expectError(
        await post("/contacts", { email: "typed@example.com", properties }),
        400,
        "invalid_contact",
      );
      expect(Object.keys(body.error.details ?? {}), JSON.stringify(properties)).toEqual([field]);
    }
    for (const email of ["jane@example", "not an email", "", "a@b.c"]) {
      const body = await expectError(await post("/contacts", { email, properties: {} }), 400, "invalid_contact");
      expect(body.error.details).toHaveProperty("email");
    }
    await expectError(await post("/contacts", { properties: {} }), 400, "invalid_body");
    await expectError(await post("/contacts", { email: "typed@example.com", tags: [] }), 400, "invalid_body");
    await expectError(
      await adminFetch("/contacts", {
        method: "POST",
        body: "{not json",
        headers: { "content-type": "application/json" },
      }),
      400,
      "invalid_json",
    );
    const none = (await (await adminFetch("/contacts?email=typed@example.com")).json()) as { items: Contact[] };
    expect(none.items).toEqual([]);
  });

  it("refuses a duplicate email on create and on update, and a bad update, keeping what was there", async () => {
    const first = await createContact({ email: "dup@example.com", properties: { first_name: "First" } });
    const second = await createContact({ email: "dup2@example.com", properties: {} });
    await expectError(await post("/contacts", { email: "DUP@example.com", properties: {} }), 409, "email_taken");
    await expectError(await patch(`/contacts/${second.id}`, { email: "dup@example.com" }), 409, "email_taken");
    await expectError(
      await patch(`/contacts/${first.id}`, { properties: { first_name: "New", lifecycle_stage: "friend" } }),
      400,
      "invalid_contact",
    );
    expect(await (await adminFetch(`/contacts/${first.id}`)).json()).toMatchObject({
      email: "dup@example.com",
      properties: { first_name: "First" },
    });
    expect(await (await adminFetch(`/contacts/${second.id}`)).json()).toMatchObject({ email: "dup2@example.com" });
  });

  it("answers unknown ids with 404 and refuses missing or wrong admin tokens", async () => {
    const unknown = "ct_AAAAAAAAAAAAAAAAAAAAAA";
    await expectError(await adminFetch(`/contacts/${unknown}`), 404, "not_found");
    await expectError(await patch(`/contacts/${unknown}`, { properties: {} }), 404, "not_found");
    await expectError(await adminFetch(`/contacts/${unknown}/history`), 404, "not_found");
    await expectError(await adminFetch("/contacts/not-an-id"), 404, "not_found");
    for (const token of [null, "wrong-token"]) {
      await expectError(await adminFetch("/contacts", { token }), 401, "unauthorized");
      await expectError(
        await adminFetch("/contact-properties", {
          token,
          method: "POST",
          json: { name: "x", label: "x", type: "text" },
        }),
        401,
        "unauthorized",
      );
    }
  });

  it("refuses an oversized body with 413", async () => {
    await expectError(
      await post("/contacts", { email: "big@example.com", properties: { company: "x".repeat(300_000) } }),
      413,
      "body_too_large",
    );
  });
});
