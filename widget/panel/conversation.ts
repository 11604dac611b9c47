/**
 * The panel's view of one conversation as a pure reducer over server events and local actions:
 * dedupe by `seq`, assistant deltas accumulated per turn and replaced by the final text, and an
 * outbox of visitor messages that are resent (same id) until the server has stored them.
 */
import type { ConversationStatus, ServerEvent, Source, Vote } from "../../worker/protocol/events";
import { COPY, politeError, politeTurnError } from "./copy";

export type Item =
  | { kind: "visitor"; key: string; seq: number; text: string }
  /** An answer of the agent; `vote`: the visitor's thumbs on it. */
  | { kind: "assistant"; key: string; seq: number; text: string; sources: Source[]; done: boolean; vote?: Vote }
  | { kind: "notice"; key: string; seq: number; text: string }
  /** A person's reply, with their name. */
  | { kind: "staff"; key: string; seq: number; text: string; name: string }
  /** A lifecycle line (email request, handoff, closed…), shown as a message from the business. */
  | { kind: "system"; key: string; seq: number; text: string };

/** A visitor message not yet stored by the server. `sent`: on the current socket, awaiting ack or error. */
export type Pending = { id: string; text: string; sent: boolean; failed: string | null };

export type Link = "connecting" | "ready" | "reconnecting";

export type ChatState = {
  /** The conversation's log as shown, ordered by seq. */
  items: Item[];
  outbox: Pending[];
  /** The highest logged seq received: sent in `hello` so a reconnect replays only what is missing. */
  lastSeq: number;
  link: Link;
  status: ConversationStatus | null;
  /** Whether the AI agent is answering (the header shows "Powered by AI"); null until the first status. */
  poweredByAi: boolean | null;
  /** The person handling the conversation, if any. */
  staffName: string | null;
  staffId: string | null;
  /** A refusal that belongs to no message in the outbox. */
  notice: string | null;
  /** The visitor's rating of the ended conversation, 1–5. */
  rating: number | null;
};

export type Action =
  | { type: "event"; event: ServerEvent }
  | { type: "queue"; id: string; text: string }
  | { type: "sent"; ids: string[] }
  | { type: "disconnected" }
  /** The conversation was erased: it reads as closed, and nothing waits to be sent. */
  | { type: "gone" }
  /** A new conversation replaces the closed one. */
  | { type: "reset" };

export const initialChat: ChatState = {
  items: [],
  outbox: [],
  lastSeq: 0,
  link: "connecting",
  status: null,
  poweredByAi: null,
  staffName: null,
  staffId: null,
  notice: null,
  rating: null,
};

/** Inserts or replaces the item with `item.key`, keeping seq order. */
function upsert(items: Item[], item: Item): Item[] {
  const index = items.findIndex((existing) => existing.key === item.key);
  if (index >= 0) return items.map((existing, i) => (i === index ? item : existing));
  let at = items.length;
  while (at > 0 && (items[at - 1]?.seq ?? 0) > item.seq) at--;
  return [...items.slice(0, at), item, ...items.slice(at)];
}

const find = (items: Item[], key: string): Item | undefined => items.find((item) => item.key === key);

