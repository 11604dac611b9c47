/** Admin API for contact properties: the built-ins, each custom type, edits and deletes, and every bad input with its clear error. */
import { describe, expect, it } from "vitest";
import { adminFetch } from "./helpers/seed";
import { expectError, post, patch, createContact, type Contact } from "./support/crm-admin";

describe("contact properties", () => {
  it("lists the built-ins, creates each custom type, reads, edits and deletes a custom one", async () => {
    const list = (await (await adminFetch("/contact-properties")).json()) as {
      items: { name: string; builtIn: boolean }[];
    };
    expect(list.items.filter((p) => p.builtIn).map((p) => p.name)).toEqual(
      expect.arrayContaining(["email", "first_name", "billing_address", "lifecycle_stage"]),
    );

    for (const type of ["text", "number", "date", "boolean"]) {
      const created = await post("/contact-properties", {
        name: `prop_${type}`,
        label: `A ${type}`,
        type,
        synonyms: [`my ${type}`],
      });
      expect(created.status).toBe(201);
    }
    const plan = await post("/contact-properties", {
      name: "plan",
      label: "Plan",
      type: "enum",
      options: ["free", "pro"],
    });
    expect(await plan.json()).toMatchObject({
      name: "plan",
      type: "enum",
      options: ["free", "pro"],
      synonyms: [],
      builtIn: false,
    });

    const edited = await patch("/contact-properties/plan", {
      label: "Subscription plan",
      options: ["free", "pro", "team"],
      synonyms: ["subscription"],
    });
    expect(await edited.json()).toMatchObject({
      label: "Subscription plan",
      options: ["free", "pro", "team"],
      synonyms: ["subscription"],
    });
    expect(await (await adminFetch("/contact-properties/plan")).json()).toMatchObject({ label: "Subscription plan" });

    const contact = await createContact({
      email: "plan-holder@example.com",
      properties: { prop_text: "x", plan: "Pro" },
    });
    expect(contact.properties.plan).toBe("pro");
    expect((await adminFetch("/contact-properties/prop_text", { method: "DELETE" })).status).toBe(204);
    expect((await adminFetch("/contact-properties/prop_text")).status).toBe(404);
    const after = (await (await adminFetch(`/contacts/${contact.id}`)).json()) as Contact;
    expect(after.properties).toEqual({ plan: "pro" }); // the deleted property's value went with it
  });

  it("edits a built-in's label, synonyms and enum options but never its type, and never deletes it", async () => {
    const before = (await (await adminFetch("/contact-properties/company")).json()) as {
      label: string;
      synonyms: string[];
    };
    const edited = await patch("/contact-properties/company", { label: "Company name", synonyms: ["firm"] });
    expect(await edited.json()).toMatchObject({
      name: "company",
      label: "Company name",
      synonyms: ["firm"],
      builtIn: true,
      type: "text",
    });
    await patch("/contact-properties/company", { label: before.label, synonyms: before.synonyms });

    await expectError(await patch("/contact-properties/company", { type: "number" }), 409, "type_immutable");
    await expectError(await adminFetch("/contact-properties/company", { method: "DELETE" }), 409, "built_in_property");
    await expectError(await adminFetch("/contact-properties/email", { method: "DELETE" }), 409, "built_in_property");
    expect((await adminFetch("/contact-properties/company")).status).toBe(200);
  });

  it("refuses bad definitions with field details", async () => {
    const cases: [unknown, string][] = [
      [{ name: "Bad Name", label: "x", type: "text" }, "name"],
      [{ name: "colour", label: "", type: "text" }, "label"],
      [{ name: "colour", label: "Colour", type: "color" }, "type"],
      [{ name: "colour", label: "Colour", type: "enum" }, "options"],
      [{ name: "colour", label: "Colour", type: "enum", options: [] }, "options"],
      [{ name: "colour", label: "Colour", type: "enum", options: ["Red", "red"] }, "options"],
      [{ name: "colour", label: "Colour", type: "text", options: ["red"] }, "options"],
      [
        { name: "colour", label: "Colour", type: "text", synonyms: Array.from({ length: 21 }, (_, i) => `s${i}`) },
        "synonyms",
      ],
      [{ name: "colour", label: "Colour", type: "text", synonyms: ["x".repeat(61)] }, "synonyms.0"],
      [{ name: "colour", label: "Colour", type: "text", extra: 1 }, "(body)"],
    ];
    for (const [json, field] of cases) {
      const body = await expectError(await post("/contact-properties", json), 400, "invalid_body");
      expect(Object.keys(body.error.details ?? {}), JSON.stringify(json)).toContain(field);
    }
    expect((await adminFetch("/contact-properties/colour")).status).toBe(404); // nothing was created
  });

  it("refuses a duplicate name, a type change, options on a non-enum, and dropping an option in use", async () => {
    await post("/contact-properties", { name: "tier", label: "Tier", type: "enum", options: ["gold", "silver"] });
    await expectError(
      await post("/contact-properties", { name: "tier", label: "Tier again", type: "text" }),
      409,
      "property_exists",
    );
    await expectError(
      await post("/contact-properties", { name: "first_name", label: "First", type: "text" }),
      409,
      "property_exists",
    );
    await expectError(await patch("/contact-properties/tier", { type: "text" }), 409, "type_immutable");
    await expectError(await patch("/contact-properties/first_name", { options: ["a"] }), 400, "invalid_body");
    await createContact({ email: "gold@example.com", properties: { tier: "gold" } });
    await expectError(await patch("/contact-properties/tier", { options: ["silver"] }), 409, "option_in_use");
    expect(await (await adminFetch("/contact-properties/tier")).json()).toMatchObject({ options: ["gold", "silver"] });
    await expectError(await patch("/contact-properties/nope", { label: "x" }), 404, "not_found");
    await expectError(await adminFetch("/contact-properties/nope", { method: "DELETE" }), 404, "not_found");
    await expectError(await adminFetch("/contact-properties/NOT-A-NAME"), 404, "not_found");
  });
});
