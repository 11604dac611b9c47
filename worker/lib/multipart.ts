/**
 * A streaming multipart/form-data reader over `cappedChunks` (body.ts): parts come out one at a
 * time as their closing boundary arrives, so a request is never held whole — at most one part, and a
 * part past its own cap is counted and dropped, not kept. The whole body stays under the request's cap.
 */
import { cappedChunks } from "./body";
import { ApiError } from "./errors";

const MAX_PART_HEADER_BYTES = 16 * 1024; // a part's headers are a name, a file name and a type
const CRLF = new Uint8Array([13, 10]);
const HEADER_END = new Uint8Array([13, 10, 13, 10]);

export type MultipartPart = {
  /** The form field's name. */
  field: string;
  /** The file name, or null for a plain field. */
  filename: string | null;
  contentType: string;
  /** The part's bytes; null when it was larger than `maxPartBytes` (they were not kept). */
  bytes: Uint8Array | null;
  /** The part's real length, even when its bytes were dropped. */
  size: number;
};

export type MultipartLimits = { maxBytes: number; maxPartBytes: number };

const malformed = (why: string) => new ApiError(400, "invalid_body", `The multipart body could not be read: ${why}`);

/** The `boundary` of a multipart/form-data content type, or null. */
export function multipartBoundary(contentType: string | undefined): string | null {
  if (!contentType?.toLowerCase().startsWith("multipart/form-data")) return null;
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return match?.[1] ?? match?.[2] ?? null;
}

function indexOfBytes(haystack: Uint8Array, needle: Uint8Array, from = 0): number {
  const first = needle[0];
  for (let i = haystack.indexOf(first ?? 0, from); i !== -1; i = haystack.indexOf(first ?? 0, i + 1)) {
    if (i + needle.length > haystack.length) return -1;
    let j = 1;
    while (j < needle.length && haystack[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.byteLength === 0) return b;
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a);
  out.set(b, a.byteLength);
  return out;
}

function parsePartHeaders(text: string): Omit<MultipartPart, "bytes" | "size"> {
  let disposition = "";
  let contentType = "application/octet-stream";
  for (const line of text.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === "content-disposition") disposition = value;
    if (name === "content-type" && value) contentType = value;
  }
  if (!/^form-data\b/i.test(disposition)) throw malformed("a part is not form-data");
  const param = (key: string) => {
    const match = new RegExp(`;\\s*${key}="((?:[^"\\\\]|\\\\.)*)"`, "i").exec(disposition);
    return match?.[1] === undefined ? null : match[1].replace(/\\(.)/g, "$1");
  };
  const field = param("name");
  if (field === null) throw malformed("a part has no name");
  return { field, filename: param("filename"), contentType };
}

/** The parts of a multipart/form-data request, in order; 413 past `maxBytes`, 400 when malformed. */
export async function* multipartParts(
  request: Request,
  boundary: string,
  limits: MultipartLimits,
): AsyncGenerator<MultipartPart> {
  const delimiter = new TextEncoder().encode(`\r\n--${boundary}`);
  // A leading CRLF makes the first boundary look like every other one.
  let buffer: Uint8Array = CRLF;
  let state: "preamble" | "after-boundary" | "headers" | "body" | "end" = "preamble";
  let part: Omit<MultipartPart, "bytes" | "size"> | null = null;
  let kept: Uint8Array[] = [];
  let size = 0;
  const take = (bytes: Uint8Array) => {
    size += bytes.byteLength;
    if (size > limits.maxPartBytes) kept = [];
    else kept.push(bytes);
  };
  const finish = (): MultipartPart => {
    const whole = size > limits.maxPartBytes ? null : kept.reduce(concat, new Uint8Array());
    const done = { ...(part as Omit<MultipartPart, "bytes" | "size">), bytes: whole, size };
    kept = [];
    size = 0;
    part = null;
    return done;
  };

  for await (const chunk of cappedChunks(request, limits.maxBytes)) {
    buffer = concat(buffer, chunk);
    while (true) {
      if (state === "preamble") {
        const at = indexOfBytes(buffer, delimiter);
        if (at < 0) {
          buffer = buffer.slice(Math.max(0, buffer.byteLength - delimiter.byteLength + 1));
          break;
        }
        buffer = buffer.slice(at + delimiter.byteLength);
        state = "after-boundary";
      } else if (state === "after-boundary") {
        if (buffer.byteLength < 2) break;
        if (buffer[0] === 45 && buffer[1] === 45)
          state = "end"; // "--": the closing boundary
        else if (buffer[0] === 13 && buffer[1] === 10) {
          buffer = buffer.slice(2);
          state = "headers";
        } else throw malformed("bad boundary line");
      } else if (state === "headers") {
        const at = indexOfBytes(buffer, HEADER_END);
        if (at < 0) {
          if (buffer.byteLength > MAX_PART_HEADER_BYTES) throw malformed("part headers too long");
          break;
        }
        part = parsePartHeaders(new TextDecoder().decode(buffer.subarray(0, at)));
        buffer = buffer.slice(at + HEADER_END.byteLength);
        state = "body";
      } else if (state === "body") {
        const at = indexOfBytes(buffer, delimiter);
        if (at < 0) {
          // Keep only what could be the start of a boundary split across chunks.
          const keep = Math.min(buffer.byteLength, delimiter.byteLength - 1);
          take(buffer.slice(0, buffer.byteLength - keep));
          buffer = buffer.slice(buffer.byteLength - keep);
          break;
        }
        take(buffer.slice(0, at));
        buffer = buffer.slice(at + delimiter.byteLength);
        state = "after-boundary";
        yield finish();
      } else {
        buffer = new Uint8Array(); // "end": the epilogue is read (and counted) but ignored
        break;
      }
    }
  }
  if (state !== "end") throw malformed("the body ended before its closing boundary");
}
