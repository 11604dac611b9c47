/**
 * Every request body is read through here: as a stream, with a running byte count that stops with
 * `413 body_too_large` as soon as it passes the route's cap. `Content-Length` only lets a body that
 * is honestly too large be refused unread; a missing or lying one changes nothing, because the count
 * is of the bytes that actually arrive.
 */
import { ApiError } from "./errors";

export const bodyTooLarge = (maxBytes: number): ApiError =>
  new ApiError(413, "body_too_large", `The body is larger than ${maxBytes} bytes`, { maxBytes });

/**
 * The body's chunks, in order, never more than `maxBytes` in all: past it, the stream is cancelled
 * (the rest is never read) and 413 is thrown. A declared `Content-Length` above the cap is refused first.
 */
export async function* cappedChunks(request: Request, maxBytes: number): AsyncGenerator<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw bodyTooLarge(maxBytes);
  if (!request.body) return;
  const reader = request.body.getReader();
  let count = 0;
  let done = false;
  try {
    while (true) {
      const next = await reader.read();
      if (next.done) {
        done = true;
        return;
      }
      count += next.value.byteLength;
      if (count > maxBytes) throw bodyTooLarge(maxBytes);
      yield next.value;
    }
  } finally {
    // Stopped early (over the cap, or the consumer gave up): the rest of the body is never read.
    if (!done) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/** The whole body as bytes, at most `maxBytes` of them (else 413, having read no more than the cap). */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of cappedChunks(request, maxBytes)) {
    chunks.push(chunk);
    length += chunk.byteLength;
  }
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** The whole body as UTF-8 text (malformed bytes become U+FFFD, as `Request.text()` does), capped as above. */
export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  return new TextDecoder().decode(await readBodyBytes(request, maxBytes));
}
