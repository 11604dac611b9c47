/**
 * The panel's lean frame reader gives the shared protocol parser's verdict on every frame: each
 * valid event of every kind, and each of them with one field dropped or of the wrong type.
 */
import { describe, expect, it } from "vitest";
import { MAX_SERVER_EVENT_BYTES } from "../../worker/protocol/events";
import { parseServerEvent } from "../../worker/protocol/parse";
import { readServerEvent } from "./server-event";

const AT = 1_700_000_000_000;
const STAFF = { id: "u1", name: "Ada" };
const VALID: Record<string, unknown>[] = [
  { type: "visitor_message", seq: 1, at: AT, id: "m1", text: "Hi" },
  { type: "assistant_delta", seq: 2, at: AT, turnId: "t1", text: "Hel" },
  {
    type: "assistant_complete",
    seq: 3,
    at: AT,
    turnId: "t1",
    text: "Hello",
    sources: [
      { id: "s1", title: "Shipping", url: "https://e.x/s" },
      { id: "s2", title: "FAQ" },
    ],
  },
  { type: "status", seq: 4, at: AT, status: "open", poweredByAi: true },
  { type: "status", seq: 5, at: AT, status: "human", poweredByAi: false, staff: STAFF },
  { type: "staff_message", seq: 6, at: AT, id: "x1", text: "Hello, Ada here", staff: STAFF },
  { type: "system_message", seq: 7, at: AT, kind: "email_request", text: "Your email?" },
  { type: "verified", seq: 8, at: AT, email: "ada@example.com" },
  { type: "feedback", seq: 9, at: AT, turnId: "t1", value: "up" },
  { type: "rating", seq: 10, at: AT, value: 5 },
  { type: "turn_error", seq: 11, at: AT, turnId: "t2", code: "model_failed", message: "x" },
  { type: "ready", lastSeq: 11 },
  { type: "ack", id: "m1", seq: 1, duplicate: false },
  { type: "error", code: "rate_limited", message: "Slow down" },
];
const WRONG = [undefined, null, -1, 1.5, "1", true, {}, [], { id: 1, name: "x" }, [{ id: "s", title: 2 }]];

/** Both readers' verdict on a raw frame: the event, or null for a refusal. */
function verdicts(raw: string): { lean: unknown; shared: unknown } {
  const shared = parseServerEvent(raw);
  return { lean: readServerEvent(raw), shared: shared.ok ? shared.value : null };
}

describe("readServerEvent", () => {
  it("accepts every valid event as the shared parser does", () => {
    for (const frame of VALID) {
      const raw = JSON.stringify(frame);
      expect(readServerEvent(raw), raw).toEqual(frame);
      expect(verdicts(raw).shared, raw).toEqual(frame);
    }
  });

  it("agrees with the shared parser on every field dropped or replaced by a value of another type", () => {
    let refused = 0;
    for (const frame of VALID) {
      for (const key of Object.keys(frame).filter((k) => k !== "type")) {
        for (const value of WRONG) {
          const raw = JSON.stringify({ ...frame, [key]: value });
          const { lean, shared } = verdicts(raw);
          expect(lean, raw).toEqual(shared);
          if (shared === null) refused++;
        }
      }
    }
    expect(refused).toBeGreaterThan(100); // the mutations do reach the checks
  });

  it("refuses what is not an event of a known kind, as the shared parser does", () => {
    const raws = [
      "not json",
      "null",
      "[]",
      '"ready"',
      "42",
      '{"lastSeq":1}',
      '{"type":"__proto__","lastSeq":1}',
      '{"type":"toString","lastSeq":1}',
      '{"type":"delivery_failed","seq":1,"at":1,"ofSeq":1,"error":"bounced"}',
      '{"type":["ready"],"lastSeq":1}',
    ];
    for (const raw of raws) expect(verdicts(raw), raw).toEqual({ lean: null, shared: null });
  });

  it("refuses a frame over the size limit, counted in UTF-8 bytes", () => {
    const filler = (chars: number): string => JSON.stringify({ type: "error", code: "x", message: "é".repeat(chars) });
    const overhead = filler(0).length;
    const fits = filler(Math.floor((MAX_SERVER_EVENT_BYTES - overhead) / 2));
    const over = filler(Math.floor((MAX_SERVER_EVENT_BYTES - overhead) / 2) + 1);
    expect(readServerEvent(fits)).not.toBeNull();
    expect(readServerEvent(over)).toBeNull();
    expect(verdicts(over).shared).toBeNull();
  });
});
