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
 * Runs in Node, bound to 127.0.0.1 only.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { crmReply } from "./crm-model";
import { ACTIONS_PREFIX, actionReply } from "./action-model";
import { obedientReply, type ChatMessage } from "./obedient-model";

export type RecordedRequest = {
  method: string;
  path: string;
  authorization: string | null;
  body: unknown;
  /** The content pieces the server streamed back, in order. */
  sentChunks: string[];
};

const LOOPBACK_HOST = "127.0.0.1"; // never reachable from other machines
const MAX_BODY_BYTES = 1_000_000; // a chat request with a system prompt is far smaller
/** Requests under this path prefix get a 401, as a provider does for a wrong key. */
export const FAILING_PREFIX = "/failing/";
/** Transcription requests under this path prefix get a 500, as a provider having an outage does. */
export const BROKEN_PREFIX = "/broken/";
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
    res.writeHead(401, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        error: { message: "Incorrect API key provided", type: "invalid_request_error", code: "invalid_api_key" },
      }),
    );
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

/** The transcript every upload gets: two segments a minute apart, so sections and timestamps can be checked. */
export const TRANSCRIPT_SEGMENTS = [
  { id: 0, start: 0, end: 6.5, text: " Welcome to the Frontdesk video tour." },
  { id: 1, start: 6.5, end: 14, text: " The staff inbox lists every conversation waiting for a person." },
  { id: 2, start: 75, end: 88, text: " To calibrate the flux capacitor, hold the green button for ten seconds." },
];

/** A multipart form field's value (the loopback server reads only short text fields). */
const formField = (raw: string, name: string): string | null =>
  new RegExp(`name="${name}"\r\n\r\n([^\r]+)`).exec(raw)?.[1] ?? null;

/**
 * `POST …/audio/transcriptions` (multipart): records the model, file name, response format and
 * size; answers verbose JSON with segments when asked for it, plain `{ text }` JSON otherwise.
 */
async function transcribe(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  requests: RecordedRequest[],
): Promise<void> {
  const raw = await readBody(req);
  const model = formField(raw, "model") ?? "unknown";
  const responseFormat = formField(raw, "response_format");
  const fileName = /name="file"; filename="([^"]+)"/.exec(raw)?.[1] ?? null;
  requests.push({
    method: "POST",
    path,
    authorization: req.headers.authorization ?? null,
    body: { model, fileName, responseFormat, bytes: raw.length },
    sentChunks: [],
  });
  if (path.startsWith(FAILING_PREFIX)) {
    res.writeHead(401, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        error: { message: "Incorrect API key provided", type: "invalid_request_error", code: "invalid_api_key" },
      }),
    );
    return;
  }
  if (path.startsWith(BROKEN_PREFIX)) {
    res.writeHead(500, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        error: { message: "The server had an error while processing your request", type: "server_error", code: null },
      }),
    );
    return;
  }
  res.writeHead(200, { "content-type": "application/json" });
  const text = TRANSCRIPT_SEGMENTS.map((s) => s.text).join("");
  if (responseFormat !== "verbose_json") {
    res.end(JSON.stringify({ text }));
    return;
  }
  // The fields of OpenAI's verbose_json segments, which clients validate.
  const segments = TRANSCRIPT_SEGMENTS.map((s) => ({
    ...s,
    seek: 0,
    tokens: [],
    temperature: 0,
    avg_logprob: -0.2,
    compression_ratio: 1.2,
    no_speech_prob: 0.01,
  }));
  res.end(JSON.stringify({ text, language: "english", duration: 88, segments }));
}

export const LOOPBACK_EMBEDDING_DIMENSIONS = 64;
/** Vector sizes of real models, so a client expecting them gets them when it does not ask for `dimensions`. */
const MODEL_DIMENSIONS: Record<string, number> = {
  "text-embedding-3-small": 1536,
  "text-embedding-3-large": 3072,
  "text-embedding-ada-002": 1536,
};
/** Embedding requests under this path prefix are answered only after `SLOW_EMBEDDING_MS`, like a provider that hangs. */
export const SLOW_PREFIX = "/slow/";
export const SLOW_EMBEDDING_MS = 3_000; // far beyond the short time limits the timeout tests set
const RETRY_AFTER_MS = "10"; // tells clients to retry the 500 almost at once (tests stay fast)

/** A deterministic bag-of-words vector (hashed lower-case words), so similar texts are close. */
export function loopbackEmbedding(text: string, dimensions = LOOPBACK_EMBEDDING_DIMENSIONS): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    let h = 2166136261;
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16777619);
    const slot = (h >>> 0) % dimensions;
    vector[slot] = (vector[slot] ?? 0) + 1;
  }
  return vector;
}

/** `POST …/embeddings`: one vector per input, in OpenAI's response shape. */
async function embeddings(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  requests: RecordedRequest[],
): Promise<void> {
  const body = JSON.parse(await readBody(req)) as { model?: string; input?: string[] | string; dimensions?: number };
  const inputs = Array.isArray(body.input) ? body.input : [String(body.input ?? "")];
  const dimensions = body.dimensions ?? MODEL_DIMENSIONS[body.model ?? ""] ?? LOOPBACK_EMBEDDING_DIMENSIONS;
  requests.push({
    method: "POST",
    path,
    authorization: req.headers.authorization ?? null,
    body: { model: body.model, inputs: inputs.length, texts: inputs, dimensions: body.dimensions ?? null },
    sentChunks: [],
  });
  if (path.startsWith(FAILING_PREFIX)) {
    res.writeHead(401, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        error: { message: "Incorrect API key provided", type: "invalid_request_error", code: "invalid_api_key" },
      }),
    );
    return;
  }
  if (path.startsWith(BROKEN_PREFIX)) {
    res.writeHead(500, { "content-type": "application/json", "retry-after-ms": RETRY_AFTER_MS });
    res.end(
      JSON.stringify({
        error: { message: "The server had an error while processing your request", type: "server_error", code: null },
      }),
    );
    return;
  }
  if (path.startsWith(SLOW_PREFIX)) await new Promise((resolve) => setTimeout(resolve, SLOW_EMBEDDING_MS));
  res.writeHead(200, { "content-type": "application/json" });
  res.end(
    JSON.stringify({
      object: "list",
      data: inputs.map((text, index) => ({
        object: "embedding",
        index,
        embedding: loopbackEmbedding(text, dimensions),
      })),
      model: body.model,
      usage: { prompt_tokens: inputs.length, total_tokens: inputs.length },
    }),
  );
}

async function readBody(req: IncomingMessage): Promise<string> {
  let size = 0;
  const parts: Buffer[] = [];
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new Error("request body too large");
    parts.push(buffer);
  }
  return Buffer.concat(parts).toString("utf8");
}
