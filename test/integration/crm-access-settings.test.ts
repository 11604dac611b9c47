/**
 * The admin's side of CRM access: the preview shows the CRM tool call a question leads to without any
 * value, and the settings warn about edits guarded by less than a verified email and refuse unknown
 * properties and email edits.
 */
import { describe, expect, it } from "vitest";
import { adminFetch } from "./helpers/seed";
import { uniqueAddress } from "./support/mailbox";
import { crmAgent, seedContact } from "./support/crm";

describe("preview", () => {
  it("shows the CRM tool call a question leads to, as a first-time visitor meets it, without any value", async () => {
    await crmAgent("crm-preview", { properties: { billing_address: { show: true, showProtection: "none" } } });
    await seedContact(uniqueAddress("pia"), { billing_address: "Preview Lane 1" });
    const response = await adminFetch("/agents/crm-preview/preview", {
      method: "POST",
      json: { message: "What address do you have for my invoices?" },
    });
    const preview = (await response.json()) as { answer: string; toolCalls: { name: string; input: unknown }[] };
    expect(preview.toolCalls).toEqual([{ name: "lookup_contact_property", input: { property: "billing_address" } }]);
    expect(preview.answer).toMatch(/email address/);
    expect(preview.answer).not.toContain("Preview Lane");
  });
});

describe("CRM settings", () => {
  it("warn when edits are guarded by less than a verified email, and refuse unknown properties and email edits", async () => {
    const put = (crm: unknown) =>
      adminFetch("/agents/crm-settings", {
        method: "PUT",
        // A listed site, so the only warnings are the CRM ones.
        json: {
          name: "CRM",
          personality: "friendly",
          greeting: "Hi",
          settings: { allowedOrigins: ["https://shop.example"], crm },
        },
      });
    const weak = await put({
      properties: {
        billing_address: { show: true, edit: true, editProtection: "match_email" },
        phone: { edit: true, editProtection: "none" },
      },
    });
    expect(weak.status).toBeLessThan(300);
    const body = (await weak.json()) as {
      warnings?: string[];
      settings: { crm: { properties: Record<string, { showProtection: string }> } };
    };
    expect(body.warnings).toHaveLength(2);
    expect(body.warnings?.[0]).toMatch(/billing_address.*verify_email is recommended/);
    expect(body.settings.crm.properties.billing_address?.showProtection).toBe("verify_email"); // the default

    const strong = await put({ properties: { billing_address: { show: true, edit: true } } });
    expect(((await strong.json()) as { warnings?: string[] }).warnings).toBeUndefined();

    for (const [crm, field] of [
      [{ properties: { shoe_size: { show: true } } }, "settings.crm.properties.shoe_size"],
      [{ properties: { email: { edit: true } } }, "settings.crm.properties.email.edit"],
      [
        { properties: { phone: { show: true, showProtection: "trust_me" } } },
        "settings.crm.properties.phone.showProtection",
      ],
      [{ verificationLinkMinutes: 1 }, "settings.crm.verificationLinkMinutes"],
    ] as const) {
      const response = await put(crm);
      expect(response.status, JSON.stringify(crm)).toBe(400);
      expect(((await response.json()) as { error: { details: Record<string, string> } }).error.details).toHaveProperty([
        field,
      ]);
    }
  });
});
