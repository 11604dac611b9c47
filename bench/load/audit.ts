/**
 * What a conversation's own log says happened, read back through a fresh socket (`hello` from
 * seq 0, the replay a new device would get): each message the visitor sent stored exactly once,
 * sequence numbers strictly increasing, and every message answered exactly once — an answer that
 * was interrupted may be followed by its retry, but never by two complete answers.
 */
import type { LoggedEvent } from "../../worker/protocol/events";
import { parseServerEvent } from "../../worker/protocol/parse";
import { socketUrl, type ConversationStart } from "./visitor";

export type ConversationAudit = {
  conversationId: string;
  /** Sent message ids that are not in the log. */
  lost: string[];
  /** Message ids stored more than once. */
  duplicated: string[];
  /** Visitor messages with no complete answer after them (before the next message). */
  unanswered: number;
  /** Visitor messages followed by more than one complete answer. */
  answeredTwice: number;
  /** Replay problems: seqs not strictly increasing, a refusal instead of the replay. */
  problems: string[];
  events: LoggedEvent[];
};

const REPLAY_TIMEOUT_MS = 60_000;

/** Every event of the conversation's log, as a new socket is replayed to. */
export async function readLog(baseUrl: string, start: ConversationStart): Promise<LoggedEvent[]> {
  const ws = new WebSocket(await socketUrl(baseUrl, start));
  const events: LoggedEvent[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no replay within ${REPLAY_TIMEOUT_MS} ms`)), REPLAY_TIMEOUT_MS);
      ws.addEventListener("open", () => ws.send(JSON.stringify({ type: "hello", lastSeq: 0 })));
      ws.addEventListener("error", () => reject(new Error("replay socket failed")));
      ws.addEventListener("message", (message) => {
        const parsed = parseServerEvent(String(message.data));
        if (!parsed.ok) return reject(new Error(`unparseable replay event: ${parsed.message}`));
        const event = parsed.value;
        if (event.type === "ready") {
          clearTimeout(timer);
          resolve();
        } else if (event.type === "error") reject(new Error(`replay refused: ${event.code}`));
        else if (event.type !== "ack") events.push(event);
      });
    });
  } finally {
    ws.close();
  }
  return events;
}

/** Checks one conversation's log against the message ids its visitor sent. */
export function auditLog(conversationId: string, events: LoggedEvent[], sentIds: string[]): ConversationAudit {
  const problems: string[] = [];
  for (let i = 1; i < events.length; i++) {
    const [before, after] = [events[i - 1]!, events[i]!];
    if (after.seq <= before.seq) problems.push(`seq ${after.seq} follows ${before.seq}`);
  }
  const stored = new Map<string, number>();
  const answersPerMessage: number[] = [];
  for (const event of events) {
    if (event.type === "visitor_message") {
      stored.set(event.id, (stored.get(event.id) ?? 0) + 1);
      answersPerMessage.push(0);
    } else if (event.type === "assistant_complete" && answersPerMessage.length > 0) {
      answersPerMessage[answersPerMessage.length - 1]!++;
    }
  }
  return {
    conversationId,
    lost: sentIds.filter((id) => !stored.has(id)),
    duplicated: [...stored].filter(([, count]) => count > 1).map(([id]) => id),
    unanswered: answersPerMessage.filter((n) => n === 0).length,
    answeredTwice: answersPerMessage.filter((n) => n > 1).length,
    problems,
    events,
  };
}

/**
 * Events the client saw live that the log no longer has or has differently. Streamed deltas may be
 * gone — compacted into their complete answer once it is done, or dropped with an interrupted
 * answer — but only when the log holds that turn's end (a complete answer or a turn_error).
 */
export function missingFromLog(seen: Map<number, LoggedEvent>, events: LoggedEvent[]): string[] {
  const bySeq = new Map(events.map((event) => [event.seq, event]));
  const endedTurns = new Set(
    events.flatMap((event) =>
      event.type === "assistant_complete" || event.type === "turn_error" ? [event.turnId] : [],
    ),
  );
  const missing: string[] = [];
  for (const [seq, event] of seen) {
    const stored = bySeq.get(seq);
    if (stored) {
      if (JSON.stringify(stored) !== JSON.stringify(event)) missing.push(`seq ${seq} changed (${event.type})`);
    } else if (event.type !== "assistant_delta" || !endedTurns.has(event.turnId)) {
      missing.push(`seq ${seq} (${event.type}) is gone`);
    }
  }
  return missing;
}
