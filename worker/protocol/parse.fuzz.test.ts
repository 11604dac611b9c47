/**
 * Property tests for the socket protocol parser (issue 13, section 3): arbitrary strings, bytes and
 * JSON never make it throw; every result is a typed frame that re-serialises within the limits, or
 * an error with a known code; frames over 16 KB are refused. fast-check prints seed and counterexample on failure.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ErrorCode, MAX_CLIENT_ID_CHARS, MAX_FRAME_BYTES, MAX_MESSAGE_CHARS, MAX_TURN_ID_CHARS } from "./events";
import { parseClientFrame, parseServerEvent } from "./parse";

const RUNS = 300; // fixed and modest: the suite stays fast, and a failure is reproducible from its printed seed

const ERROR_CODES: readonly ErrorCode[] = [
  "bad_json",
  "frame_too_large",
  "invalid_frame",
  "unknown_type",
  "message_empty",
  "message_too_long",
  "conversation_closed",
  "not_assignee",
  "rate_limited",
];

/** Field names the parsers read, plus names that are special to JavaScript objects. */
const key = fc.oneof(
  fc.constantFrom("type", "lastSeq", "id", "text", "seq", "at", "sources", "staff", "status", "code", "message"),
  fc.constantFrom("turnId", "value"),
  fc.constantFrom("toString", "valueOf", "__proto__", "constructor", "hasOwnProperty"),
  fc.string({ maxLength: 8 }),
);
const frameType = fc.constantFrom(
  "hello",
  "message",
  "feedback",
  "rating",
  "ack",
  "ready",
  "error",
  "status",
  "assistant_complete",
);
const value = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.jsonValue({ maxDepth: 1 }),
    frameType,
    fc.constantFrom("up", "down", 1, 3, 5, 0, 6, 2.5),
    fc.string({ unit: "binary", maxLength: 50 }),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(key, tie("value"), { maxKeys: 4 }),
  ),
})).value;
/** Objects that shadow what JavaScript uses to turn a value into a string. */
const shadowing = fc.dictionary(fc.constantFrom("toString", "valueOf"), fc.jsonValue({ maxDepth: 1 }), { minKeys: 1 });
/** JSON objects shaped like frames: a likely `type` and likely field names, with arbitrary values. */
const frameLike = fc
  .tuple(
    fc.oneof(frameType, value, shadowing, fc.array(shadowing, { minLength: 1, maxLength: 2 })),
    fc.dictionary(key, value, { maxKeys: 6 }),
  )
  .map(([type, fields]) => JSON.stringify({ type, ...fields }));
const anyFrame = fc.oneof(
  frameLike,
  fc.string({ unit: "binary" }),
  fc.json(),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => bytes.buffer as ArrayBuffer),
);

const utf8Bytes = (text: string) => new TextEncoder().encode(text).byteLength;

describe("parseClientFrame (property)", () => {
  it("never throws; returns a frame within the limits or a known error", () => {
    fc.assert(
      fc.property(anyFrame, (raw) => {
        const result = parseClientFrame(raw);
        if (!result.ok) {
          expect(ERROR_CODES).toContain(result.code);
          return;
        }
        const frame = result.value;
        expect(utf8Bytes(JSON.stringify(frame))).toBeLessThanOrEqual(MAX_FRAME_BYTES);
        if (frame.type === "hello") expect(Number.isSafeInteger(frame.lastSeq) && frame.lastSeq >= 0).toBe(true);
        else if (frame.type === "feedback") {
          expect(["up", "down"]).toContain(frame.value);
          expect(frame.turnId.length).toBeGreaterThan(0);
          expect(frame.turnId.length).toBeLessThanOrEqual(MAX_TURN_ID_CHARS);
        } else if (frame.type === "rating") expect([1, 2, 3, 4, 5]).toContain(frame.value);
        else {
          expect(frame.type).toBe("message");
          expect(frame.id.length).toBeGreaterThan(0);
          expect(frame.id.length).toBeLessThanOrEqual(MAX_CLIENT_ID_CHARS);
          expect(frame.text).toBe(frame.text.trim());
          expect(frame.text.length).toBeGreaterThan(0);
          expect(frame.text.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
        }
        // A parsed frame parses again to itself.
        expect(parseClientFrame(JSON.stringify(frame))).toEqual(result);
      }),
      { numRuns: RUNS },
    );
  });

  it("accepts every well-formed message frame, text trimmed", () => {
    const id = fc.string({ minLength: 1, maxLength: MAX_CLIENT_ID_CHARS });
    const text = fc.string({ maxLength: MAX_MESSAGE_CHARS }).filter((t) => t.trim().length > 0);
    fc.assert(
      fc.property(id, text, (id, text) => {
        expect(parseClientFrame(JSON.stringify({ type: "message", id, text }))).toEqual({
          ok: true,
          value: { type: "message", id, text: text.trim() },
        });
      }),
      { numRuns: RUNS },
    );
  });

  it("refuses every client frame over 16 KB, whatever it holds (server events have their own, larger cap)", () => {
    const padding = fc.integer({ min: 1, max: 2_000 });
    fc.assert(
      fc.property(frameLike, padding, fc.constantFrom("a", "é", "😀"), (frame, extra, unit) => {
        const big =
          `${frame.slice(0, -1)}${frame.length > 2 ? "," : ""}` +
          `"pad":"${unit.repeat(Math.ceil(MAX_FRAME_BYTES / utf8Bytes(unit)) + extra)}"}`;
        expect(parseClientFrame(big)).toMatchObject({ ok: false, code: "frame_too_large" });
        expect(parseServerEvent(big)).not.toMatchObject({ code: "frame_too_large" });
      }),
      { numRuns: RUNS },
    );
  });
});

describe("parseServerEvent (property)", () => {
  it("never throws; returns an event of a known type or a known error", () => {
    fc.assert(
      fc.property(anyFrame, (raw) => {
        const result = parseServerEvent(raw);
        if (!result.ok) expect(ERROR_CODES).toContain(result.code);
        else expect(typeof result.value.type).toBe("string");
      }),
      { numRuns: RUNS },
    );
  });
});
