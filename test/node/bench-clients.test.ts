/**
 * The bench's Frontdesk client (bench/peers/clients.ts): the lean session the first-delta and
 * turns/s figures are measured with speaks the widget's protocol against a real `wrangler dev` —
 * each turn resolves once its answer is complete, with a first delta, and a refused message fails
 * the turn instead of hanging or passing for an answer. With the scripted model (`frontdesk_instant`),
 * every answer is the peers' instant answer, and a session expecting it fails on any other.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { firstDeltaLatency } from "../../bench/first-delta";
import { DEMO_QUESTIONS } from "../../bench/load/agent-settings";
import { INSTANT_ANSWER, scriptedModelVars } from "../../bench/instant-model";
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

describe("the bench's Frontdesk session on the scripted model", () => {
  let scripted: RunningFrontdesk;
  beforeAll(async () => {
    scripted = await startSeededFrontdesk(scriptedModelVars());
  }, 180_000);
  afterAll(async () => {
    await scripted?.stop();
  });

  it("gets the instant answer to every question, and fails a turn expecting other text", async () => {
    const figures = await firstDeltaLatency(frontdeskSessions(scripted.url, "demo", INSTANT_ANSWER), DEMO_QUESTIONS, 3);
    expect(figures.turns).toBe(3);
    const session = await frontdeskSessions(scripted.url, "demo", "Another model's answer.")();
    try {
      await expect(session.send(DEMO_QUESTIONS[0]!)).rejects.toThrow(`answered ${JSON.stringify(INSTANT_ANSWER)}`);
    } finally {
      session.close();
    }
  });
});
