/**
 * The pure parts of CRM access: access decisions per protection level, typed values, confirmations, and the offline
 * model's CRM intents.
 */
import { describe, expect, it } from "vitest";
import { decideAccess, type AccessFacts } from "./access";
import { crmSettingsOf } from "./access-settings";
import { confirmationOf } from "./confirmation";
import type { CrmPromptProperty } from "./session";
import { parsePropertyValue } from "./values";
import { askValueLine, crmIntent, crmReply } from "../agent/offline/crm";

const nothing: AccessFacts = {
  verifiedContactId: null,
  matchedContactId: null,
  trustedContact: null,
  knownEmail: null,
};
const trusted = { id: "ct_1", email: "jane@example.com" };

describe("decideAccess", () => {
  it("none: the address the visitor gave is enough; without one the agent asks", () => {
    expect(decideAccess("none", nothing)).toEqual({ kind: "ask_email" });
    expect(decideAccess("none", { ...nothing, knownEmail: "jane@example.com" })).toEqual({
      kind: "granted_by_email",
      email: "jane@example.com",
    });
  });

  it("match_email: the typed address must be the proven contact's own; otherwise it falls back to verification", () => {
    expect(decideAccess("match_email", { ...nothing, trustedContact: trusted })).toEqual({ kind: "ask_email" });
    expect(
      decideAccess("match_email", { ...nothing, trustedContact: trusted, knownEmail: "jane@example.com" }),
    ).toEqual({ kind: "matched", contactId: "ct_1" });
    expect(
      decideAccess("match_email", { ...nothing, trustedContact: trusted, knownEmail: "mallory@example.com" }),
    ).toEqual({ kind: "verify", email: "mallory@example.com" });
    expect(decideAccess("match_email", { ...nothing, knownEmail: "jane@example.com" })).toEqual({
      kind: "verify",
      email: "jane@example.com",
    });
    expect(decideAccess("match_email", { ...nothing, matchedContactId: "ct_1" })).toEqual({
      kind: "granted",
      contactId: "ct_1",
    });
  });

  it("verify_email: a typed or matched address never counts; only a verification does", () => {
    expect(decideAccess("verify_email", nothing)).toEqual({ kind: "ask_email" });
    expect(
      decideAccess("verify_email", {
        ...nothing,
        knownEmail: "jane@example.com",
        matchedContactId: "ct_1",
        trustedContact: trusted,
      }),
    ).toEqual({ kind: "verify", email: "jane@example.com" });
    expect(decideAccess("verify_email", { ...nothing, verifiedContactId: "ct_1" })).toEqual({
      kind: "granted",
      contactId: "ct_1",
    });
  });
});

describe("parsePropertyValue", () => {
  const label = "Value";
  it("checks each type and reads values from text", () => {
    expect(parsePropertyValue({ type: "text", options: null, label }, "  12 Main St ")).toEqual({
      ok: true,
      value: "12 Main St",
    });
    expect(parsePropertyValue({ type: "text", options: null, label }, "   ").ok).toBe(false);
    expect(parsePropertyValue({ type: "text", options: null, label }, 12).ok).toBe(false);
    expect(parsePropertyValue({ type: "number", options: null, label }, "1,250.5")).toEqual({
      ok: true,
      value: 1250.5,
    });
    expect(parsePropertyValue({ type: "number", options: null, label }, "twelve").ok).toBe(false);
    expect(parsePropertyValue({ type: "date", options: null, label }, "2026-02-28")).toEqual({
      ok: true,
      value: "2026-02-28",
    });
    expect(parsePropertyValue({ type: "date", options: null, label }, "2026-02-30").ok).toBe(false);
    expect(parsePropertyValue({ type: "date", options: null, label }, "28/02/2026").ok).toBe(false);
    expect(parsePropertyValue({ type: "enum", options: ["lead", "customer"], label }, "Customer")).toEqual({
      ok: true,
      value: "customer",
    });
    expect(parsePropertyValue({ type: "enum", options: ["lead", "customer"], label }, "vip")).toEqual({
      ok: false,
      error: "Value must be one of: lead, customer",
    });
    expect(parsePropertyValue({ type: "boolean", options: null, label }, "yes")).toEqual({ ok: true, value: true });
    expect(parsePropertyValue({ type: "boolean", options: null, label }, false)).toEqual({ ok: true, value: false });
    expect(parsePropertyValue({ type: "boolean", options: null, label }, "maybe").ok).toBe(false);
  });
});

describe("confirmationOf", () => {
  it("reads a short yes or no, and nothing else", () => {
    for (const yes of ["Yes", "yes please", "Yep, go ahead", "Correct!", "OK"]) expect(confirmationOf(yes)).toBe("yes");
    for (const no of ["No", "no thanks", "Don’t change it", "cancel"]) expect(confirmationOf(no)).toBe("no");
    for (const other of [
      "What is my phone number?",
      "yes but first tell me what my billing address is and when my invoice is due",
    ])
      expect(confirmationOf(other)).toBeNull();
  });
});

