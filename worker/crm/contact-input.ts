/**
 * Checking a contact as the admin or an import gives it: the email (valid, lower-cased) and each
 * property value against its definition, every problem reported by field. Nothing is written here.
 */
import type { PropertyValue } from "../db/crm-schema";
import { isValidEmail } from "../lifecycle/email-address";
import { EMAIL_PROPERTY, type PropertyDefinition } from "./definitions";
import { parsePropertyValue } from "./values";

/** New values by property; null removes a value. */
export type PropertyChanges = Record<string, PropertyValue | null>;
export type FieldErrors = Record<string, string>;
export type CheckedContact =
  | { ok: true; email: string | undefined; changes: PropertyChanges }
  | { ok: false; errors: FieldErrors };

export type ContactCheckOptions = {
  /** Whether the email must be given (creating) or may be left out (updating). */
  emailRequired: boolean;
  /** What a missing value (null; for imports also an empty cell) means: remove the value, nothing (keep it), or a mistake. */
  empty: "remove" | "keep" | "refuse";
  /** Whether blank text counts as a missing value (import cells) rather than a value to check. */
  blankIsEmpty: boolean;
  /** How fields are named in errors: `properties.` for the JSON API, nothing for import columns. */
  fieldPrefix: string;
};

/** The address as stored (trimmed, lower-cased), or null when it is not a valid address. */
export function normalizeEmail(raw: unknown): string | null {
  if (typeof raw !== "string") return null;
  const email = raw.trim().toLowerCase();
  return isValidEmail(email) ? email : null;
}

export function checkContact(
  definitions: Map<string, PropertyDefinition>,
  input: { email?: unknown; properties: Record<string, unknown> },
  options: ContactCheckOptions,
): CheckedContact {
  const errors: FieldErrors = {};
  let email: string | undefined;
  if (
    input.email === undefined ||
    input.email === null ||
    (typeof input.email === "string" && input.email.trim() === "")
  ) {
    if (options.emailRequired) errors.email = "An email is required";
  } else {
    const normalized = normalizeEmail(input.email);
    if (normalized === null) errors.email = "Not a valid email address";
    else email = normalized;
  }
  const changes: PropertyChanges = {};
  for (const [name, raw] of Object.entries(input.properties)) {
    const field = `${options.fieldPrefix}${name}`;
    if (name === EMAIL_PROPERTY) {
      errors[field] = "Give the email as the contact's email, not as a property";
      continue;
    }
    const definition = definitions.get(name);
    if (!definition) {
      errors[field] = `There is no contact property "${name}"`;
      continue;
    }
    const empty =
      raw === null || raw === undefined || (options.blankIsEmpty && typeof raw === "string" && raw.trim() === "");
    if (empty) {
      if (options.empty === "remove") changes[name] = null;
      if (options.empty === "refuse") errors[field] = "Leave the property out instead of sending null";
      continue;
    }
    const parsed = parsePropertyValue(definition, raw);
    if (parsed.ok) changes[name] = parsed.value;
    else errors[field] = parsed.error;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, email, changes };
}
