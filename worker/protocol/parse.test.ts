import { describe, expect, it } from "vitest";
import { MAX_FRAME_BYTES, MAX_MESSAGE_CHARS, MAX_SERVER_EVENT_BYTES } from "./events";
import { parseClientFrame, parseActionCall, parseDeliveryFailed, parseServerEvent } from "./parse";

describe("parseClientFrame", () => {
  it("accepts hello and message frames", () => {
    expect(parseClientFrame('{"type":"hello","lastSeq":3}')).toEqual({
      ok: true,
      value: { type: "hello", lastSeq: 3 },
    });
    expect(parseClientFrame('{"type":"message","id":"m1","text":"  hi "}')).toEqual({
      ok: true,
      value: { type: "message", id: "m1", text: "hi" },
    });
  });

  it.each([
    ["not json", "bad_json"],
    ["[1,2]", "invalid_frame"],
    ['{"type":"dance"}', "unknown_type"],
    ['{"type":"hello","lastSeq":-1}', "invalid_frame"],
    ['{"type":"message","id":"","text":"x"}', "invalid_frame"],
    ['{"type":"message","id":"m","text":"   "}', "message_empty"],
    [JSON.stringify({ type: "message", id: "m", text: "x".repeat(MAX_MESSAGE_CHARS + 1) }), "message_too_long"],
    [JSON.stringify({ type: "message", id: "m", text: "x".repeat(MAX_FRAME_BYTES) }), "frame_too_large"],
  ])("refuses %s with %s", (raw, code) => {
    const result = parseClientFrame(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.code).toBe(code);
  });

  it("counts the frame limit in UTF-8 bytes, not characters", () => {
    const longest = "€".repeat(MAX_MESSAGE_CHARS); // 4,000 characters, 12,000 bytes: allowed
    expect(parseClientFrame(JSON.stringify({ type: "message", id: "m", text: longest })).ok).toBe(true);
    const padded = JSON.stringify({ type: "message", id: "m", text: "hi", pad: "€".repeat(6_000) }); // 18 KB
    const result = parseClientFrame(padded);
    expect(result.ok ? "ok" : result.code).toBe("frame_too_large");
    // Long enough that it could be over the limit (3 bytes a character at most), but all ASCII: measured, and allowed.
    const ascii = JSON.stringify({ type: "message", id: "m", text: "hi", pad: "x".repeat(MAX_FRAME_BYTES / 2) });
    expect(ascii.length * 3).toBeGreaterThan(MAX_FRAME_BYTES);
    expect(parseClientFrame(ascii).ok).toBe(true);
  });
});

describe("parseServerEvent", () => {
  it("accepts a logged event and rejects a malformed one", () => {
    const ok = parseServerEvent(
      JSON.stringify({ type: "assistant_complete", seq: 4, at: 1, turnId: "t", text: "hi", sources: [] }),
    );
    expect(ok.ok).toBe(true);
    const bad = parseServerEvent(
      JSON.stringify({ type: "assistant_complete", seq: 4, at: 1, turnId: "t", text: "hi", sources: [{}] }),
    );
    expect(bad.ok).toBe(false);
  });

  it("accepts the verified event the widget shows as 'Verified as …'", () => {
    expect(parseServerEvent(JSON.stringify({ type: "verified", seq: 5, at: 1, email: "jane@example.com" })).ok).toBe(
      true,
    );
    expect(parseServerEvent(JSON.stringify({ type: "verified", seq: 5, at: 1 })).ok).toBe(false);
  });

  it("parses the delivery_failed event the inbox shows under the line that failed", () => {
    const failed = { type: "delivery_failed", seq: 9, at: 1, ofSeq: 7, error: "550 mailbox unavailable" };
    expect(parseDeliveryFailed(JSON.stringify(failed))).toEqual(failed);
    expect(parseDeliveryFailed(JSON.stringify({ ...failed, ofSeq: "7" }))).toBeNull();
    expect(parseDeliveryFailed(JSON.stringify({ ...failed, error: undefined }))).toBeNull();
    expect(parseDeliveryFailed(JSON.stringify({ type: "rating", seq: 9, at: 1, value: 5 }))).toBeNull();
  });

  it("parses the action_call event the inbox logs between lines, and nothing else as one", () => {
    const call = {
      type: "action_call",
      seq: 4,
      at: 1,
      actionId: "act_lookup1",
      name: "lookup_order",
      inputs: { order_number: "1234" },
      ok: false,
      code: "timeout",
      status: null,
      durationMs: 10_002,
    };
    expect(parseActionCall(JSON.stringify(call))).toEqual(call);
    expect(parseActionCall(JSON.stringify({ ...call, inputs: { order_number: 1234 } }))).toBeNull();
    expect(parseActionCall(JSON.stringify({ ...call, ok: "no" }))).toBeNull();
    expect(parseActionCall(JSON.stringify({ type: "rating", seq: 9, at: 1, value: 5 }))).toBeNull();
    expect(parseServerEvent(JSON.stringify(call)).ok).toBe(false); // the widget never parses it
  });

  it("accepts a complete answer far longer than a client frame may be, up to the server-event cap", () => {
    const complete = (text: string) =>
      JSON.stringify({ type: "assistant_complete", seq: 9, at: 1, turnId: "t", text, sources: [] });
    const long = complete("Längere Antwort. ".repeat(2_500)); // 42,500 characters, over 44,000 bytes
    expect(new TextEncoder().encode(long).byteLength).toBeGreaterThan(MAX_FRAME_BYTES);
    expect(parseServerEvent(long).ok).toBe(true);
    expect(parseServerEvent(complete("x".repeat(MAX_SERVER_EVENT_BYTES)))).toMatchObject({
      ok: false,
      code: "frame_too_large",
    });
  });
});
