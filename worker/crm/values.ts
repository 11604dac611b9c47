/**
 * Property values by type: what a value of each type may be, and reading one from text (a CSV
 * cell, a visitor's words, a model's tool call). Every write goes through `parsePropertyValue`.
 */
import type { PropertyValue } from "../db/crm-schema";
import type { PropertyDefinition } from "./definitions";

export const MAX_TEXT_VALUE_CHARS = 1_000; // an address or a note, not a document

export type ParsedValue = { ok: true; value: PropertyValue } | { ok: false; error: string };

const TRUE_WORDS = new Set(["true", "yes", "y", "1"]);
const FALSE_WORDS = new Set(["false", "no", "n", "0"]);
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isCalendarDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** `raw` as a valid value of `definition`'s type. Strings are accepted for every type (and trimmed). */
export function parsePropertyValue(
  definition: Pick<PropertyDefinition, "type" | "options" | "label">,
  raw: unknown,
): ParsedValue {
  const text = typeof raw === "string" ? raw.trim() : null;
  switch (definition.type) {
    case "text":
      if (text === null) return { ok: false, error: `${definition.label} must be text` };
      if (text === "") return { ok: false, error: `${definition.label} cannot be empty` };
      if (text.length > MAX_TEXT_VALUE_CHARS)
        return { ok: false, error: `${definition.label} is longer than ${MAX_TEXT_VALUE_CHARS} characters` };
      return { ok: true, value: text };
    case "number": {
      const value =
        typeof raw === "number" ? raw : text !== null && text !== "" ? Number(text.replace(/,/g, "")) : Number.NaN;
      return Number.isFinite(value)
        ? { ok: true, value }
        : { ok: false, error: `${definition.label} must be a number` };
    }
    case "date":
      return text !== null && isCalendarDate(text)
        ? { ok: true, value: text }
        : { ok: false, error: `${definition.label} must be a date (YYYY-MM-DD)` };
    case "enum": {
      const options = definition.options ?? [];
      const chosen = text === null ? undefined : options.find((o) => o.toLowerCase() === text.toLowerCase());
      return chosen !== undefined
        ? { ok: true, value: chosen }
        : { ok: false, error: `${definition.label} must be one of: ${options.join(", ")}` };
    }
    case "boolean": {
      if (typeof raw === "boolean") return { ok: true, value: raw };
      const word = text?.toLowerCase() ?? "";
      if (TRUE_WORDS.has(word)) return { ok: true, value: true };
      if (FALSE_WORDS.has(word)) return { ok: true, value: false };
      return { ok: false, error: `${definition.label} must be true or false` };
    }
  }
}

/** A value as a visitor reads it. */
export function displayValue(value: PropertyValue): string {
  if (typeof value === "boolean") return value ? "yes" : "no";
  return String(value);
}
