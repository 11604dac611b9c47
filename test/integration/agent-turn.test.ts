import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ABSTAIN_TEXT } from "../../worker/agent/offline/answer";
import { AgentNotFoundError, runTurn, type TurnMessage, type TurnPart } from "../../worker/agent/turn";
import type { Source } from "../../worker/protocol/events";
import { HELP_CENTRE, insertAgentWithKnowledge } from "./knowledge-fixtures";

async function turn(
  agentId: string,
  history: TurnMessage[],
): Promise<{ deltas: string[]; text: string; sources: Source[] }> {
  const parts: TurnPart[] = [];
  for await (const part of runTurn({ env, agentId, history })) parts.push(part);
  const deltas = parts.flatMap((p) => (p.type === "delta" ? [p.text] : []));
  const sources = parts.flatMap((p) => (p.type === "source" ? [p.source] : []));
  return { deltas, text: deltas.join(""), sources };
}

describe("runTurn with the offline model", () => {
  it("answers from the right article, streamed in several deltas, and cites it", async () => {
    await insertAgentWithKnowledge("turn-refund", HELP_CENTRE);
    const { deltas, text, sources } = await turn("turn-refund", [{ role: "user", text: "How do I ask for a refund?" }]);
    expect(deltas.length).toBeGreaterThan(1);
    expect(text).toBe(
      "You can ask for a refund within 30 days of delivery from the Orders page. The money goes back " +
        "to your original card within 5 working days.",
    );
    expect(sources).toEqual([
      {
        id: "doc:src_turn-refund_articles:refunds",
        title: "Refunds and returns",
        url: "https://shop.example/help/refunds",
      },
    ]);
  });

  it("answers a later question in the conversation from its own passage", async () => {
    await insertAgentWithKnowledge("turn-history", HELP_CENTRE);
    const { text, sources } = await turn("turn-history", [
      { role: "user", text: "How do I ask for a refund?" },
      { role: "assistant", text: "You can ask for a refund within 30 days of delivery from the Orders page." },
      { role: "user", text: "How much does shipping cost?" },
    ]);
    expect(text).toBe("Shipping is free on orders above 500 DKK; below that it costs 49 DKK.");
    expect(sources).toEqual([{ id: "doc:src_turn-history_articles:shipping", title: "Shipping" }]);
  });

  it("gives a short answer verbatim", async () => {
    await insertAgentWithKnowledge("turn-short", HELP_CENTRE);
    const { text, sources } = await turn("turn-short", [{ role: "user", text: "What are your opening hours?" }]);
    expect(text).toBe("Our support team is available Monday to Friday, 9:00–17:00 CET.");
    expect(sources).toEqual([{ id: "short-answer:turn-short-hours", title: "What are your opening hours?" }]);
  });

  it("abstains on a question about something the knowledge does not cover", async () => {
    await insertAgentWithKnowledge("turn-absent", HELP_CENTRE);
    const { text, sources } = await turn("turn-absent", [
      { role: "user", text: "Do you sell gift cards for the cinema?" },
    ]);
    expect(text).toBe(ABSTAIN_TEXT);
    expect(sources).toEqual([]);
  });

  it("abstains when the agent has no knowledge at all", async () => {
    await insertAgentWithKnowledge("turn-empty");
    const { text, sources } = await turn("turn-empty", [{ role: "user", text: "How do I ask for a refund?" }]);
    expect(text).toBe(ABSTAIN_TEXT);
    expect(sources).toEqual([]);
  });

  it("stops streaming when the turn is aborted", async () => {
    await insertAgentWithKnowledge("turn-abort", HELP_CENTRE);
    const controller = new AbortController();
    const deltas: string[] = [];
    const history: TurnMessage[] = [{ role: "user", text: "How do I ask for a refund?" }];
    for await (const part of runTurn({ env, agentId: "turn-abort", history, abortSignal: controller.signal })) {
      if (part.type === "delta") deltas.push(part.text);
      controller.abort();
    }
    expect(deltas.length).toBeGreaterThanOrEqual(1);
    expect(deltas.length).toBeLessThan(5);
  });

  it("throws a clear error for a missing agent", async () => {
    await expect(turn("turn-nobody", [{ role: "user", text: "Hello?" }])).rejects.toThrow(AgentNotFoundError);
    await expect(turn("turn-nobody", [{ role: "user", text: "Hello?" }])).rejects.toThrow(
      'Agent "turn-nobody" does not exist',
    );
  });
});
