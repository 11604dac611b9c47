/**
 * What happens with each visitor message, in order (the turn queue calls this one message at a
 * time): an open email request is answered first; the first message goes to a person when the
 * agent is not on duty; a request for a person or a trigger phrase hands off; an email may be
 * asked for before the first answer; otherwise the agent answers (answer-steps.ts) — and after it may ask for
 * the email, or hand off when it could not answer often enough. After a turn that proposed a
 * contact change the server asks its own question about it; the visitor's yes or no to that
 * question, or the email a CRM check asked for, is taken before anything else the agent does
 * (crm-steps.ts). While a person is waiting or
 * handling the conversation (and the agent does not keep answering), messages wait for them.
 * A message the turn queue gave up on ends with `turn_abandoned`, and a person is brought in.
 * A message the owner's workflow handed in (hand-in.ts) is answered by the agent straight away.
 */
import { publishedAgent } from "../../worker/db/published-agent";
import { database } from "../../worker/db/client";
import { agentAvailability } from "../../worker/handoff/availability";
import { EMAIL_BEFORE_ANSWER } from "../../worker/lifecycle/copy";
import { asksForPerson, matchTriggerPhrase } from "../../worker/handoff/person-request";
import { handOff } from "../../worker/handoff/handoff";
import { agentView, say, touch, type AgentView, type LifecycleContext } from "../../worker/lifecycle/context";
import { listMessageLater, type Listing } from "../../worker/lifecycle/conversation-row";
import { randomId } from "../../worker/lib/crypto";
import { unfinishedTurnAfter } from "./turn-runner";
import { takeConfirmation, takeIdentityEmail } from "./crm-steps";
import { openSessions } from "./turn-sessions";
import { takeGoalAnswer } from "./goal-steps";
import { emailKnown, takeEmail } from "./email-steps";
import { matchAction } from "../../worker/actions/session";
import { usesOfflineModel } from "../../worker/agent/select-model";
import { startAction, takeActionConfirmation, takeActionInput } from "./action-steps";
import { deploymentRemoved } from "../../worker/channels/deployments/store";
import type { ArrivalHandoff } from "./arrival-handoffs";
import { claimAwaiting } from "../../worker/lifecycle/awaiting";
import { TurnTrace } from "../../worker/lib/turn-trace";
import { prefetchPassages } from "./passage-prefetch";
import { readForMessage } from "./message-reads";
import { answer, followUpAnswered, type TurnStart } from "./answer-steps";
import type { TurnHandlers } from "./turn-queue";

/**
 * The agent's response to the visitor's message at `seq`: with the offline model, an action whose
 * trigger phrase the message contains starts (generative models call actions as tools); otherwise the agent answers.
 */
async function respond(c: LifecycleContext, view: AgentView, seq: number, start: TurnStart = {}): Promise<void> {
  const event = c.log.event(seq);
  const action =
    event?.type === "visitor_message" && usesOfflineModel(c.env) ? matchAction(view.agent.settings, event.text) : null;
  if (!action || event?.type !== "visitor_message") return answer(c, view, seq, start);
  const { actions } = await openSessions(c, view, seq);
  await startAction(c, view, actions, action, event.text);
}

/** What the turn queue does with a visitor message, its retry aside: handles it, gives it up, or finishes an answered one. */
export function visitorMessageHandlers(
  c: LifecycleContext,
  arrivalHandoff: (seq: number) => ArrivalHandoff | null,
): Omit<TurnHandlers, "retryLater"> {
  return {
    run: (seq) => handleVisitorMessage(c, seq, arrivalHandoff(seq)),
    giveUp: (seq) => giveUpOnMessage(c, seq),
    followUp: (outcome) => followUpAnswered(c, outcome),
  };
}

async function handleVisitorMessage(
  c: LifecycleContext,
  seq: number,
  arrivalHandoff: ArrivalHandoff | null = null,
): Promise<void> {
  const event = c.log.event(seq);
  if (event?.type !== "visitor_message") return;
  const trace = new TurnTrace();
  trace.add("queue_wait", Math.max(0, Date.now() - event.at));
  try {
    await handle(c, seq, event.text, arrivalHandoff, trace);
  } finally {
    trace.report(c.env, c.meta.conversationId, seq);
  }
}

async function handle(
  c: LifecycleContext,
  seq: number,
  text: string,
  arrivalHandoff: ArrivalHandoff | null,
  trace: TurnTrace,
): Promise<void> {
  // The message is listed on the conversation's row while it is handled: nothing waits for the write, and it never
  // fails the message (a write that fails is kept and tried again by the alarm: conversation-row.ts). An agent's
  // answer starts the write once its first words are out (nothing else runs before the model answers) and completes
  // only once it was tried, so the inbox lists a finished answer's question, or will; any other write of the row
  // (a handoff's) starts it first, and the handling's end at the latest.
  const listing = listMessageLater(c, text, (write) => trace.wait("row_write", write));
  try {
    await route(c, seq, text, arrivalHandoff, trace, listing);
  } finally {
    await listing.start();
  }
}

