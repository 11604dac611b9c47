/**
 * Paging a table in key order: every row is handed over once, in order, a page of at most
 * PAGE_ROWS at a time — also where the second column's order runs against the first's (an agent
 * whose names sort after the next agent's), and where the rows fill whole pages exactly.
 */
import { env } from "cloudflare:workers";
import { and, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { database } from "./client";
import { afterKey, eachPage, keyOrder, PAGE_ROWS, type KeyColumns, type PageKey } from "./key-pages";
import { agentSecrets } from "./schema";

const key: KeyColumns = [agentSecrets.agentId, agentSecrets.name];

async function seed(prefix: string, rows: Array<[string, string]>): Promise<void> {
  const db = database(env);
  const values = rows.map(([agent, name]) => ({ agentId: `${prefix}${agent}`, name, value: "x", createdAt: 0 }));
  for (let i = 0; i < values.length; i += 10) await db.insert(agentSecrets).values(values.slice(i, i + 10));
}

async function visit(prefix: string): Promise<{ keys: string[]; pages: number[] }> {
  const db = database(env);
  const read = (after: PageKey | null, limit: number) =>
    db
      .select({ agentId: agentSecrets.agentId, name: agentSecrets.name })
      .from(agentSecrets)
      .where(and(like(agentSecrets.agentId, `${prefix}%`), afterKey(key, after)))
      .orderBy(...keyOrder(key))
      .limit(limit)
      .all();
  const keys: string[] = [];
  const pages: number[] = [];
  await eachPage(
    read,
    (row) => [row.agentId, row.name],
    async (rows) => {
      pages.push(rows.length);
      for (const row of rows) keys.push(`${row.agentId}/${row.name}`);
    },
  );
  return { keys, pages };
}

const names = (count: number, first: number) =>
  Array.from({ length: count }, (_, i) => `n${String(first + i).padStart(3, "0")}`);

describe("eachPage", () => {
  it("hands over every row once, in key order, across agents whose names interleave", async () => {
    // Agent "a" holds names n500–n619, agent "b" n000–n079, agent "c" n300–n329: 230 rows.
    const rows: Array<[string, string]> = [
      ...names(120, 500).map((n): [string, string] => ["a", n]),
      ...names(80, 0).map((n): [string, string] => ["b", n]),
      ...names(30, 300).map((n): [string, string] => ["c", n]),
    ];
    await seed("kp1-", rows);
    const { keys, pages } = await visit("kp1-");
    expect(pages).toEqual([PAGE_ROWS, PAGE_ROWS, 30]);
    expect(keys).toEqual(rows.map(([agent, name]) => `kp1-${agent}/${name}`));
  });

  it("stops after a last full page without handing over an empty one", async () => {
    const rows = names(2 * PAGE_ROWS, 0).map((n): [string, string] => ["a", n]);
    await seed("kp2-", rows);
    const { keys, pages } = await visit("kp2-");
    expect(pages).toEqual([PAGE_ROWS, PAGE_ROWS]);
    expect(new Set(keys).size).toBe(2 * PAGE_ROWS);
  });

  it("hands over nothing for an empty table", async () => {
    expect(await visit("kp3-")).toEqual({ keys: [], pages: [] });
  });
});