function applyEvent(state: ChatState, event: ServerEvent): ChatState {
  switch (event.type) {
    case "ready":
      return { ...state, link: "ready" };
    case "ack": {
      const pending = state.outbox.find((p) => p.id === event.id);
      if (!pending) return state;
      const outbox = state.outbox.filter((p) => p.id !== event.id);
      // Stored: show it in the log at its seq now; the echoed visitor_message is then a duplicate.
      const items = find(state.items, event.id)
        ? state.items
        : upsert(state.items, { kind: "visitor", key: event.id, seq: event.seq, text: pending.text });
      return { ...state, outbox, items };
    }
    case "error": {
      // Replies on one socket come in order, so a refusal answers the oldest message still in flight.
      // A refused vote or rating (`vote_refused`, `rating_refused`): the buttons show what the server kept; no message failed.
      if (event.code.endsWith("_refused")) return state;
      const target = state.outbox.find((p) => p.sent && !p.failed);
      if (!target) return { ...state, notice: politeError(event.code) };
      const outbox = state.outbox.map((p) =>
        p === target ? { ...p, sent: false, failed: politeError(event.code) } : p,
      );
      return { ...state, outbox };
    }
  }
  if (event.seq <= state.lastSeq) return state; // already seen: replay after reconnect, or a second delivery
  const next = { ...state, lastSeq: event.seq };
  switch (event.type) {
    case "visitor_message":
      return {
        ...next,
        outbox: state.outbox.filter((p) => p.id !== event.id),
        items: find(state.items, event.id)
          ? state.items
          : upsert(state.items, { kind: "visitor", key: event.id, seq: event.seq, text: event.text }),
      };
    case "assistant_delta": {
      const turn = find(state.items, event.turnId);
      if (turn?.kind === "assistant" && turn.done) return next;
      const text = (turn?.kind === "assistant" ? turn.text : "") + event.text;
      return {
        ...next,
        items: upsert(state.items, {
          kind: "assistant",
          key: event.turnId,
          seq: turn?.seq ?? event.seq,
          text,
          sources: [],
          done: false,
        }),
      };
    }
    case "assistant_complete": {
      const turn = find(state.items, event.turnId);
      const seq = turn?.seq ?? event.seq;
      return {
        ...next,
        items: upsert(state.items, {
          kind: "assistant",
          key: event.turnId,
          seq,
          text: event.text,
          sources: event.sources,
          done: true,
          ...(turn?.kind === "assistant" && turn.vote ? { vote: turn.vote } : {}),
        }),
      };
    }
    case "feedback": {
      const turn = find(state.items, event.turnId);
      return turn?.kind === "assistant"
        ? { ...next, items: upsert(state.items, { ...turn, vote: event.value }) }
        : next;
    }
    case "rating":
      return { ...next, rating: event.value };
    case "turn_error": {
      const turn = find(state.items, event.turnId);
      const items = turn?.kind === "assistant" ? upsert(state.items, { ...turn, done: true }) : state.items;
      return {
        ...next,
        items: upsert(items, {
          kind: "notice",
          key: `error:${event.seq}`,
          seq: event.seq,
          text: politeTurnError(event.code),
        }),
      };
    }
    case "status":
      return {
        ...next,
        status: event.status,
        poweredByAi: event.poweredByAi,
        staffName: event.staff?.name ?? null,
        staffId: event.staff?.id ?? null,
      };
    case "staff_message":
      return {
        ...next,
        items: upsert(state.items, {
          kind: "staff",
          key: `staff:${event.seq}`,
          seq: event.seq,
          text: event.text,
          name: event.staff.name,
        }),
      };
    case "system_message":
      return {
        ...next,
        items: upsert(state.items, { kind: "system", key: `system:${event.seq}`, seq: event.seq, text: event.text }),
      };
    case "verified":
      return {
        ...next,
        items: upsert(state.items, {
          kind: "system",
          key: `verified:${event.seq}`,
          seq: event.seq,
          text: COPY.verified(event.email),
        }),
      };
  }
  return next; // events of other channels (a failed email delivery) are for staff
}

export function chatReducer(state: ChatState, action: Action): ChatState {
  switch (action.type) {
    case "event":
      return applyEvent(state, action.event);
    case "queue":
      return {
        ...state,
        notice: null,
        outbox: [...state.outbox, { id: action.id, text: action.text, sent: false, failed: null }],
      };
    case "sent":
      return { ...state, outbox: state.outbox.map((p) => (action.ids.includes(p.id) ? { ...p, sent: true } : p)) };
    case "disconnected":
      // Whatever was in flight may not have arrived: resend it (same id, answered once) after `ready`.
      return { ...state, link: "reconnecting", outbox: state.outbox.map((p) => ({ ...p, sent: false })) };
    case "gone":
      return { ...state, status: "closed", outbox: [] };
    case "reset":
      return initialChat;
  }
}

/** Outbox messages to put on the wire now: only once the server has replayed (`ready`), never twice per socket. */
export const unsent = (state: ChatState): Pending[] =>
  state.link === "ready" ? state.outbox.filter((p) => !p.sent && !p.failed) : [];

/** Whether the agent is answering right now: a turn is streaming, or a stored message awaits its answer. */
export function agentBusy(state: ChatState): boolean {
  const last = state.items[state.items.length - 1];
  if (last?.kind === "assistant") return !last.done;
  if (last?.kind !== "visitor" || state.status === "human" || state.status === "closed") return false;
  return state.status !== "waiting_for_human" || state.poweredByAi === true; // waiting for a person: the agent may keep answering meanwhile
}
