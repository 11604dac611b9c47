/**
 * Killed mid-stream: 20 visitors are each partway through an answer (a generative model that
 * streams the first words and holds the rest) when wrangler dev and its workerd are SIGKILLed.
 * Frontdesk starts again on the same state; the visitors' sockets reconnect as the widget's do
 * (partysocket, a fresh ticket, `hello` from the last seq seen). Every conversation then holds each
 * visitor message once, strictly increasing seqs with nothing the visitor saw missing, and the
 * interrupted answer marked interrupted and answered again, once — nothing lost or duplicated.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_QUESTIONS, prepareAgentForLoad } from "../../bench/load/agent-settings";
import { auditLog, missingFromLog, readLog } from "../../bench/load/audit";
import { startConversation, Visitor } from "../../bench/load/visitor";
import type { LoggedEvent } from "../../worker/protocol/events";
import { HELD_ANSWER, startHeldModel, type HeldModelServer } from "./held-model-server";
import { startSeededFrontdesk, type RunningFrontdesk } from "./support/frontdesk";

const CONVERSATIONS = 20;

let model: HeldModelServer;
let frontdesk: RunningFrontdesk;

beforeAll(async () => {
  model = await startHeldModel();
  frontdesk = await startSeededFrontdesk({
    OPENAI_API_KEY: "test-key",
    OPENAI_BASE_URL: `${model.url}/v1`,
    FRONTDESK_EMBEDDER: "offline",
  });
  await prepareAgentForLoad(frontdesk.url, frontdesk.adminToken); // 20 starts from one IP exceed the default
}, 180_000);

afterAll(async () => {
  await frontdesk?.stop();
  await model?.close();
});

const streaming = (visitor: Visitor) => [...visitor.seen.values()].some((e) => e.type === "assistant_delta");

describe("SIGKILL while 20 answers stream", () => {
  it("loses and duplicates nothing: each interrupted answer is marked and answered again once", async () => {
    const visitors = await Promise.all(
      Array.from(
        { length: CONVERSATIONS },
        async () => new Visitor(frontdesk.url, await startConversation(frontdesk.url, "demo")),
      ),
    );
    await Promise.all(visitors.map((v) => v.whenReady()));
    const firstTurns = visitors.map((v, i) => v.send(DEMO_QUESTIONS[i % DEMO_QUESTIONS.length]!));
    await expect.poll(() => visitors.filter(streaming).length, { timeout: 60_000 }).toBe(CONVERSATIONS);
    const seenBeforeKill = visitors.map((v) => new Map(v.seen));
    expect(model.requests()).toBe(CONVERSATIONS);

    await frontdesk.kill();
    await frontdesk.restart();
    model.release();

    const first = await Promise.all(firstTurns);
    expect(first.map((t) => t.outcome)).toEqual(Array(CONVERSATIONS).fill("answered"));
    const second = await Promise.all(visitors.map((v) => v.send("Does Frontdesk need an API key?")));
    expect(second.map((t) => t.outcome)).toEqual(Array(CONVERSATIONS).fill("answered"));
    for (const v of visitors) v.close();
    // Each held answer was asked for again once after the restart, then each second message once.
    expect(model.requests()).toBe(3 * CONVERSATIONS);

    for (const [i, visitor] of visitors.entries()) {
      const events = await readLog(frontdesk.url, visitor.start);
      const audit = auditLog(visitor.conversationId, events, [first[i]!.messageId, second[i]!.messageId]);
      expect(audit.lost, visitor.conversationId).toEqual([]);
      expect(audit.duplicated).toEqual([]);
      expect(audit.unanswered).toBe(0);
      expect(audit.answeredTwice).toBe(0);
      expect(audit.problems).toEqual([]);
      expect(visitor.anomalies).toEqual([]);
      expect(missingFromLog(seenBeforeKill[i]!, events)).toEqual([]);
      expect(missingFromLog(visitor.seen, events)).toEqual([]);
      const interrupted = events.filter((e) => e.type === "turn_error" && e.code === "interrupted");
      expect(interrupted).toHaveLength(1);
      const answers = events.filter(
        (e): e is Extract<LoggedEvent, { type: "assistant_complete" }> => e.type === "assistant_complete",
      );
      expect(answers.map((a) => a.text)).toEqual([HELD_ANSWER, HELD_ANSWER]);
      // The interrupted turn is not the one that completed: its answer was run again.
      expect(answers[0]!.turnId).not.toBe((interrupted[0] as { turnId: string }).turnId);
    }
  });
});
