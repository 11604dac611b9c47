/**
 * The bench's Frontdesk client (bench/peers/clients.ts): the lean session the first-delta and
 * turns/s figures are measured with speaks the widget's protocol against a real `wrangler dev` —
 * each turn resolves once its answer is complete, with a first delta, and a refused message fails
 * the turn instead of hanging or passing for an answer.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { firstDeltaLatency } from "../../bench/first-delta";
import { DEMO_QUESTIONS } from "../../bench/load/agent-settings";
import { frontdeskSessions } from "../../bench/peers/clients";
import { MAX_MESSAGE_CHARS } from "../../worker/protocol/events";
import { startSeededFrontdesk, type RunningFrontdesk } from "./support/frontdesk";

let frontdesk: RunningFrontdesk;

beforeAll(async () => {
  frontdesk = await startSeededFrontdesk(); // the offline model
}, 180_000);

afterAll(async () => {
  await frontdesk?.stop();
});

describe("the bench's Frontdesk session", () => {
  it("answers questions one after another, each with a first delta", async () => {
    const figures = await firstDeltaLatency(frontdeskSessions(frontdesk.url, "demo"), DEMO_QUESTIONS, 4);
    expect(figures.turns).toBe(4);
    expect(figures.minMs).toBeGreaterThan(0);
    expect(figures.maxMs).toBeLessThan(60_000);
  });

  it("fails a turn the conversation refuses, and the session still answers the next", async () => {
    const session = await frontdeskSessions(frontdesk.url, "demo")();
    try {
      await expect(session.send("x".repeat(MAX_MESSAGE_CHARS + 1))).rejects.toThrow("refused: message_too_long");
      const turn = await session.send(DEMO_QUESTIONS[0]!);
      expect(turn.firstDeltaMs).toBeGreaterThan(0);
    } finally {
      session.close();
    }
  });
});
