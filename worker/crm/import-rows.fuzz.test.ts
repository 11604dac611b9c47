/**
 * Property tests for the import readers (issue 13, section 3): arbitrary CSV and JSON text never
 * throws anything but an ApiError (a 4xx with a code), and generated rows, quoted as any CSV writer
 * would, come back exactly — whatever commas, quotes, line breaks or other delimiters the values hold.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ApiError } from "../lib/errors";
import { csvRows, jsonRows } from "./import-rows";

const RUNS = 200; // fixed and modest: the suite stays fast, and a failure is reproducible from its printed seed
const KNOWN = new Set(["first_name", "company", "seats", "notes"]);

/** Characters that matter to CSV (delimiters papaparse might guess, quotes, line breaks) among plain ones. */
const tricky = fc.constantFrom("a", "b", "Z", "1", " ", ",", ";", "|", "\t", '"', "'", "\n", "\r", "é", "😀", "=");
const text = fc.oneof(fc.string({ unit: tricky, maxLength: 20 }), fc.string({ maxLength: 20 }));

function expectOnlyApiErrors(read: () => unknown): void {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBeGreaterThanOrEqual(400);
    expect((error as ApiError).status).toBeLessThan(500);
  }
}

const quote = (value: string) => `"${value.replaceAll('"', '""')}"`;

describe("csvRows (property)", () => {
  it("never throws anything but a 4xx ApiError on arbitrary text", () => {
    const headerish = fc
      .array(fc.oneof(fc.constantFrom("email", ...KNOWN), text), { maxLength: 4 })
      .map((names) => names.join(","));
    const csv = fc
      .tuple(headerish, fc.array(text, { maxLength: 5 }), fc.constantFrom("\n", "\r\n"))
      .map(([header, lines, eol]) => [header, ...lines].join(eol));
    fc.assert(
      fc.property(fc.oneof(csv, fc.string({ unit: "binary" })), (input) => {
        expectOnlyApiErrors(() => csvRows(input, KNOWN));
      }),
      { numRuns: RUNS },
    );
  });

  it("reads back generated rows exactly", () => {
    const columns = fc
      .subarray([...KNOWN])
      .chain((props) => fc.shuffledSubarray(["email", ...props], { minLength: props.length + 1 }));
    const table = columns.chain((cols) =>
      fc.tuple(
        fc.constant(cols),
        fc.array(
          fc.tuple(
            // An email that is not blank: a line of blanks only is skipped as empty, by design.
            text.filter((value) => value.trim().length > 0),
            fc.array(text, { minLength: cols.length, maxLength: cols.length }),
          ),
          { minLength: 1, maxLength: 8 },
        ),
        fc.constantFrom("\n", "\r\n"),
      ),
    );
    fc.assert(
      fc.property(table, ([cols, rows, eol]) => {
        const records = rows.map(([email, values]) =>
          Object.fromEntries(cols.map((col, i) => [col, col === "email" ? email : (values[i] ?? "")])),
        );
        const csv = [cols.join(","), ...records.map((r) => cols.map((col) => quote(r[col] ?? "")).join(","))].join(eol);
        const read = csvRows(csv, KNOWN);
        expect(read).toEqual(records.map(({ email, ...properties }, index) => ({ row: index + 1, email, properties })));
      }),
      { numRuns: RUNS },
    );
  });
});

describe("jsonRows (property)", () => {
  it("never throws anything but a 4xx ApiError; every row keeps its place", () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string({ unit: "binary" })), (input) => {
        expectOnlyApiErrors(() => {
          const rows = jsonRows(input);
          rows.forEach((row, index) => {
            expect(row.row).toBe(index + 1);
          });
        });
      }),
      { numRuns: RUNS },
    );
  });
});
