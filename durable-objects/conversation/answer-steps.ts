/**
 * The agent's answer to a visitor message and what follows it. In the same step as the answer is
 * logged, the conversation counts it, the server asks its own question about a change or a write the
 * turn proposed, and the turn queue marks the message answered with the answer's outcome. The
 * follow-up (a handoff, the goal question, a request for the email) runs from that outcome, and runs
 * again from it when the object stopped or the follow-up threw: each of its steps checks the
 * conversation's state first, so a second run adds nothing the first one did.
 */
import { publishedAgent } from "../../worker/db/published-agent";
import { database } from "../../worker/db/client";
import { handOff } from "../../worker/handoff/handoff";
import { agentView, say, touch, type AgentView, type LifecycleContext } from "../../worker/lifecycle/context";
import { syncConversationRow } from "../../worker/lifecycle/conversation-row";
import { channelFor } from "../../worker/channels";
import { tokenBudget } from "../../worker/lifecycle/token-budget";
import { claimAwaiting } from "../../worker/lifecycle/awaiting";
import { TurnTrace } from "../../worker/lib/turn-trace";
import type { Passage } from "../../worker/knowledge/retrieve";
import { runTurnFor, type TurnResult } from "./turn-runner";
import { askConfirmation, dropProposedChange } from "./crm-steps";
import { openSessions, type TurnSessions } from "./turn-sessions";
import { askGoalQuestion } from "./goal-steps";
import { emailKnown } from "./email-steps";
import { askActionConfirmation, dropHeldWrite } from "./action-steps";
import type { EarlyReads } from "./message-reads";
import type { Listing } from "../../worker/lifecycle/conversation-row";
import { readOutcome, storedOutcome, type TurnOutcome } from "./turn-outcome";

/** What a turn starts with when the message's handling prepared it. */
export type TurnStart = {
  trace?: TurnTrace;
  /** The knowledge search, started as the message was taken up (passage-prefetch.ts). */
  passages?: Promise<Passage[]>;
  early?: EarlyReads;
  /** The message's listing on the conversation's row (never rejects): the answer starts it, and completes only once it was tried. */
  listing?: Listing;
};

/** The agent answers the message at `seq`; afterwards it may ask for the email or hand off. */
export async function answer(c: LifecycleContext, view: AgentView, seq: number, start: TurnStart): Promise<void> {
  const { passages, early = {}, listing } = start;
  const trace = start.trace ?? new TurnTrace();
  const sessions = await trace.wait("sessions", () => openSessions(c, view, seq, early.definitions));
  const budget = tokenBudget(c.env, view.agent, early.budget);
  const end = await runTurnFor(
    {
      env: c.env,
      agentId: c.meta.agentId,
      conversationId: c.meta.conversationId,
      browserLanguage: c.meta.language ?? null,
      channel: channelFor(c.meta.channel),
      channelName: c.meta.channel,
      defer: (work: Promise<unknown>) => c.ctx.waitUntil(work),
      budget,
      log: c.log,
      emit: c.emit,
      crm: sessions.crm,
      actions: sessions.actions,
      agent: view.agent,
      trace,
      ...(passages ? { passages } : {}),
      ...(listing ? { listing } : {}),
      answered: (result) => settle(c, view, seq, result, sessions),
    },
    seq,
  );
  try {
    await followUp(c, view, outcomeOf(seq, end));
  } finally {
    // The turn's token use: the next message's budget check must see it under a daily limit; else it is
    // counted in the background, and the next message does not wait for the database (nor for its CPU here).
    if (budget.limited()) await end.recorded;
    else c.ctx.waitUntil(end.recorded);
  }
}

const outcomeOf = (seq: number, { replied, abstained, handoff }: TurnResult): TurnOutcome => ({
  seq,
  replied,
  abstained,
  ...(handoff ? { handoff } : {}),
});

/** In the same step as the answer is logged: the conversation's counts, the server's own question, the queue's mark. */
function settle(c: LifecycleContext, view: AgentView, seq: number, result: TurnResult, sessions: TurnSessions): void {
  const state = c.state.get();
  c.state.update({
    agentReplied: state.agentReplied || result.replied,
    abstentions: state.abstentions + (result.abstained ? 1 : 0),
  });
  // The server's own question about a change or a write the turn proposed; none when a person takes over.
  if (result.handoff) {
    dropProposedChange(c);
    dropHeldWrite(c);
  } else {
    askConfirmation(c, view, sessions.crm.proposedChangeId);
    askActionConfirmation(c, view, sessions.actions, sessions.actions.heldCallId);
  }
  c.markAnswered?.(storedOutcome(outcomeOf(seq, result)));
}

/** After the answer: a handoff (the turn's, or after too many "I don't know"s), or the goal question and the email request. */
async function followUp(c: LifecycleContext, view: AgentView, outcome: TurnOutcome): Promise<void> {
  await touch(c);
  if (outcome.handoff) return handOff(c, view, outcome.handoff.reason, outcome.handoff.detail);
  const limit = view.handoff.afterAbstentions;
  if (outcome.abstained && limit > 0 && c.state.get().abstentions >= limit)
    return handOff(c, view, "missing_knowledge");
  if (!outcome.replied) return;
  const question = c.log.event(outcome.seq);
  if (question?.type === "visitor_message") askGoalQuestion(c, view, question.text);
  if (
    view.channel.emailCapture === "after_first_answer" &&
    c.state.get().email === "unknown" &&
    !(await emailKnown(c)) &&
    claimAwaiting(c.awaiting, { kind: "email_capture", heldMessageSeq: null })
  ) {
    c.state.update({ email: "requested" });
    say(c, view, "email_request");
  }
}

/** The follow-up of a message answered before the object stopped or the follow-up threw (the turn queue's retry). */
export async function followUpAnswered(c: LifecycleContext, stored: string): Promise<void> {
  const outcome = readOutcome(stored);
  if (!outcome) return console.error("an answered message's outcome could not be read; its follow-up is skipped");
  // Written first, as a message run again would write it: a follow-up that threw may have left the row behind the state.
  await syncConversationRow(c);
  const agent = await publishedAgent(database(c.env), c.meta.agentId);
  if (agent) await followUp(c, agentView(agent, c.meta.channel), outcome);
}
