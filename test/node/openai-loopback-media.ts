/**
 * The loopback OpenAI-compatible server's non-chat routes: `POST …/audio/transcriptions` answers a
 * fixed transcript (timed segments in verbose JSON), `POST …/embeddings` deterministic bag-of-words
 * vectors (of the requested `dimensions`, else the model's real size), under `/slow/…` only after
 * `SLOW_EMBEDDING_MS`. Under `/failing/…` they answer 401; under `/broken/…` a 500 (embeddings with a
 * short `retry-after-ms`, so client retries are quick).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  answerInvalidKey,
  answerServerError,
  BROKEN_PREFIX,
  FAILING_PREFIX,
  type RecordedRequest,
  readBody,
} from "./openai-loopback-http";

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
export async function transcribe(
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
    answerInvalidKey(res);
    return;
  }
  if (path.startsWith(BROKEN_PREFIX)) {
    answerServerError(res);
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
export async function embeddings(
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
    answerInvalidKey(res);
    return;
  }
  if (path.startsWith(BROKEN_PREFIX)) {
    answerServerError(res, { "retry-after-ms": RETRY_AFTER_MS });
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
