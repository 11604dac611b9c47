/**
 * Hand-in (worker/handoff/hand-in.ts): the owner's workflow or bot passes the conversation to the
 * agent. Whoever held it — a person, or nobody while it waited for one — the agent holds it now,
 * exactly as when a person hands it back (`returnToAgent`); then the agent
 * - `answer_latest`: answers the visitor's latest message;
 * - `message`: says the workflow's text as its own complete answer (so it reaches the visitor on
 *   their channel) and waits for the visitor;
 * - `answer_question`: answers the workflow's question, logged as a visitor message with
 *   `via: "workflow"` — it stands for the visitor in the model's history, and the log says who asked.
 * Answers are queued like visitor messages and go through the same turn (knowledge, CRM, lifecycle);
 * the queued message is marked handed in, so the agent answers it rather than asking for a person
 * or an email first.
 */
import { channelFor } from "../../worker/channels";
import { returnToAgent } from "../../worker/handoff/handoff";
import type { HandIn, HandInResult } from "../../worker/handoff/hand-in";
import { touch, type AgentView, type LifecycleContext } from "../../worker/lifecycle/context";
import { syncConversationRow } from "../../worker/lifecycle/conversation-row";
import { randomId } from "../../worker/lib/crypto";
import type { EventLog } from "./event-log";
import { initialLifecycle } from "./lifecycle-state";
import { MAX_LOG_BYTES, MAX_VISITOR_MESSAGES } from "./message-intake";
import type { TurnQueue } from "./turn-queue";

const refused = (code: Extract<HandInResult, { ok: false }>["code"], message: string): HandInResult => ({
  ok: false,
  code,
  message,
});

/** The seq of the visitor's latest message; null when they have written nothing. */
function latestVisitorMessage(log: EventLog): number | null {
  return log.latestOfTypes(["visitor_message"], Number.MAX_SAFE_INTEGER, 1)[0]?.seq ?? null;
}

function full(log: EventLog): boolean {
  const totals = log.totals();
  return totals.visitorMessages >= MAX_VISITOR_MESSAGES || totals.bytes >= MAX_LOG_BYTES;
}

/** Carries out a hand-in; the caller drains the turn queue afterwards (in the background) for the answering modes. */
export async function handIn(
  c: LifecycleContext,
  view: AgentView | null,
  request: HandIn,
  queue: Pick<TurnQueue, "enqueue">,
): Promise<HandInResult> {
  if (!c.state.has()) c.state.set(initialLifecycle(Date.now(), true, null)); // conversations from before lifecycles
  if (c.state.get().status === "closed")
    return refused("conversation_closed", "The conversation is closed; it cannot be handed to the agent");
  const latest = latestVisitorMessage(c.log);
  if (request.mode === "answer_latest" && latest === null)
    return refused("nothing_to_answer", "The visitor has not written anything the agent could answer");
  if (request.mode !== "answer_latest" && full(c.log))
    return refused("conversation_full", "The conversation is too long to continue");

  await returnToAgent(c, view);
  if (request.mode === "message") {
    // Shaped for the channel as the agent's own answers are (the turn renders them the same way).
    const reply = channelFor(c.meta.channel).render({ text: request.text, sources: [] });
    const said = c.emit({ type: "assistant_complete", turnId: randomId("t", 9), ...reply });
    c.state.update({ agentReplied: true });
    await touch(c);
    await syncConversationRow(c, { lastMessage: request.text });
    return { ok: true, status: "bot", seq: said.seq };
  }
  const seq =
    request.mode === "answer_question"
      ? c.emit({ type: "visitor_message", id: randomId("wf", 9), text: request.question, via: "workflow" }).seq
      : (latest as number);
  c.state.update({ handedInSeq: seq, firstMessageHandled: true });
  queue.enqueue(seq);
  return { ok: true, status: "bot", seq };
}
