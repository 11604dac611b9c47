/**
 * The instant models Frontdesk answers with in the benchmark, both streaming the peers' fixed short
 * answer (bench/peers/workers/instant-answer.ts) at once, with no delay — so what is measured is
 * Frontdesk's own cost around the model:
 * - in process, as the peers' mock: the product's scripted model (`FRONTDESK_MODEL = "scripted"`,
 *   worker/agent/scripted-model.ts), `frontdesk_instant` (see scriptedModelVars);
 * - over loopback HTTP, as a real provider: an OpenAI-compatible Chat Completions server (127.0.0.1, a
 *   free port) Frontdesk reaches through OPENAI_BASE_URL (see httpModelVars; every other route answers
 *   404), `frontdesk_http`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { INSTANT_ANSWER_CHUNKS } from "./peers/workers/instant-answer.ts";

const LOOPBACK_HOST = "127.0.0.1"; // never reachable from other machines
const MAX_BODY_BYTES = 4_000_000; // a chat request with a system prompt and a long history stays far below this

export type InstantModelServer = { url: string; requests: () => number; close: () => Promise<void> };

/** The answer every instant model streams, as one text: the scripted model splits it back into the same pieces. */
export const INSTANT_ANSWER = INSTANT_ANSWER_CHUNKS.join("");

/** The Worker variables that make Frontdesk answer with the in-process scripted model (no key, retrieval local). */
export function scriptedModelVars(): Record<string, string> {
  return { FRONTDESK_MODEL: "scripted", FRONTDESK_SCRIPTED_REPLY: INSTANT_ANSWER, FRONTDESK_EMBEDDER: "offline" };
}

/** The Worker variables that make Frontdesk answer with this server (the offline embedder keeps retrieval local). */
export function httpModelVars(server: InstantModelServer): Record<string, string> {
  return {
    OPENAI_API_KEY: "bench-instant-model",
    OPENAI_BASE_URL: `${server.url}/v1`,
    FRONTDESK_MODEL: "instant",
    FRONTDESK_EMBEDDER: "offline",
  };
}

const chunkLine = (model: string, delta: Record<string, unknown>, finishReason: string | null): string =>
  `data: ${JSON.stringify({
    id: "chatcmpl-instant",
    object: "chat.completion.chunk",
    created: 0,
    model,
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  })}\n\n`;

/** The whole streamed reply, written in one piece: the answer is ready the moment the request is read. */
function reply(model: string): string {
  const usage = { prompt_tokens: 100, completion_tokens: INSTANT_ANSWER_CHUNKS.length, total_tokens: 108 };
  return [
    chunkLine(model, { role: "assistant", content: "" }, null),
    ...INSTANT_ANSWER_CHUNKS.map((content) => chunkLine(model, { content }, null)),
    chunkLine(model, {}, "stop"),
    `data: ${JSON.stringify({ id: "chatcmpl-instant", object: "chat.completion.chunk", created: 0, model, choices: [], usage })}\n\n`,
    "data: [DONE]\n\n",
  ].join("");
}

async function readBody(req: IncomingMessage): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > MAX_BODY_BYTES) throw new Error("request body too large");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

async function handle(req: IncomingMessage, res: ServerResponse, count: () => void): Promise<void> {
  const path = new URL(req.url ?? "/", "http://loopback").pathname;
  if (req.method !== "POST" || !path.endsWith("/chat/completions")) {
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { message: `no route for ${req.method} ${path}` } }));
    return;
  }
  const body: unknown = JSON.parse(await readBody(req));
  const model =
    typeof body === "object" && body !== null && "model" in body && typeof body.model === "string"
      ? body.model
      : "instant";
  count();
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  res.end(reply(model));
}

/** Starts the server on a free port of 127.0.0.1. */
export async function startInstantModel(): Promise<InstantModelServer> {
  let requests = 0;
  const server = createServer((req, res) => {
    handle(req, res, () => requests++).catch((error: unknown) => {
      res.writeHead(400, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: error instanceof Error ? error.message : String(error) } }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, LOOPBACK_HOST, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${LOOPBACK_HOST}:${port}`,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** What a bench script's flags choose: `--instant` the scripted model, `--http` the loopback server, neither the offline model. */
export type ModelChoice = {
  vars: Record<string, string>;
  /** The answer every turn must give (the instant models'), none with the offline model. */
  expectedAnswer?: string;
  /** The loopback server with `--http`: close it when done, and check it was called. */
  server: InstantModelServer | null;
};

export async function modelFromFlags(flags: { instant?: boolean; http?: boolean }): Promise<ModelChoice> {
  if (flags.http) {
    const server = await startInstantModel();
    return { vars: httpModelVars(server), expectedAnswer: INSTANT_ANSWER, server };
  }
  if (flags.instant) return { vars: scriptedModelVars(), expectedAnswer: INSTANT_ANSWER, server: null };
  return { vars: {}, server: null };
}
