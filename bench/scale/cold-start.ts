/**
 * Cold start: a Frontdesk is started and seeded, then stopped and started again on the same state
 * (a new wrangler and workerd: every isolate and Durable Object cold, as after a deploy). Measures
 * the time from spawning `wrangler dev` to the first answer of /v1/health (to within its 200 ms
 * poll), then the very first turn of a fresh conversation: its start over HTTP, its socket being
 * replayed to, and the first streamed delta of its first answer (new conversation object, cold
 * knowledge index).
 */
import { DEMO_QUESTIONS } from "../load/agent-settings.ts";
import { startConversation, Visitor } from "../load/visitor.ts";
import { within, withScaleServer } from "./server.ts";

const FIRST_TURN_TIMEOUT_MS = 60_000;

export type ColdStartFigures = {
  /** Spawn → /v1/health answers, on seeded state (after the restart). */
  server_ready_ms: number;
  /** Message frame sent → first streamed delta, first turn of a fresh conversation on the cold instance. */
  first_turn_first_delta_ms: number;
  /** Beside: spawn → /v1/health on an empty state folder (the very first start, before seeding). */
  empty_server_ready_ms: number;
  /** POST /v1/agents/demo/conversations, the first on the cold instance. */
  conversation_start_ms: number;
  /** Socket ticket, upgrade and replay until `ready`. */
  socket_ready_ms: number;
  /** Conversation start → first delta: what the first visitor waits for after the widget opens. */
  first_turn_total_ms: number;
};

/** `cold_start` (beside the schema). */
export async function coldStart(): Promise<ColdStartFigures> {
  return withScaleServer(async (server) => {
    const emptyReadyMs = server.readyMs();
    await server.restart();
    const serverReadyMs = server.readyMs();
    const begun = performance.now();
    const start = await within(
      FIRST_TURN_TIMEOUT_MS,
      "the first conversation start",
      startConversation(server.url, "demo"),
    );
    const started = performance.now();
    const visitor = new Visitor(server.url, start, FIRST_TURN_TIMEOUT_MS);
    try {
      await within(FIRST_TURN_TIMEOUT_MS, "the first socket", visitor.whenReady());
      const ready = performance.now();
      const turn = await visitor.send(DEMO_QUESTIONS[0]!);
      if (turn.outcome !== "answered" || turn.firstDeltaMs === undefined)
        throw new Error(`the first turn was not answered: ${turn.outcome} ${turn.code ?? ""}`);
      const round = (ms: number) => Math.round(ms * 10) / 10;
      return {
        server_ready_ms: Math.round(serverReadyMs),
        first_turn_first_delta_ms: round(turn.firstDeltaMs),
        empty_server_ready_ms: Math.round(emptyReadyMs),
        conversation_start_ms: round(started - begun),
        socket_ready_ms: round(ready - started),
        first_turn_total_ms: round(ready - begun + turn.firstDeltaMs),
      };
    } finally {
      visitor.close();
    }
  });
}