describe("the offline model's CRM intents", () => {
  const properties: CrmPromptProperty[] = [
    {
      name: "billing_address",
      label: "Billing address",
      synonyms: ["invoice address", "address for my invoices"],
      read: true,
      edit: true,
    },
    { name: "phone", label: "Phone number", synonyms: ["phone", "mobile number"], read: true, edit: false },
  ];

  it("recognises a property by its label or a synonym and looks it up", () => {
    expect(crmIntent("What address do you have for my invoices?", null, properties)).toEqual({
      tool: "lookup_contact_property",
      input: { property: "billing_address" },
    });
    expect(crmIntent("what's my billing address", null, properties)).toEqual({
      tool: "lookup_contact_property",
      input: { property: "billing_address" },
    });
    expect(crmIntent("Which mobile number do you have?", null, properties)).toEqual({
      tool: "lookup_contact_property",
      input: { property: "phone" },
    });
    expect(crmIntent("How do I reset my board?", null, properties)).toBeNull();
    const names: CrmPromptProperty[] = [
      { name: "first_name", label: "First name", synonyms: [], read: true, edit: false },
    ];
    expect(crmIntent("What is the first thing to name in my agent?", null, names)).toBeNull(); // two-word names only as a phrase
    expect(crmIntent("Which first name do you have for me?", null, names)).toEqual({
      tool: "lookup_contact_property",
      input: { property: "first_name" },
    });
  });

  it("proposes a change with the value the visitor named, or asks for it and takes the next message as the value", () => {
    expect(crmIntent("Please change my billing address to 12 Main St, Springfield.", null, properties)).toEqual({
      tool: "update_contact_property",
      input: { property: "billing_address", value: "12 Main St, Springfield" },
    });
    expect(crmIntent("I need to update my billing address", null, properties)).toEqual({
      ask: askValueLine("Billing address"),
    });
    expect(crmIntent("4 Harbour Road, Leith", askValueLine("Billing address"), properties)).toEqual({
      tool: "update_contact_property",
      input: { property: "billing_address", value: "4 Harbour Road, Leith" },
    });
  });

  it("speaks the reply language, and knows its own question for a new value in any of them", () => {
    const base = { property: "billing_address", label: "Billing address" };
    expect(crmReply({ status: "email_needed", ...base }, "da")).toMatch(/e-mailadresse/);
    expect(crmReply({ status: "verification_sent", ...base, email: "jens@example.dk" }, "de")).toContain(
      "Bestätigungslink an jens@example.dk",
    );
    expect(crmReply({ status: "ok", ...base, value: "Storgata 1" }, "no")).toContain("Storgata 1");
    // no French lines: English
    expect(crmReply({ status: "no_value", ...base }, "fr")).toBe(crmReply({ status: "no_value", ...base }, "en"));
    const asked = askValueLine("Billing address", "sv");
    expect(crmIntent("I need to update my billing address", null, properties, "sv")).toEqual({ ask: asked });
    expect(crmIntent("Drottninggatan 5", asked, properties)).toEqual({
      tool: "update_contact_property",
      input: { property: "billing_address", value: "Drottninggatan 5" },
    });
  });

  it("words every tool result without inventing a value", () => {
    const base = { property: "billing_address", label: "Billing address" };
    expect(crmReply({ status: "ok", ...base, value: "12 Main St" })).toContain("12 Main St");
    expect(crmReply({ status: "email_needed", ...base })).toMatch(/email address/);
    expect(crmReply({ status: "verification_sent", ...base, email: "jane@example.com" })).toContain("jane@example.com");
    const announced = crmReply({ status: "confirmation_required", ...base, value: "4 Harbour Road" });
    expect(announced).toContain('"4 Harbour Road"');
    expect(announced).not.toMatch(/\?|yes or no/); // the server asks the question, not the model
    expect(crmReply({ status: "verification_unavailable", ...base, reason: "failed" })).toMatch(/couldn't send/);
  });
});

describe("crmSettingsOf", () => {
  const grant = (name: string) => ({ properties: { [name]: { show: true } } });

  it("parses a published (frozen) settings object once, and a changed agent's new settings again", () => {
    const first = Object.freeze({ crm: Object.freeze(grant("plan")) });
    const parsed = crmSettingsOf(first);
    expect(Object.keys(parsed.properties)).toEqual(["plan"]);
    expect(crmSettingsOf(first)).toBe(parsed);
    expect(Object.isFrozen(parsed.properties)).toBe(true);
    const republished = Object.freeze({ crm: Object.freeze(grant("company")) });
    expect(Object.keys(crmSettingsOf(republished).properties)).toEqual(["company"]);
  });

  it("parses settings that can still change on every call", () => {
    const editable = { crm: grant("plan") };
    expect(Object.keys(crmSettingsOf(editable).properties)).toEqual(["plan"]);
    editable.crm = grant("company");
    expect(Object.keys(crmSettingsOf(editable).properties)).toEqual(["company"]);
  });
});
