/**
 * Bulk import: every row checked on its own (email, each value by type, no address twice), the
 * good rows created or updated by email with history `import`, the bad ones reported and never
 * written. Empty cells keep what a contact has. Rows are written whole, several per D1 batch;
 * a batch that fails is retried row by row, so one row's conflict cannot sink its neighbours.
 */
import { database } from "../db/client";
import { randomId } from "../lib/crypto";
import { ApiError } from "../lib/errors";
import { checkContact, type FieldErrors, type PropertyChanges } from "./contact-input";
import { contactsByEmail, contactWriteStatements, runBatch, valuesOfContacts, type Statement } from "./contact-writes";
import type { PropertyDefinition } from "./definitions";
import type { ImportRow } from "./import-rows";

const MAX_BATCH_STATEMENTS = 200; // whole rows per D1 batch, well inside a batch's limits

export type RejectedRow = { row: number; email?: string; errors: FieldErrors };
export type ImportReport = { imported: number; updated: number; unchanged: number; rejected: RejectedRow[] };

type PlannedRow = { row: number; email: string; created: boolean; statements: Statement[] };

const emailOf = (raw: unknown): string | undefined =>
  typeof raw === "string" && raw.trim() !== "" ? raw.trim() : undefined;

export async function importContacts(
  env: Pick<Env, "DB">,
  definitions: Map<string, PropertyDefinition>,
  rows: ImportRow[],
  now = Date.now(),
): Promise<ImportReport> {
  const rejected: RejectedRow[] = [];
  const reject = (row: ImportRow | PlannedRow, errors: FieldErrors) => {
    const email = emailOf(row.email);
    rejected.push({ row: row.row, ...(email ? { email } : {}), errors });
  };
  const checked: { row: ImportRow; email: string; changes: PropertyChanges }[] = [];
  const firstRowOf = new Map<string, number>();
  for (const row of rows) {
    if (row.errors) {
      reject(row, row.errors);
      continue;
    }
    const result = checkContact(
      definitions,
      { email: row.email, properties: row.properties },
      { emailRequired: true, empty: "keep", blankIsEmpty: true, fieldPrefix: "" },
    );
    if (!result.ok) {
      reject(row, result.errors);
      continue;
    }
    const email = result.email as string; // required above
    const first = firstRowOf.get(email);
    if (first !== undefined) {
      reject(row, { email: `This address is in row ${first} already` });
      continue;
    }
    firstRowOf.set(email, row.row);
    checked.push({ row, email, changes: result.changes });
  }

  const existing = await contactsByEmail(
    env,
    checked.map((c) => c.email),
  );
  const values = await valuesOfContacts(
    env,
    [...existing.values()].map((c) => c.id),
  );
  const db = database(env);
  const planned: PlannedRow[] = [];
  let unchanged = 0;
  for (const { row, email, changes } of checked) {
    const found = existing.get(email);
    const write = {
      contactId: found?.id ?? randomId("ct"),
      oldEmail: found ? email : null,
      email,
      changes,
      current: (found && values.get(found.id)) || {},
      changedBy: "import" as const,
    };
    const { statements } = contactWriteStatements(db, write, now);
    if (statements.length === 0) unchanged++;
    else planned.push({ row: row.row, email, created: !found, statements });
  }

  const written: PlannedRow[] = [];
  for (const batch of batches(planned)) {
    try {
      await runBatch(
        env,
        batch.flatMap((p) => p.statements),
      );
      written.push(...batch);
    } catch {
      for (const one of batch) {
        try {
          await runBatch(env, one.statements);
          written.push(one);
        } catch (error) {
          if (!(error instanceof ApiError)) console.error("import row failed", error);
          reject(one, {
            email: error instanceof ApiError ? error.message : "The row could not be saved; importing it again is safe",
          });
        }
      }
    }
  }
  rejected.sort((a, b) => a.row - b.row);
  return {
    imported: written.filter((p) => p.created).length,
    updated: written.filter((p) => !p.created).length,
    unchanged,
    rejected,
  };
}

function* batches(rows: PlannedRow[]): Generator<PlannedRow[]> {
  let current: PlannedRow[] = [];
  let size = 0;
  for (const row of rows) {
    if (current.length > 0 && size + row.statements.length > MAX_BATCH_STATEMENTS) {
      yield current;
      current = [];
      size = 0;
    }
    current.push(row);
    size += row.statements.length;
  }
  if (current.length > 0) yield current;
}
