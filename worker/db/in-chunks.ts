/**
 * Statements that take a list of ids of any length (`inArray`): run once per chunk of ids small
 * enough for D1, which refuses a statement binding more than 100 parameters (local D1 does not).
 */

/** Ids per statement: D1's limit is 100 bound parameters, and 10 are left for the statement's others (agent id, flags, limit). */
export const MAX_IDS_PER_STATEMENT = 90;

/** Runs `query` once per chunk of at most MAX_IDS_PER_STATEMENT `ids`, one after another; the rows of every chunk, in order. */
export async function queryInChunks<Id, Row>(
  ids: Iterable<Id>,
  query: (chunk: Id[]) => Promise<Row[]>,
): Promise<Row[]> {
  const all = [...ids];
  const rows: Row[] = [];
  for (let i = 0; i < all.length; i += MAX_IDS_PER_STATEMENT) {
    for (const row of await query(all.slice(i, i + MAX_IDS_PER_STATEMENT))) rows.push(row);
  }
  return rows;
}
