/**
 * What the loopback OpenAI-compatible server's routes share: the record of a request, the path
 * prefixes that make a route fail as a provider does, reading a request body, and the error answers.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

export type RecordedRequest = {
  method: string;
  path: string;
  authorization: string | null;
  body: unknown;
  /** The content pieces the server streamed back, in order. */
  sentChunks: string[];
};

const MAX_BODY_BYTES = 1_000_000; // a chat request with a system prompt is far smaller
/** Requests under this path prefix get a 401, as a provider does for a wrong key. */
export const FAILING_PREFIX = "/failing/";
/** Transcription requests under this path prefix get a 500, as a provider having an outage does. */
export const BROKEN_PREFIX = "/broken/";

/** The 401 a provider answers a wrong key with. */
export function answerInvalidKey(res: ServerResponse): void {
  res.writeHead(401, { "content-type": "application/json" });
  res.end(
    JSON.stringify({
      error: { message: "Incorrect API key provided", type: "invalid_request_error", code: "invalid_api_key" },
    }),
  );
}

/** The 500 a provider answers with during an outage (`headers` added, such as a retry hint). */
export function answerServerError(res: ServerResponse, headers: Record<string, string> = {}): void {
  res.writeHead(500, { "content-type": "application/json", ...headers });
  res.end(
    JSON.stringify({
      error: { message: "The server had an error while processing your request", type: "server_error", code: null },
    }),
  );
}

/** The request body as UTF-8 text; over MAX_BODY_BYTES it throws. */
export async function readBody(req: IncomingMessage): Promise<string> {
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