async function route(
  c: LifecycleContext,
  seq: number,
  text: string,
  arrivalHandoff: ArrivalHandoff | null,
  trace: TurnTrace,
  listing: Listing,
): Promise<void> {
  // The agent's settings and the knowledge search run side by side, and the turn starts beside them (the row write
  // waits for the answer's first words).
  await touch(c);
  const closed = c.state.get().status === "closed";
  const passages = arrivalHandoff || closed ? undefined : prefetchPassages(c, text);
  const read = closed
    ? { agent: null, early: {} }
    : trace.wait("agent_read", () => readForMessage(c.env, c.meta.agentId));
  const { agent, early } = await read;
  if (closed) return;
  if (!agent) return; // the agent was deleted: the message stays in the log for a person
  const view = agentView(agent, c.meta.channel);
  c.state.update({ inactivityMinutes: view.channel.inactivityMinutes });
  // Taken off every channel while this conversation was open: a person answers what is left.
  if (agent.unpublishedAt !== null) return handOff(c, view, "unpublished");
  // Taken off this conversation's channel: a person answers it, by the handoff rules.
  if (c.meta.deploymentId && (await deploymentRemoved(c.env, c.meta.deploymentId)))
    return handOff(c, view, "channel_removed");
  // The channel said a person answers this one (an ignored email sender, a thread over its reply limit).
  if (arrivalHandoff) return handOff(c, view, arrivalHandoff);
  // Handed in by the owner's workflow (hand-in.ts): the agent answers it, without asking for a person or an email first.
  if (c.state.get().handedInSeq === seq) {
    c.state.update({ handedInSeq: null });
    if (c.state.get().status === "bot") await respond(c, view, seq, { trace });
    return;
  }

  if (await takeEmail(c, view, text, (held) => respond(c, view, held))) return;

  if (!c.state.get().firstMessageHandled) {
    c.state.update({ firstMessageHandled: true });
    const availability = await agentAvailability(c.env, agent, c.meta.channel, Date.now());
    if (!availability.assigned) return handOff(c, view, availability.reason);
  }

  const state = c.state.get();
  const agentAnswers =
    state.status === "bot" || (state.status === "waiting_for_human" && state.agentAnswersWhileWaiting);
  if (!agentAnswers) return; // a person answers this one
  if (await takeAwaitedAnswer(c, view, text, seq)) return;
  if (state.status === "bot") {
    if (asksForPerson(text)) return handOff(c, view, "visitor_asked");
    const phrase = matchTriggerPhrase(text, view.handoff.triggerPhrases);
    if (phrase) return handOff(c, view, "trigger_phrase", phrase);
  }
  if (view.channel.emailCapture === "before_first_answer" && !state.agentReplied) {
    if (!(await emailKnown(c)) && claimAwaiting(c.awaiting, { kind: "email_capture", heldMessageSeq: seq })) {
      c.state.update({ email: "requested" });
      say(c, view, "email_request", {}, EMAIL_BEFORE_ANSWER);
      return;
    }
  }
  trace.mark("turn_start");
  await respond(c, view, seq, { trace, passages, early, listing });
}

/** The visitor's message answers what the conversation waits for (awaiting.ts); true when it was taken as that answer. */
async function takeAwaitedAnswer(c: LifecycleContext, view: AgentView, text: string, seq: number): Promise<boolean> {
  const kind = c.awaiting.get()?.kind;
  if (kind === "change_confirmation") return takeConfirmation(c, view, text, seq);
  if (kind === "goal_question") return takeGoalAnswer(c, view, text);
  if (kind === "verification") return takeIdentityEmail(c, view, text, (waitingSeq) => respond(c, view, waitingSeq));
  if (kind === "action_confirmation" || kind === "action_input") {
    const { actions } = await openSessions(c, view, seq);
    return kind === "action_input"
      ? takeActionInput(c, view, actions, text)
      : takeActionConfirmation(c, view, actions, text, seq);
  }
  return false;
}

/**
 * The turn queue gave up on the message at `seq` (it failed or stopped the object too often):
 * its turn ends with `turn_abandoned`, and the conversation goes to a person, whose lines the
 * visitor reads next (nothing changes while one is already waiting or handling it).
 */
async function giveUpOnMessage(c: LifecycleContext, seq: number): Promise<void> {
  c.emit({
    type: "turn_error",
    turnId: unfinishedTurnAfter(c.log, seq) ?? randomId("t", 9),
    code: "turn_abandoned",
    message: "The agent could not answer this message; it goes to a person from our team.",
  });
  const agent = await publishedAgent(database(c.env), c.meta.agentId);
  if (agent) await handOff(c, agentView(agent, c.meta.channel), "turn_failed");
}
