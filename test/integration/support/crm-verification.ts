/**
 * Verification link tests' agents (one plain, one whose CRM settings unlock properties with a verified
 * email) and the input of a link for a fresh contact and conversation.
 */
import { env } from "cloudflare:workers";
import type { SendLinkInput } from "../../../worker/crm/verification";
import { findOrCreateContact } from "../../../worker/lifecycle/email-capture";
import { crmAgent } from "./crm";
import { startConversation } from "./chat-client";
import { uniqueAddress } from "./mailbox";

export const AGENT = "crm-verify";
/** An agent whose settings.crm unlocks some properties with a verified email and leaves one open to all. */
export const APPROVAL_AGENT = "crm-verify-approval";
export const ORIGIN = "http://frontdesk.test";

export async function linkInput(
  label: string,
  conversationId?: string,
): Promise<SendLinkInput & { visitorId: string | null }> {
  const email = uniqueAddress(label);
  const contact = await findOrCreateContact(env, email);
  const started = conversationId ? null : await startConversation(AGENT, undefined, false);
  return {
    agent: { id: AGENT, name: "Acme Support" },
    conversationId: conversationId ?? started!.conversationId,
    contactId: contact.id,
    email,
    origin: ORIGIN,
    minutes: 15,
    visitorId: started?.visitorId ?? null,
  };
}

/** The `code` of an error answer. */
export const errorCode = async (response: Response) =>
  ((await response.json()) as { error: { code: string } }).error.code;

/** Creates both agents: each test file's `beforeAll`. */
export async function prepareVerificationAgents(): Promise<void> {
  await crmAgent(AGENT);
  await crmAgent(APPROVAL_AGENT, {
    properties: {
      billing_address: { show: true, edit: true },
      first_name: { show: true, showProtection: "match_email" },
      lifecycle_stage: { show: true, showProtection: "none" },
      phone: { show: false },
    },
  });
}
