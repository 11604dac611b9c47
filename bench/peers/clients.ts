/**
 * The client side of each system the bench compares, as ChatSessions (bench/first-delta.ts), all on
 * one lean client (Node's WebSocket, JSON.parse, one turn at a time): Frontdesk through the widget's
 * protocol, the `agents` SDK chat agent through its own (`cf_agent_use_chat_request` carrying the whole
 * history, as `useAgentChat` sends it; answers arrive as `cf_agent_use_chat_response` frames holding UI
 * stream chunks), and the floors through their minimal frames (workers/floor-frames.ts).
 */
import { randomUUID } from "node:crypto";
import type { ChatSession, ChatTurn, OpenSession } from "../first-delta.ts";
import { socketUrl, startConversation } from "../load/visitor.ts";

const TURN_TIMEOUT_MS = 60_000; // an instant model answers in milliseconds; a stuck turn fails the run instead of hanging it
const OPEN_TIMEOUT_MS = 30_000;

/**
 * Frontdesk: a new conversation of `agentId` per session, spoken as the widget speaks it (hello, then
 * `ready`; a message, its ack, then the answer's events after the message's seq) through the same lean
 * client as the peers. The load generator's visitor (bench/load/visitor.ts) checks every event's order
 * and reconnects, which the soak needs and a latency figure should not pay for. With `expectedAnswer`
 * (a scripted model's), an answer of other text fails its turn: the run measured another model.
 */
export function frontdeskSessions(baseUrl: string, agentId: string, expectedAnswer?: string): OpenSession {
  return async (): Promise<ChatSession> => {
    const turns = await SocketTurns.open(await socketUrl(baseUrl, await startConversation(baseUrl, agentId)));
    await turns.turn({ type: "hello", lastSeq: 0 }, (frame) => frame.type === "ready");
    let sent = 0;
    return {
      send(text) {
        const id = `m${++sent}`;
        let messageSeq: number | null = null;
        return turns.turn({ type: "message", id, text }, (frame, delta) => {
          if (frame.type === "error") throw new Error(`refused: ${String(frame.code)}`);
          if (frame.type === "ack" && frame.id === id) messageSeq = Number(frame.seq);
          // Events up to the message's own seq came before it (a greeting, the last answer's follow-up).
          if (messageSeq === null || typeof frame.seq !== "number" || frame.seq <= messageSeq) return false;
          // An interrupted answer is answered again by the conversation: keep waiting for that one.
          if (frame.type === "turn_error" && frame.code !== "interrupted")
            throw new Error(`turn_error ${String(frame.code)}`);
          if (frame.type === "assistant_delta" || frame.type === "assistant_complete") delta();
          if (frame.type !== "assistant_complete") return false;
          if (expectedAnswer !== undefined && frame.text !== expectedAnswer)
            throw new Error(
              `answered ${JSON.stringify(frame.text)}, not the scripted ${JSON.stringify(expectedAnswer)}`,
            );
          return true;
        });
      },
      close: () => turns.close(),
    };
  };
}

type Pending = {
  sentAt: number;
  firstDeltaMs?: number;
  /** Handles one parsed frame; returns true when the turn is over. */
  onFrame: (frame: Record<string, unknown>) => boolean;
  resolve: (turn: ChatTurn) => void;
  reject: (error: Error) => void;
};

/** One WebSocket holding at most one turn at a time; frames go to the turn's handler. */
class SocketTurns {
  private pending: Pending | null = null;

