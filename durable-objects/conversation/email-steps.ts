/**
 * The visitor's email in a conversation: whether it is known (captured here, or the visitor is
 * linked to a contact already), and the visitor's answer to the agent's request for it — saved to
 * the CRM with the goal answers given so far, or corrected when it is not an address.
 */
import { captureEmail, linkedContact } from "../../worker/lifecycle/email-capture";
import { findEmail } from "../../worker/lifecycle/email-address";
import { say, type AgentView, type LifecycleContext } from "../../worker/lifecycle/context";
import { awaited } from "../../worker/lifecycle/awaiting";
import { copyGoalAnswers } from "./goal-steps";

/** True when the visitor is linked to a contact already (then they are never asked); remembers it. */
export async function emailKnown(c: LifecycleContext): Promise<boolean> {
  const state = c.state.get();
  if (state.email === "captured") return true;
  if (await linkedContact(c.env, c.meta.visitorId)) {
    c.state.update({ email: "captured" });
    return true;
  }
  return false;
}

/**
 * Handles the answer to an open email request; true when the message was consumed by it. A message
 * held for the address is answered by `respond` once the address is saved.
 */
export async function takeEmail(
  c: LifecycleContext,
  view: AgentView,
  text: string,
  respond: (heldSeq: number) => Promise<void>,
): Promise<boolean> {
  // An email request a higher flow took the slot from still takes an address given once the slot is free.
  const displaced = c.awaiting.get() === null && c.state.get().email === "requested";
  const request = awaited(c.awaiting, "email_capture") ?? (displaced ? { heldMessageSeq: null } : null);
  if (!request) return false;
  const found = findEmail(text);
  if (found.kind === "valid") {
    const contactId = await captureEmail(c.env, {
      email: found.email,
      visitorId: c.meta.visitorId,
      conversationId: c.meta.conversationId,
    });
    await copyGoalAnswers(c, contactId);
    c.state.update({ email: "captured" });
    c.awaiting.set(null);
    c.identity.update({ givenEmail: found.email }); // what a CRM check may compare or verify; never proof by itself
    say(c, view, "email_saved", { email: found.email });
    const held = request.heldMessageSeq;
    if (held !== null && c.state.get().status === "bot") await respond(held);
    return true;
  }
  // Before the first answer the agent insists; otherwise only an attempted address is corrected.
  if (found.kind === "invalid" || request.heldMessageSeq !== null) {
    say(c, view, "email_invalid");
    return true;
  }
  return false;
}
