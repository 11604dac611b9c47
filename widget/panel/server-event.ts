/**
 * The panel's reader of socket frames: the same checks as the shared protocol parser's
 * `parseServerEvent` (worker/protocol/parse.ts), written as one table of field checks per event
 * kind so the panel bundle carries no error messages it never shows (about 300 B brotli less).
 * A frame comes out typed, or as null and is dropped; `server-event.test.ts` holds it to the same
 * verdicts as the shared parser.
 */
import { MAX_SERVER_EVENT_BYTES, type ServerEvent } from "../../worker/protocol/events";

type Fields = Record<string, unknown>;
type Check = (value: unknown) => boolean;

const isString: Check = (v) => typeof v === "string";
const isNumber: Check = (v) => typeof v === "number";
const isBoolean: Check = (v) => typeof v === "boolean";
const isSeq: Check = (v) => Number.isSafeInteger(v) && (v as number) >= 0;
const isPerson: Check = (v) =>
  typeof v === "object" && v !== null && isString((v as Fields).id) && isString((v as Fields).name);
const isSources: Check = (v) =>
  Array.isArray(v) &&
  v.every((s: Fields) => s && isString(s.id) && isString(s.title) && (s.url === undefined || isString(s.url)));

/** Every event stored in the conversation's log carries its seq and time. */
const LOGGED = { seq: isSeq, at: isNumber };

/** The checks per event kind the panel accepts; a Map, so `__proto__` or `toString` is no kind. */
const SHAPES = new Map<unknown, Record<string, Check>>(
  Object.entries<Record<string, Check>>({
    visitor_message: { ...LOGGED, id: isString, text: isString },
    assistant_delta: { ...LOGGED, turnId: isString, text: isString },
    assistant_complete: { ...LOGGED, turnId: isString, text: isString, sources: isSources },
    status: {
      ...LOGGED,
      status: isString,
      poweredByAi: isBoolean,
      staff: (v: unknown) => v === undefined || isPerson(v),
    },
    staff_message: { ...LOGGED, id: isString, text: isString, staff: isPerson },
    system_message: { ...LOGGED, kind: isString, text: isString },
    verified: { ...LOGGED, email: isString },
    feedback: { ...LOGGED, turnId: isString },
    rating: LOGGED,
    turn_error: { ...LOGGED, turnId: isString, code: isString, message: isString },
    ready: { lastSeq: isSeq },
    ack: { id: isString, seq: isSeq, duplicate: isBoolean },
    error: { code: isString, message: isString },
  }),
);

/** An event from the server, or null for a frame that is too large, not JSON, of another kind or of the wrong shape. */
export function readServerEvent(raw: string): ServerEvent | null {
  if (new TextEncoder().encode(raw).byteLength > MAX_SERVER_EVENT_BYTES) return null;
  let event: Fields | null;
  try {
    event = JSON.parse(raw);
  } catch {
    return null;
  }
  const shape = typeof event === "object" && event !== null ? SHAPES.get(event.type) : undefined;
  return shape && Object.entries(shape).every(([key, check]) => check((event as Fields)[key]))
    ? (event as ServerEvent)
    : null;
}
