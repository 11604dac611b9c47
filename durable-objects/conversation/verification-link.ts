/**
 * How a conversation sends a verification link: to the address the check settled on, in the
 * agent's name, pointing at the origin the visitor reached, valid for the agent's configured
 * minutes. A conversation from before origins were recorded cannot send one (reported as failed).
 */
import type { Agent } from "../../worker/db/agents";
import { crmSettingsOf } from "../../worker/crm/access-settings";
import { sendVerificationLink } from "../../worker/crm/verification";
import type { LinkSender } from "../../worker/crm/conversation-crm";
import type { LifecycleContext } from "../../worker/lifecycle/context";

export function linkSender(c: LifecycleContext, agent: Agent): LinkSender {
  return async ({ contactId, email }) => {
    const origin = c.meta.origin;
    if (!origin) return { status: "failed" };
    const minutes = crmSettingsOf(agent.settings).verificationLinkMinutes;
    const sent = await sendVerificationLink(c.env, {
      agent: { id: agent.id, name: agent.name },
      conversationId: c.meta.conversationId,
      contactId,
      email,
      origin,
      minutes,
    });
    if (sent.status === "failed")
      console.warn("verification email not sent", { conversationId: c.meta.conversationId, error: sent.error });
    return { status: sent.status };
  };
}
