/**
 * Helpers for tests of an agent's knowledge index: a new configuration given to the index
 * object (as a deploy would, by injecting its env), documents indexed the way ingest does, the
 * background re-embed driven to its end, and what the loopback provider was asked.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, inject, vi } from "vitest";
import type { KnowledgeIndexDO } from "../../../durable-objects/knowledge-index/knowledge-index";
import { knowledgeIndex } from "../../../worker/knowledge/embedded-index";
import { probeQuestion } from "../../../worker/knowledge/engine/calibration";
import { indexDocument } from "../../../worker/knowledge/ingest";

export const DOCS = [
  { id: "reset", title: "Reset your board", markdown: "Press the reset button twice quickly to enter the bootloader." },
  {
    id: "upload",
    title: "Upload a sketch",
    markdown: "Select the port, then click Upload to send the sketch to the board.",
  },
  { id: "refund", title: "Refunds", markdown: "Refunds reach your card within five working days." },
];

export const OPENAI_SMALL = "openai:text-embedding-3-small:1536";
export const OPENAI_SHORT = "openai:text-embedding-3-small:64";

/** A manual of `sections` chunks (one per section): more than one re-embed batch when above 64. */
export function manual(sections: number): { id: string; title: string; markdown: string } {
  const body = Array.from(
    { length: sections },
    (_, i) => `## Pin ${i}\n\nPin ${i} of the header carries signal number ${i} for the shield.`,
  ).join("\n\n");
  return { id: "manual", title: "Pin reference", markdown: body };
}

/**
 * The env of an OpenAI-compatible provider at the loopback server; `prefix` picks its behaviour (`/failing`, `/broken`,
 * `/slow`) or just tags requests.
 */
export const loopbackEnv = (prefix = "", extra: Record<string, unknown> = {}) => ({
  OPENAI_API_KEY: "embed-key",
  OPENAI_BASE_URL: `${inject("openaiLoopbackUrl")}${prefix}/v1`,
  ...extra,
});

/** Gives the agent's index object a new configuration, as a deploy would. */
export async function reconfigure(agentId: string, change: Record<string, unknown>): Promise<void> {
  await runInDurableObject(knowledgeIndex(env, agentId), async (instance: KnowledgeIndexDO) => {
    const target = instance as unknown as { env: Env };
    target.env = { ...target.env, ...change } as Env;
  });
}

export async function indexDocs(
  agentId: string,
  docs: { id: string; title: string; markdown: string }[] = DOCS,
): Promise<void> {
  for (const doc of docs)
    await indexDocument(env, {
      agentId,
      sourceId: `src_${agentId}`,
      documentId: doc.id,
      title: doc.title,
      url: null,
      markdown: doc.markdown,
    });
}

/** The best document's id for `query`. */
export async function topDocument(agentId: string, query: string): Promise<string | undefined> {
  return (await knowledgeIndex(env, agentId).search(query, 3))[0]?.documentKey.split("\u001f")[1];
}

/**
 * Steps the background re-embed to its end (alarms also fire by themselves; running one early
 * only speeds it up), calling `meanwhile` between steps, and returns how many steps it saw.
 */
export async function untilReembedded(
  agentId: string,
  meanwhile: () => Promise<void> = async () => {},
): Promise<number> {
  const index = knowledgeIndex(env, agentId);
  let steps = 0;
  await vi.waitFor(
    async () => {
      await meanwhile();
      if (await runDurableObjectAlarm(index)) steps += 1;
      expect((await index.status()).reembedding).toBeNull();
      expect(await runDurableObjectAlarm(index)).toBe(false); // nothing left to do (e.g. dropping old vectors)
    },
    { timeout: 15_000, interval: 20 },
  );
  return steps;
}

/** How the loopback server records an embeddings request (test/node/openai-loopback-media.ts, a Node module). */
type EmbeddingRequest = {
  path: string;
  body: { model: string; inputs: number; texts: string[]; dimensions: number | null };
};

/** Embedding requests the loopback provider received under `prefix` (e.g. `/tag`). */
export async function embeddingRequests(prefix: string): Promise<EmbeddingRequest[]> {
  const recorded = (await (await fetch(`${inject("openaiLoopbackUrl")}/__requests`)).json()) as EmbeddingRequest[];
  return recorded.filter((r) => r.path === `${prefix}/v1/embeddings`);
}

/** The probe questions the index's calibration may ask (one per stored chunk: `calibration.ts`). */
export async function possibleProbes(agentId: string): Promise<Set<string>> {
  return runInDurableObject(knowledgeIndex(env, agentId), async (_instance, state) => {
    const rows = state.storage.sql
      .exec<{ heading_path: string; text: string }>(`SELECT heading_path, text FROM chunks`)
      .toArray();
    return new Set(rows.map((row) => probeQuestion({ headingPath: JSON.parse(row.heading_path), text: row.text })));
  });
}

/** The index's stored vectors: their sizes and the next space's rows (an empty list when none are left). */
export async function storedVectors(agentId: string): Promise<{ sizes: number[]; next: number }> {
  return runInDurableObject(knowledgeIndex(env, agentId), async (_instance, state) => ({
    sizes: state.storage.sql
      .exec<{ n: number }>(`SELECT length(vector) AS n FROM chunks`)
      .toArray()
      .map((r) => r.n),
    next: state.storage.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM next_vectors`).one().n,
  }));
}
