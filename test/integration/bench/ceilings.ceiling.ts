/**
 * The ceilings benchmark's measurement, inside workerd (`bench/ceilings.ts` runs it and prints the
 * figures): how many searches per second an agent's knowledge index answers with 1, 2 and 4 replicas
 * under many concurrent searches (each keyed by its own conversation, as turns are), and how many
 * conversation updates per second one inbox hub shard pushes to 10 open inbox sockets. Times are the
 * runtime's Date.now() around whole batches of calls (it advances across I/O, which every call is).
 * Prints one `CEILINGS {json}` line.
 */
import { env } from "cloudflare:workers";
import { inject, it } from "vitest";
import type { ChunkInput } from "../../../durable-objects/knowledge-index/knowledge-index";
import { knowledgeIndex, searchIndex, syncReplicas } from "../../../worker/knowledge/embedded-index";
import { inboxShard } from "../../../worker/inbox/hub";
import type { ConversationSummary } from "../../../worker/protocol/inbox-events";
import { STAFF_ID_HEADER } from "../../../worker/protocol/internal-headers";

declare module "vitest" {
  export interface ProvidedContext {
    benchChunks: ChunkInput[];
    benchQuestions: string[];
  }
}

const REPLICAS = [1, 2, 4];
const INDEX_CHUNKS = 2_000; // a mid-sized help center: each search is real work, filling takes seconds
const IN_FLIGHT = 32; // concurrent searches: a busy agent's turns arriving together
const SEARCHES = 600; // per replica count: several seconds of work at the rates seen here
const K = 5;
const INBOX_SOCKETS = 10;
const UPDATES = 2_000;
const UPDATES_IN_FLIGHT = 50;

/** Runs `total` calls, `inFlight` at a time; returns the calls per second. */
async function rate(total: number, inFlight: number, call: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < total) await call(next++);
    }),
  );
  return Math.round((total / Math.max(1, Date.now() - started)) * 1000);
}

async function fillIndex(agentId: string, replicas: number): Promise<void> {
  const base = inject("benchChunks");
  const documents = new Map<string, ChunkInput[]>();
  for (let i = 0; i < INDEX_CHUNKS; i++) {
    const chunk = base[i % base.length] as ChunkInput;
    const key = `d${Math.floor(i / base.length)}:${chunk.title}`;
    documents.set(key, [...(documents.get(key) ?? []), chunk]);
  }
  const primary = knowledgeIndex(env, agentId);
  for (const [documentId, chunks] of documents)
    await primary.replaceDocument({ sourceId: "bench", documentId }, chunks);
  await syncReplicas({ ...env, INDEX_REPLICAS: String(replicas) }, agentId);
}

async function indexQueriesPerSecond(replicas: number): Promise<number> {
  const agentId = `ceiling-index-${replicas}`;
  await fillIndex(agentId, replicas);
  const questions = inject("benchQuestions");
  const replicaEnv = { ...env, INDEX_REPLICAS: String(replicas) };
  const question = (i: number) => questions[i % questions.length] as string;
  // Warm every replica (wake, first query) before the clock starts.
  for (let r = 0; r < replicas; r++) await knowledgeIndex(env, agentId, r).search(question(r), K);
  return rate(SEARCHES, IN_FLIGHT, (i) => searchIndex(replicaEnv, agentId, `c_bench${i}`).search(question(i), K));
}

function summary(i: number): ConversationSummary {
  return {
    id: `c_ceiling${i % 200}`,
    agentId: "ceiling-hub",
    status: "bot",
    assignedStaffId: null,
    assignedStaffName: null,
    handoffReason: null,
    contactEmail: null,
    emailVerified: false,
    lastMessage: `Message ${i}: where is my order?`,
    channel: "live_chat",
    channelAddress: null,
    leadLabel: null,
    updatedAt: 1_700_000_000_000 + i,
    createdAt: 1_700_000_000_000,
  };
}

async function hubUpdatesPerSecond(): Promise<number> {
  const shard = inboxShard(env, "ceiling-hub");
  let received = 0;
  let allReceived: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    allReceived = resolve;
  });
  const sockets: WebSocket[] = [];
  for (let s = 0; s < INBOX_SOCKETS; s++) {
    const response = await shard.fetch("http://inbox/socket", {
      headers: { upgrade: "websocket", [STAFF_ID_HEADER]: `st_ceiling_${s}` },
    });
    const ws = response.webSocket as WebSocket;
    ws.accept();
    ws.addEventListener("message", () => {
      if (++received === UPDATES * INBOX_SOCKETS) allReceived();
    });
    sockets.push(ws);
  }
  const started = Date.now();
  await rate(UPDATES, UPDATES_IN_FLIGHT, (i) => shard.conversationChanged(summary(i)));
  await done; // every socket has every update
  const perSecond = Math.round((UPDATES / Math.max(1, Date.now() - started)) * 1000);
  for (const ws of sockets) ws.close(1000, "bench done");
  return perSecond;
}

it("measures the index and inbox hub ceilings", async () => {
  const index_qps: Record<string, number> = {};
  for (const replicas of REPLICAS) index_qps[String(replicas)] = await indexQueriesPerSecond(replicas);
  const hub_updates_per_s = await hubUpdatesPerSecond();
  console.log(`CEILINGS ${JSON.stringify({ index_qps, hub_updates_per_s })}`);
});
