/**
 * The one parser for socket frames. Every incoming frame goes through `parseClientFrame`
 * (server side) or `parseServerEvent` (client side) and comes out typed, or as an error.
 * Hand-written rather than zod so the panel bundle stays small.
 */
import {
  MAX_CLIENT_ID_CHARS,
  MAX_FRAME_BYTES,
  MAX_MESSAGE_CHARS,
  MAX_SERVER_EVENT_BYTES,
  MAX_TURN_ID_CHARS,
  type ClientFrame,
  type ErrorCode,
  type ParseResult,
  type ServerEvent,
  type Source,
} from "./events";

type Fields = Record<string, unknown>;

const fail = (code: ErrorCode, message: string): ParseResult<never> => ({ ok: false, code, message });

/** Whether the frame is over `maxBytes` of UTF-8: a string is encoded to count only when it could be (3 bytes a UTF-16 unit at most). */
function tooLarge(raw: string | ArrayBuffer, maxBytes: number): boolean {
  if (typeof raw !== "string") return raw.byteLength > maxBytes;
  return raw.length * 3 > maxBytes && new TextEncoder().encode(raw).byteLength > maxBytes;
}

function parseObject(raw: string | ArrayBuffer, maxBytes: number): ParseResult<Fields> {
  if (tooLarge(raw, maxBytes)) return fail("frame_too_large", `Frames are limited to ${maxBytes} bytes`);
  const text = typeof raw === "string" ? raw : new TextDecoder().decode(raw);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail("bad_json", "The frame is not valid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return fail("invalid_frame", "A frame must be a JSON object");
  return { ok: true, value: value as Fields };
}

const isSeq = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
const isString = (v: unknown): v is string => typeof v === "string";

export function parseClientFrame(raw: string | ArrayBuffer): ParseResult<ClientFrame> {
  const object = parseObject(raw, MAX_FRAME_BYTES);
  if (!object.ok) return object;
  const f = object.value;
  switch (f.type) {
    case "hello":
      if (!isSeq(f.lastSeq)) return fail("invalid_frame", "hello.lastSeq must be a non-negative integer");
      return { ok: true, value: { type: "hello", lastSeq: f.lastSeq } };
    case "message": {
      if (!isString(f.id) || f.id.length === 0 || f.id.length > MAX_CLIENT_ID_CHARS) {
        return fail("invalid_frame", `message.id must be a string of 1 to ${MAX_CLIENT_ID_CHARS} characters`);
      }
      if (!isString(f.text)) return fail("invalid_frame", "message.text must be a string");
      const text = f.text.trim();
      if (text.length === 0) return fail("message_empty", "The message is empty");
      if (text.length > MAX_MESSAGE_CHARS)
        return fail("message_too_long", `Messages are limited to ${MAX_MESSAGE_CHARS} characters`);
      return { ok: true, value: { type: "message", id: f.id, text } };
    }
    case "feedback":
      if (!isString(f.turnId) || f.turnId.length === 0 || f.turnId.length > MAX_TURN_ID_CHARS)
        return fail("invalid_frame", `feedback.turnId must be a string of 1 to ${MAX_TURN_ID_CHARS} characters`);
      if (f.value !== "up" && f.value !== "down") return fail("invalid_frame", 'feedback.value must be "up" or "down"');
      return { ok: true, value: { type: "feedback", turnId: f.turnId, value: f.value } };
    case "rating":
      if (!Number.isInteger(f.value) || (f.value as number) < 1 || (f.value as number) > 5)
        return fail("invalid_frame", "rating.value must be a whole number from 1 to 5");
      return { ok: true, value: { type: "rating", value: f.value as number } };
    default:
      // Not String(f.type): a JSON object with its own `toString`/`valueOf` keys makes that throw.
      return fail("unknown_type", `Unknown frame type: ${(JSON.stringify(f.type) ?? "none").slice(0, 40)}`);
  }
}

function isSources(v: unknown): v is Source[] {
  return (
    Array.isArray(v) &&
    v.every((s: Fields) => s && isString(s.id) && isString(s.title) && (s.url === undefined || isString(s.url)))
  );
}

function isPerson(v: unknown): boolean {
  const p = v as Fields | null;
  return typeof p === "object" && p !== null && isString(p.id) && isString(p.name);
}

/** Validates an event from the server; the panel drops anything that does not parse. */
export function parseServerEvent(raw: string | ArrayBuffer): ParseResult<ServerEvent> {
  const object = parseObject(raw, MAX_SERVER_EVENT_BYTES);
  if (!object.ok) return object;
  const e = object.value;
  const logged = isSeq(e.seq) && typeof e.at === "number";
  const ok = (): ParseResult<ServerEvent> => ({ ok: true, value: e as ServerEvent });
  switch (e.type) {
    case "visitor_message":
      return logged && isString(e.id) && isString(e.text) ? ok() : fail("invalid_frame", "bad visitor_message");
    case "assistant_delta":
      return logged && isString(e.turnId) && isString(e.text) ? ok() : fail("invalid_frame", "bad assistant_delta");
    case "assistant_complete":
      return logged && isString(e.turnId) && isString(e.text) && isSources(e.sources)
        ? ok()
        : fail("invalid_frame", "bad assistant_complete");
    case "status":
      return logged &&
        isString(e.status) &&
        typeof e.poweredByAi === "boolean" &&
        (e.staff === undefined || isPerson(e.staff))
        ? ok()
        : fail("invalid_frame", "bad status");
    case "staff_message":
      return logged && isString(e.id) && isString(e.text) && isPerson(e.staff)
        ? ok()
        : fail("invalid_frame", "bad staff_message");
    case "system_message":
      return logged && isString(e.kind) && isString(e.text) ? ok() : fail("invalid_frame", "bad system_message");
    case "verified":
      return logged && isString(e.email) ? ok() : fail("invalid_frame", "bad verified");
    case "feedback":
      return logged && isString(e.turnId) ? ok() : fail("invalid_frame", "bad feedback");
    case "rating":
      return logged ? ok() : fail("invalid_frame", "bad rating");
    case "turn_error":
      return logged && isString(e.turnId) && isString(e.code) && isString(e.message)
        ? ok()
        : fail("invalid_frame", "bad turn_error");
    case "ready":
      return isSeq(e.lastSeq) ? ok() : fail("invalid_frame", "bad ready");
    case "ack":
      return isString(e.id) && isSeq(e.seq) && typeof e.duplicate === "boolean"
        ? ok()
        : fail("invalid_frame", "bad ack");
    case "error":
      return isString(e.code) && isString(e.message) ? ok() : fail("invalid_frame", "bad error");
    default:
      return fail("unknown_type", "unknown event type");
  }
}

/**
 * A `delivery_failed` event (a line the conversation's channel could not deliver), or null. Apart
 * from parseServerEvent because only the inbox shows it: the widget's bundle leaves it out.
 */
export function parseDeliveryFailed(raw: string): Extract<ServerEvent, { type: "delivery_failed" }> | null {
  const object = parseObject(raw, MAX_SERVER_EVENT_BYTES);
  if (!object.ok) return null;
  const e = object.value;
  return e.type === "delivery_failed" && isSeq(e.seq) && typeof e.at === "number" && isSeq(e.ofSeq) && isString(e.error)
    ? (e as Extract<ServerEvent, { type: "delivery_failed" }>)
    : null;
}

/**
 * An `action_call` event (one of the owner's actions the agent called), or null. Only staff see
 * it (the server never sends it to the visitor), so it is parsed apart from parseServerEvent, out of the widget's bundle.
 */
export function parseActionCall(raw: string): Extract<ServerEvent, { type: "action_call" }> | null {
  const object = parseObject(raw, MAX_SERVER_EVENT_BYTES);
  if (!object.ok) return null;
  const e = object.value;
  const inputs = e.inputs;
  return e.type === "action_call" &&
    isSeq(e.seq) &&
    isString(e.name) &&
    typeof e.ok === "boolean" &&
    typeof e.durationMs === "number" &&
    (e.status === null || typeof e.status === "number") &&
    typeof inputs === "object" &&
    inputs !== null &&
    Object.values(inputs).every(isString)
    ? (e as Extract<ServerEvent, { type: "action_call" }>)
    : null;
}
