/**
 * The CRM steps of a conversation that no model takes: the server's own question about a change
 * the agent proposed (asked after the turn, worded by the server with the exact value), the
 * visitor's yes or no to that question (the server writes the change, with history, only after a
 * yes that follows it), and the email address the visitor gives when a check needs it (then the
 * question that waited is answered again).
 */
import { captureEmail } from "../../worker/lifecycle/email-capture";
import { confirmationOf } from "../../worker/crm/confirmation";
import { writeContactProperty } from "../../worker/crm/contact-store";
import { displayValue } from "../../worker/crm/values";
import { findEmail } from "../../worker/lifecycle/email-address";
import { say, type AgentView, type LifecycleContext } from "../../worker/lifecycle/context";
import type { PendingChange } from "../../worker/crm/identity";
import { awaited, releaseAwaiting } from "../../worker/lifecycle/awaiting";
import { copyGoalAnswers } from "./goal-steps";

const copyValues = (change: PendingChange) => ({
  label: change.label.toLowerCase(),
  value: displayValue(change.value),
});

/**
 * After the turn that proposed the change `changeId`: the server asks about exactly that change
 * (property and value from the stored proposal, never the model's words) and remembers where it asked.
 */
export function askConfirmation(c: LifecycleContext, view: AgentView, changeId: string | null): void {
  const change = awaited(c.awaiting, "change_confirmation")?.change;
  if (!changeId || change?.id !== changeId) return;
  const question = say(c, view, "change_confirm", copyValues(change));
  c.awaiting.set({ kind: "change_confirmation", change: { ...change, askedSeq: question.seq } });
}

/** Drops a proposed change nobody will be asked about (the conversation went to a person instead). */
export function dropProposedChange(c: LifecycleContext): void {
  releaseAwaiting(c.awaiting, "change_confirmation");
}

/**
 * Answers a pending change with the visitor's yes or no to the server's question; true when the
 * message at `seq` was that answer. A message from before the question (typed while the model was
 * still wording its reply) neither confirms nor cancels it.
 */
export async function takeConfirmation(
  c: LifecycleContext,
  view: AgentView,
  text: string,
  seq: number,
): Promise<boolean> {
  const change = awaited(c.awaiting, "change_confirmation")?.change;
  if (!change) return false;
  if (change.askedSeq == null) {
    c.awaiting.set(null); // never asked by the server: nothing a visitor said can confirm it
    return false;
  }
  if (seq < change.askedSeq) return false;
  c.awaiting.set(null); // asked once: anything but yes leaves the value alone
  const answer = confirmationOf(text);
  if (answer === null) return false;
  const values = copyValues(change);
  if (answer === "no") {
    say(c, view, "change_cancelled", values);
    return true;
  }
  const written = await writeContactProperty(c.env, {
    contactId: change.contactId,
    property: change.property,
    value: change.value,
    changedBy: "agent",
    conversationId: c.meta.conversationId,
  });
  if (!written.ok)
    console.warn("contact change not saved", {
      conversationId: c.meta.conversationId,
      property: change.property,
      code: written.code,
    });
  say(c, view, written.ok ? "change_saved" : "change_failed", values);
  return true;
}

/**
 * Takes the address the agent asked for; the waiting question is then answered again by
 * `answerAgain`. True when the message was consumed (an address, or a mistyped one).
 */
export async function takeIdentityEmail(
  c: LifecycleContext,
  view: AgentView,
  text: string,
  answerAgain: (messageSeq: number) => Promise<void>,
): Promise<boolean> {
  const waiting = awaited(c.awaiting, "verification");
  if (waiting?.step !== "email") return false;
  const found = findEmail(text);
  if (found.kind === "invalid") {
    say(c, view, "email_invalid");
    return true;
  }
  c.awaiting.set(null);
  if (found.kind === "none") return false; // the visitor moved on; the question is dropped
  const contactId = await captureEmail(c.env, {
    email: found.email,
    visitorId: c.meta.visitorId,
    conversationId: c.meta.conversationId,
  });
  await copyGoalAnswers(c, contactId);
  c.identity.update({ givenEmail: found.email });
  if (c.state.get().email !== "captured") c.state.update({ email: "captured" });
  await answerAgain(waiting.messageSeq);
  return true;
}
