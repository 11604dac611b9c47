/**
 * The action steps no model takes. With the offline model, a visitor message that matches an
 * action's trigger phrase starts it: who the visitor is gets checked first, the inputs the message
 * already holds are taken, each missing one is asked for in turn (one more try after an answer
 * that does not fit), a write action waits for the visitor's yes to the server's own question,
 * and the result is said from the fields the admin chose. With a generative model the model calls
 * the action as a tool, and a write it proposes is asked about here, after its reply. Every line
 * is the server's, so a model can neither skip a confirmation nor word one.
 */
import { confirmationOf } from "../../worker/crm/confirmation";
import { asksForPerson } from "../../worker/handoff/person-request";
import { awaited, claimAwaiting, releaseAwaiting } from "../../worker/lifecycle/awaiting";
import { say, type AgentView, type LifecycleContext } from "../../worker/lifecycle/context";
import type { Action } from "../../worker/actions/definition";
import { findInputsIn } from "../../worker/actions/inputs";
import type { ActionSession } from "../../worker/actions/session";
import {
  confirmQuestion,
  identityLine,
  inputGivenUp,
  inputQuestion,
  invalidInput,
  resultLine,
  type ActionLine,
} from "../../worker/actions/lines";
import type { LoggedEvent } from "../../worker/protocol/events";

/** Starts `action` for the visitor's message `text` (the offline flow): inputs it names are taken from it. */
export async function startAction(
  c: LifecycleContext,
  view: AgentView,
  session: ActionSession,
  action: Action,
  text: string,
): Promise<void> {
  await advance(c, view, session, action, findInputsIn(text, action.inputs), false);
}

/** Takes the visitor's answer to an action's input question; true when the message was that answer. */
export async function takeActionInput(
  c: LifecycleContext,
  view: AgentView,
  session: ActionSession,
  text: string,
): Promise<boolean> {
  const waiting = awaited(c.awaiting, "action_input");
  if (!waiting) return false;
  const action = session.byId(waiting.actionId);
  const input = action?.inputs.find((i) => i.name === waiting.input);
  // The action was removed meanwhile, or the visitor wants a person rather than to answer.
  if (!action || !input || asksForPerson(text)) {
    c.awaiting.set(null);
    return false;
  }
  c.awaiting.set(null);
  const answer = findInputsIn(text, [input])[input.name] ?? text.trim();
  await advance(c, view, session, action, { ...waiting.values, [input.name]: answer }, waiting.retried);
  return true;
}

/** After a model's turn that held a write: the server asks about exactly that call (inputs from the held call, never the model's words). */
export function askActionConfirmation(
  c: LifecycleContext,
  view: AgentView,
  session: ActionSession,
  callId: string | null,
): void {
  const held = awaited(c.awaiting, "action_confirmation")?.call;
  const action = held ? session.byId(held.actionId) : null;
  if (!callId || !held || held.id !== callId || !action) return;
  const question = sayLine(c, view, confirmQuestion(action, held.inputs));
  c.awaiting.set({ kind: "action_confirmation", call: { ...held, askedSeq: question.seq } });
}

/** Drops a held write nobody will be asked about (the turn went to a person instead). */
export function dropHeldWrite(c: LifecycleContext): void {
  releaseAwaiting(c.awaiting, "action_confirmation");
}

/**
 * The visitor's yes or no to the server's question about a held write; true when the message at
 * `seq` was that answer. Only a yes after the question runs the action; anything else drops it.
 */
export async function takeActionConfirmation(
  c: LifecycleContext,
  view: AgentView,
  session: ActionSession,
  text: string,
  seq: number,
): Promise<boolean> {
  const held = awaited(c.awaiting, "action_confirmation")?.call;
  if (!held) return false;
  if (held.askedSeq === null) {
    c.awaiting.set(null); // never asked by the server: nothing a visitor said can confirm it
    return false;
  }
  if (seq < held.askedSeq) return false;
  c.awaiting.set(null);
  const answer = confirmationOf(text);
  if (answer === null) return false;
  const action = session.byId(held.actionId);
  if (answer === "no" || !action) {
    say(c, view, "action_cancelled");
    return true;
  }
  await run(c, view, session, action, held.inputs);
  return true;
}

async function advance(
  c: LifecycleContext,
  view: AgentView,
  session: ActionSession,
  action: Action,
  given: Record<string, string>,
  retried: boolean,
): Promise<void> {
  const prepared = await session.prepare(action, given);
  switch (prepared.kind) {
    case "identity":
      sayLine(c, view, identityLine(prepared.result));
      return;
    case "invalid": {
      const { input, values, error } = prepared;
      if (retried) {
        sayLine(c, view, inputGivenUp(error));
        return;
      }
      claimAwaiting(c.awaiting, {
        kind: "action_input",
        actionId: action.id,
        values,
        input: input.name,
        retried: true,
      });
      sayLine(c, view, invalidInput(input, error));
      return;
    }
    case "input_needed": {
      const { input, values } = prepared;
      const next = { kind: "action_input", actionId: action.id, values, input: input.name, retried: false } as const;
      if (claimAwaiting(c.awaiting, next)) sayLine(c, view, inputQuestion(input));
      return;
    }
    case "ready":
      if (action.risk === "write") {
        const callId = session.holdWrite(action, prepared.values, prepared.contactId);
        askActionConfirmation(c, view, session, callId);
        return;
      }
      return run(c, view, session, action, prepared.values);
  }
}

/** Runs the action and says what came of it. */
async function run(
  c: LifecycleContext,
  view: AgentView,
  session: ActionSession,
  action: Action,
  values: Record<string, string>,
): Promise<void> {
  const execution = await session.execute(action, values);
  if (execution.kind === "called") sayLine(c, view, resultLine(action, execution.result));
}

function sayLine(c: LifecycleContext, view: AgentView, line: ActionLine): LoggedEvent {
  return say(c, view, line.kind, line.values, line.template);
}
