/**
 * Jobs that must see every row of a table once (sealing every stored secret again with a new key)
 * read it a page at a time in the order of its two-column key, each page starting after the last
 * row of the one before: no offset to skip over, and each round trip stays small.
 */
import { and, asc, eq, gt, or, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { SecretBoxError } from "../lib/secret-box";
import type { Db } from "./client";

/** A row's place in the order: its agent id and its name within the agent. */
export type PageKey = readonly [string, string];
/** The two columns, in order, that hold a row's `PageKey`. */
export type KeyColumns = readonly [SQLiteColumn, SQLiteColumn];

/** Rows read and written back per D1 round trip. */
export const PAGE_ROWS = 100;

/** The condition for the rows after `after` in key order (every row when null). */
export function afterKey([first, second]: KeyColumns, after: PageKey | null): SQL | undefined {
  if (!after) return undefined;
  return or(gt(first, after[0]), and(eq(first, after[0]), gt(second, after[1])));
}

/** The key order itself. */
export const keyOrder = ([first, second]: KeyColumns): SQL[] => [asc(first), asc(second)];

/**
 * Hands each page that `read` returns to `handle`, one after another, until a page comes back
 * short. `read` gets the key of the last row seen (null for the first page) and the page size.
 */
export async function eachPage<Row>(
  read: (after: PageKey | null, limit: number) => Promise<Row[]>,
  keyOf: (row: Row) => PageKey,
  handle: (rows: Row[]) => Promise<void>,
): Promise<void> {
  let after: PageKey | null = null;
  for (;;) {
    const rows = await read(after, PAGE_ROWS);
    if (rows.length > 0) await handle(rows);
    const last = rows.at(-1);
    if (!last || rows.length < PAGE_ROWS) return;
    after = keyOf(last);
  }
}

/**
 * The rotation job over one table of sealed values: every row `read` pages through goes to `reseal`,
 * which returns the write that seals it again — wrapped, since a query is a thenable an async function
 * would run on returning it — or null when it is sealed with the current key already;
 * a row no key opens (`SecretBoxError`) goes to `failed` and is left as it is. Each page's writes go
 * to D1 in one batch. Resolves with how many rows there were.
 */
export async function resealEveryRow<Row>(
  db: Db,
  read: (after: PageKey | null, limit: number) => Promise<Row[]>,
  keyOf: (row: Row) => PageKey,
  reseal: (row: Row) => Promise<{ write: BatchItem<"sqlite"> } | null>,
  failed: (row: Row, error: SecretBoxError) => void,
): Promise<number> {
  let total = 0;
  await eachPage(read, keyOf, async (rows) => {
    const writes: BatchItem<"sqlite">[] = [];
    for (const row of rows) {
      total++;
      try {
        const resealed = await reseal(row);
        if (resealed) writes.push(resealed.write);
      } catch (error) {
        if (!(error instanceof SecretBoxError)) throw error;
        failed(row, error);
      }
    }
    const [first, ...rest] = writes;
    if (first) await db.batch([first, ...rest]);
  });
  return total;
}
