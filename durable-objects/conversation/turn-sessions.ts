/**
 * The sessions a visitor message is handled with: the conversation's CRM session (protection
 * levels, verification, changes held for a yes) and its action session on top of it (inputs,
 * writes held for a yes, calls logged on the conversation). Opened per message, since a check
 * that must wait remembers which message to answer again.
 */
import { ConversationCrm } from "../../worker/crm/conversation-crm";
import { ActionSession } from "../../worker/actions/session";
import type { AgentView, LifecycleContext } from "../../worker/lifecycle/context";
import { linkSender } from "./verification-link";
import type { PropertyDefinition } from "../../worker/crm/definitions";

export type TurnSessions = { crm: ConversationCrm; actions: ActionSession };

/** `definitions`: the contact property definitions when the message's handling read them already. */
export async function openSessions(
  c: LifecycleContext,
  view: AgentView,
  messageSeq: number,
  definitions?: readonly PropertyDefinition[],
): Promise<TurnSessions> {
  const crm = await ConversationCrm.open({
    ...(definitions ? { definitions } : {}),
    env: c.env,
    agent: view.agent,
    visitorId: c.meta.visitorId,
    messageSeq,
    identity: c.identity,
    awaiting: c.awaiting,
    sendLink: linkSender(c, view.agent),
    announceVerified: (email) => c.emit({ type: "verified", email }),
  });
  const actions = new ActionSession({
    env: c.env,
    agent: view.agent,
    crm,
    awaiting: c.awaiting,
    mode: { kind: "live" },
    logCall: (call) => c.emit({ type: "action_call", ...call }),
  });
  return { crm, actions };
}