  private constructor(private readonly socket: WebSocket) {
    socket.addEventListener("message", (event) => {
      if (!this.pending || typeof event.data !== "string") return;
      let frame: unknown;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return this.fail(new Error(`unparseable frame: ${event.data.slice(0, 200)}`));
      }
      if (typeof frame !== "object" || frame === null) return;
      try {
        const pending = this.pending;
        if (pending.onFrame(frame as Record<string, unknown>)) {
          this.pending = null;
          pending.resolve({ firstDeltaMs: pending.firstDeltaMs ?? performance.now() - pending.sentAt });
        }
      } catch (error) {
        this.fail(error instanceof Error ? error : new Error(String(error)));
      }
    });
    socket.addEventListener("close", () => this.fail(new Error("socket closed mid-turn")));
  }

  static async open(url: string): Promise<SocketTurns> {
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no WebSocket to ${url} within ${OPEN_TIMEOUT_MS} ms`)),
        OPEN_TIMEOUT_MS,
      );
      const settle = (error?: Error) => {
        clearTimeout(timer);
        if (error) reject(error);
        else resolve();
      };
      socket.addEventListener("open", () => settle(), { once: true });
      socket.addEventListener("error", () => settle(new Error(`WebSocket to ${url} failed`)), { once: true });
    });
    return new SocketTurns(socket);
  }

  /** Sends `frame` and runs `onFrame` on what comes back until it says the turn is over. */
  turn(frame: unknown, onFrame: (frame: Record<string, unknown>, delta: () => void) => boolean): Promise<ChatTurn> {
    if (this.pending) throw new Error("one message at a time");
    return new Promise<ChatTurn>((resolve, reject) => {
      const timer = setTimeout(() => this.fail(new Error(`no answer within ${TURN_TIMEOUT_MS} ms`)), TURN_TIMEOUT_MS);
      const pending: Pending = {
        sentAt: performance.now(),
        onFrame: (received) =>
          onFrame(received, () => {
            pending.firstDeltaMs ??= performance.now() - pending.sentAt;
          }),
        resolve: (turn) => {
          clearTimeout(timer);
          resolve(turn);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.pending = pending;
      this.socket.send(JSON.stringify(frame));
    });
  }

  close(): void {
    this.socket.close();
  }

  private fail(error: Error): void {
    const pending = this.pending;
    this.pending = null;
    pending?.reject(error);
  }
}

/** A floor (bench/peers/workers/floor-*.ts): one Durable Object per session. */
export function floorSessions(baseUrl: string): OpenSession {
  return async (): Promise<ChatSession> => {
    const turns = await SocketTurns.open(`${baseUrl.replace(/^http/, "ws")}/floor/${randomUUID()}`);
    let sent = 0;
    return {
      send(text) {
        const id = `m${++sent}`;
        return turns.turn({ type: "message", id, text }, (frame, delta) => {
          if (frame.type === "error") throw new Error(String(frame.message));
          if (frame.id !== id) return false;
          if (frame.type === "delta") delta();
          return frame.type === "done";
        });
      },
      close: () => turns.close(),
    };
  };
}

type UIMessage = { id: string; role: "user" | "assistant"; parts: { type: "text"; text: string }[] };

/** The `agents` SDK chat agent (bench/peers/workers/agents-sdk.ts): one agent instance per session. */
export function agentsSdkSessions(baseUrl: string): OpenSession {
  return async (): Promise<ChatSession> => {
    const turns = await SocketTurns.open(`${baseUrl.replace(/^http/, "ws")}/agents/chat-agent/${randomUUID()}`);
    const messages: UIMessage[] = [];
    let sent = 0;
    return {
      async send(text) {
        const n = ++sent;
        const requestId = `r${n}`;
        messages.push({ id: `u${n}`, role: "user", parts: [{ type: "text", text }] });
        let answerId = `a${n}`;
        let answer = "";
        const body = JSON.stringify({ messages, trigger: "submit-message" });
        const frame = { type: "cf_agent_use_chat_request", id: requestId, init: { method: "POST", body } };
        const turn = await turns.turn(frame, (received, delta) => {
          if (received.type !== "cf_agent_use_chat_response" || received.id !== requestId) return false;
          if (received.error) throw new Error(`agent error: ${String(received.body).slice(0, 200)}`);
          const chunkText = typeof received.body === "string" ? received.body.trim() : "";
          if (chunkText) {
            const chunk = JSON.parse(chunkText) as { type?: string; delta?: string; messageId?: string };
            if (chunk.type === "start" && chunk.messageId) answerId = chunk.messageId;
            if (chunk.type === "text-delta") {
              delta();
              answer += chunk.delta ?? "";
            }
          }
          return received.done === true;
        });
        messages.push({ id: answerId, role: "assistant", parts: [{ type: "text", text: answer }] });
        return turn;
      },
      close: () => turns.close(),
    };
  };
}
