/**
 * The capped body reader and the streaming multipart reader: chunk boundaries anywhere, caps on the bytes that arrive,
 * malformed bodies.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readBodyText } from "./body";
import { ApiError } from "./errors";
import { type MultipartPart, multipartBoundary, multipartParts } from "./multipart";

const BOUNDARY = "b0undary";

/** A POST whose body arrives in the given pieces, with no Content-Length. */
function streamed(pieces: Uint8Array[], headers: Record<string, string> = {}): Request {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of pieces) controller.enqueue(piece);
      controller.close();
    },
  });
  return new Request("http://x.test/", { method: "POST", body, headers, duplex: "half" } as RequestInit);
}

const bytes = (text: string) => new TextEncoder().encode(text);
const form = (parts: [field: string, filename: string | null, content: string][]) =>
  `preamble\r\n${parts
    .map(
      ([field, filename, content]) =>
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${field}"` +
        `${filename === null ? "" : `; filename="${filename}"`}\r\n\r\n${content}\r\n`,
    )
    .join("")}--${BOUNDARY}--\r\n`;

async function readParts(request: Request, maxBytes = 1_000_000, maxPartBytes = 1_000): Promise<MultipartPart[]> {
  const parts: MultipartPart[] = [];
  for await (const part of multipartParts(request, BOUNDARY, { maxBytes, maxPartBytes })) parts.push(part);
  return parts;
}

async function apiError(promise: Promise<unknown>): Promise<{ status: number; code: string }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return { status: (error as ApiError).status, code: (error as ApiError).code };
}

describe("readBodyText", () => {
  it("reads a streamed body under the cap, and refuses one past it or declared past it", async () => {
    expect(await readBodyText(streamed([bytes("ab"), bytes("cd")]), 4)).toBe("abcd");
    expect(await apiError(readBodyText(streamed([bytes("ab"), bytes("cde")]), 4))).toEqual({
      status: 413,
      code: "body_too_large",
    });
    const declared = new Request("http://x.test/", { method: "POST", body: "ab", headers: { "content-length": "9" } });
    expect(await apiError(readBodyText(declared, 4))).toMatchObject({ code: "body_too_large" });
  });
});

describe("multipartBoundary", () => {
  it("reads plain and quoted boundaries, and only for multipart/form-data", () => {
    expect(multipartBoundary(`multipart/form-data; boundary=${BOUNDARY}`)).toBe(BOUNDARY);
    expect(multipartBoundary('multipart/form-data; charset=utf-8; boundary="a b"')).toBe("a b");
    expect(multipartBoundary("text/plain; boundary=x")).toBeNull();
    expect(multipartBoundary("multipart/form-data")).toBeNull();
    expect(multipartBoundary(undefined)).toBeNull();
  });
});

describe("multipartParts", () => {
  it("reads fields and files, wherever the chunks split them", async () => {
    const body = bytes(
      form([
        ["file", "a.md", "# A\r\n\r\nline"],
        ["note", null, "hi"],
        ["file", "b.md", ""],
      ]),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 1, max: body.byteLength - 1 }), { maxLength: 6 }),
        async (cuts) => {
          const at = [0, ...cuts.sort((a, b) => a - b), body.byteLength];
          const pieces = at.slice(1).map((end, i) => body.slice(at[i], end));
          const parts = await readParts(streamed(pieces));
          expect(parts.map((p) => [p.field, p.filename, p.bytes && new TextDecoder().decode(p.bytes), p.size])).toEqual(
            [
              ["file", "a.md", "# A\r\n\r\nline", 11],
              ["note", null, "hi", 2],
              ["file", "b.md", "", 0],
            ],
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it("drops a part over its cap but reports its size", async () => {
    const [part] = await readParts(streamed([bytes(form([["file", "big.md", "x".repeat(50)]]))]), 1_000, 10);
    expect(part).toMatchObject({ filename: "big.md", bytes: null, size: 50 });
  });

  it("stops with 413 once the bytes that arrive pass the cap", async () => {
    const body = bytes(form([["file", "a.md", "x".repeat(500)]]));
    expect(await apiError(readParts(streamed([body]), 100))).toEqual({ status: 413, code: "body_too_large" });
  });

  it("refuses malformed bodies with 400", async () => {
    for (const body of [
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="a"\r\n\r\nno end`,
      `--${BOUNDARY}\r\nContent-Type: text/plain\r\n\r\nx\r\n--${BOUNDARY}--`,
      `--${BOUNDARY}xx`,
      "",
    ]) {
      expect(await apiError(readParts(streamed([bytes(body)])))).toEqual({ status: 400, code: "invalid_body" });
    }
  });
});
