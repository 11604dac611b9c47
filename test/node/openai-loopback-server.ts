/**
 * A loopback OpenAI-compatible Chat Completions server for tests: answers
 * `POST /v1/chat/completions` with a streamed reply (SSE `chat.completion.chunk` lines, then
 * `data: [DONE]`), answers `POST /v1/audio/transcriptions` with a fixed transcript (timed segments in verbose JSON) and
 * `POST /v1/embeddings` with deterministic bag-of-words vectors (of the requested `dimensions`, else the
 * model's real size), under `/slow/…` only after `SLOW_EMBEDDING_MS`,
 * and records every request so a test can see exactly what the client sent (`GET /__requests`).
 * Under `/obedient/…` chat replies do whatever an attacker asks (obedient-model.ts); under `/crm/…`
 * the model looks up or changes the billing address and repeats what the tool answered (crm-model.ts;
 * `/crm/reworded/…` and `/crm/twice/…` misbehave about changes); under `/actions/…` it calls the
 * agent's action with the visitor's order number, or obeys a planted instruction (action-model.ts); under `/long/…` it writes a
 * LONG_ANSWER_CHARS-character answer (far over a 16 KB frame).
 * Under `/failing/…` it answers 401 like a provider rejecting the key; under `/broken/…`,
 * transcriptions and embeddings get a 500 (embeddings with a short `retry-after-ms`, so client
 * retries are quick).
 * Runs in Node, bound to 127.0.0.1 only. The transcription and embedding routes are in
 * openai-loopback-media.ts, what the routes share in openai-loopback-http.ts.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { crmReply } from "./crm-model";
import { ACTIONS_PREFIX, actionReply } from "./action-model";
import { obedientReply, type ChatMessage } from "./obedient-model";
import { answerInvalidKey, FAILING_PREFIX, type RecordedRequest, readBody } from "./openai-loopback-http";
import { embeddings, transcribe } from "./openai-loopback-media";

const LOOPBACK_HOST = "127.0.0.1"; // never reachable from other machines
/** Chat requests under this path prefix are answered by a model that obeys every attacker (obedient-model.ts). */
export const OBEDIENT_PREFIX = "/obedient/";
/** Chat requests under this path prefix are answered by a model that calls the CRM lookup tool (crm-model.ts). */
export const CRM_PREFIX = "/crm/";

/** Chat requests under this path prefix get a LONG_ANSWER_CHARS-character answer. */
export const LONG_PREFIX = "/long/";
export const LONG_ANSWER_CHARS = 40_000;
export const LONG_ANSWER_END = "That is the end of the long answer.";

/** A LONG_ANSWER_CHARS-character answer in 40-character pieces, ending with LONG_ANSWER_END. */
export function longAnswerChunks(): string[] {
  const line = "Paragraph of a very long answer, numbered so nothing repeats: ";
  let text = "";
  for (let i = 1; text.length < LONG_ANSWER_CHARS - LONG_ANSWER_END.length - 80; i++) text += `${line}${i}.\n\n`;
  text = `${text}${"x".repeat(LONG_ANSWER_CHARS - LONG_ANSWER_END.length - text.length - 1)} ${LONG_ANSWER_END}`;
  const chunks: string[] = [];
  for (let at = 0; at < text.length; at += 40) chunks.push(text.slice(at, at + 40));
  return chunks;
}

/** The reply, in the pieces it is streamed in; it names the requested model to prove the request was read. */
export function replyChunks(model: string): string[] {
  return [`(${model})`, " Refunds", " reach", " your", " card", " within", " 5", " working", " days."];
}

/** One streamed Chat Completions chunk as an SSE line. */
export function chatChunk(model: string, delta: Record<string, unknown>, finishReason: string | null): string {
  return `data: ${JSON.stringify({
    id: "chatcmpl-loopback",
    object: "chat.completion.chunk",
    created: 0,
    model,
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  })}\n\n`;
}

export type LoopbackServer = { url: string; requests: RecordedRequest[]; close: () => Promise<void> };

/** Starts the server on a free port of 127.0.0.1. */
export async function startOpenAILoopback(): Promise<LoopbackServer> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    handle(req, res, requests).catch((error: unknown) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: String(error) } }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, LOOPBACK_HOST, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${LOOPBACK_HOST}:${port}`,
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, requests: RecordedRequest[]): Promise<void> {
  const path = new URL(req.url ?? "/", "http://loopback").pathname;
  if (req.method === "GET" && path === "/__requests") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(requests));
    return;
  }
  if (req.method === "POST" && path.endsWith("/audio/transcriptions")) return transcribe(req, res, path, requests);
  if (req.method === "POST" && path.endsWith("/embeddings")) return embeddings(req, res, path, requests);
  if (req.method !== "POST" || !path.endsWith("/chat/completions")) {
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { message: `no route for ${req.method} ${path}` } }));
    return;
  }
  const body: unknown = JSON.parse(await readBody(req));
  if (path.startsWith(FAILING_PREFIX)) {
    requests.push({ method: req.method, path, authorization: req.headers.authorization ?? null, body, sentChunks: [] });
    answerInvalidKey(res);
    return;
  }
  const model =
    typeof body === "object" && body !== null && "model" in body && typeof body.model === "string"
      ? body.model
      : "unknown";
  const messages =
    typeof body === "object" && body !== null && "messages" in body && Array.isArray(body.messages)
      ? (body.messages as ChatMessage[])
      : [];
  const tools =
    typeof body === "object" && body !== null && "tools" in body && Array.isArray(body.tools) ? body.tools : [];
  const obedient = path.startsWith(OBEDIENT_PREFIX)
    ? obedientReply(messages)
    : path.startsWith(CRM_PREFIX)
      ? crmReply(messages, tools, path)
      : path.startsWith(ACTIONS_PREFIX)
        ? actionReply(messages, tools, path)
        : null;
  const chunks = obedient ? obedient.chunks : path.startsWith(LONG_PREFIX) ? longAnswerChunks() : replyChunks(model);
  requests.push({
    method: req.method,
    path,
    authorization: req.headers.authorization ?? null,
    body,
    sentChunks: chunks,
  });

  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
  const send = (delta: Record<string, unknown>, finishReason: string | null) =>
    res.write(chatChunk(model, delta, finishReason));
  send({ role: "assistant", content: "" }, null);
  for (const content of chunks) send({ content }, null);
  const call = obedient?.toolCall;
  if (call)
    send(
      {
        tool_calls: [
          { index: 0, id: "call_loopback", type: "function", function: { name: call.name, arguments: call.arguments } },
        ],
      },
      null,
    );
  send({}, call ? "tool_calls" : "stop");
  res.write(
    `data: ${JSON.stringify({
      id: "chatcmpl-loopback",
      object: "chat.completion.chunk",
      created: 0,
      model,
      choices: [],
      usage: { prompt_tokens: 100, completion_tokens: chunks.length, total_tokens: 100 + chunks.length },
    })}\n\n`,
  );
  res.end("data: [DONE]\n\n");
}
