/**
 * Reading a bulk import into rows: CSV (header `email` plus property names, parsed by
 * papaparse) or JSON (an array of `{ email, properties }` or of flat objects). Problems of the
 * whole file are ApiErrors; problems of one row travel with that row.
 */
import { parse } from "papaparse";
import { ApiError } from "../lib/errors";
import { EMAIL_PROPERTY } from "./definitions";
import type { FieldErrors } from "./contact-input";

export const MAX_IMPORT_ROWS = 5_000; // about a minute of D1 writes; larger lists are split by the admin
const ROW_FIELD = "(row)";

/** One record of the file; `row` counts records from 1 (the CSV header is not a record). */
export type ImportRow = { row: number; email: unknown; properties: Record<string, unknown>; errors?: FieldErrors };

function refuseTooMany(count: number): void {
  if (count > MAX_IMPORT_ROWS)
    throw new ApiError(413, "too_many_rows", `An import holds at most ${MAX_IMPORT_ROWS} rows; this one has ${count}`);
}

export function csvRows(text: string, knownProperties: Set<string>): ImportRow[] {
  // The header is read on its own first: papaparse would rename a repeated column rather than refuse it.
  const columns = (parse<string[]>(text, { preview: 1 }).data[0] ?? []).map((h) => h.trim());
  if (!columns.includes(EMAIL_PROPERTY))
    throw new ApiError(400, "missing_email_column", "The header row needs an `email` column", {
      email: "Missing column",
    });
  const unknown = columns.filter((column) => column !== EMAIL_PROPERTY && !knownProperties.has(column));
  const duplicated = columns.filter((column, i) => columns.indexOf(column) !== i);
  if (unknown.length > 0 || duplicated.length > 0) {
    const details = Object.fromEntries([
      ...unknown.map((c) => [c, `There is no contact property "${c}"`]),
      ...duplicated.map((c) => [c, "The column appears more than once"]),
    ]);
    throw new ApiError(
      400,
      "invalid_columns",
      "The header row names columns that cannot be imported; nothing was imported",
      details,
    );
  }
  const parsed = parse<Record<string, string>>(text, {
    header: true,
    skipEmptyLines: "greedy",
    transformHeader: (h) => h.trim(),
  });
  refuseTooMany(parsed.data.length);
  const rowErrors = new Map<number, string>();
  for (const error of parsed.errors)
    if (error.row !== undefined && !rowErrors.has(error.row)) rowErrors.set(error.row, error.message);
  return parsed.data.map((record, index) => {
    const {
      [EMAIL_PROPERTY]: email,
      __parsed_extra: _extra,
      ...properties
    } = record as Record<string, string> & { __parsed_extra?: unknown };
    const problem = rowErrors.get(index);
    return { row: index + 1, email, properties, ...(problem ? { errors: { [ROW_FIELD]: problem } } : {}) };
  });
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export function jsonRows(text: string): ImportRow[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError(400, "invalid_json", "The request body is not valid JSON");
  }
  if (!Array.isArray(value))
    throw new ApiError(400, "invalid_body", "A JSON import is an array of contacts", { "(body)": "Expected an array" });
  refuseTooMany(value.length);
  return value.map((item, index): ImportRow => {
    const row = index + 1;
    if (!isRecord(item))
      return { row, email: undefined, properties: {}, errors: { [ROW_FIELD]: "Each contact is an object" } };
    if ("properties" in item) {
      const { email, properties, ...rest } = item;
      if (!isRecord(properties))
        return { row, email, properties: {}, errors: { properties: "Must be an object of property values" } };
      const extra = Object.keys(rest);
      if (extra.length > 0)
        return {
          row,
          email,
          properties,
          errors: Object.fromEntries(extra.map((k) => [k, "Put property values inside `properties`"])),
        };
      return { row, email, properties };
    }
    const { email, ...properties } = item;
    return { row, email, properties };
  });
}
