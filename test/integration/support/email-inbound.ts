/**
 * The inbound email tests' agent: one deployment on an address, with an ignore list, and what a
 * delivered message became in its conversation.
 */
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import type { LoggedEvent } from "../../../worker/protocol/events";
import { conversationOfMessage, deliverEmail, deployEmail, rawEmail } from "./email";
import { createTestAgent, SHOP_ANSWERS } from "./fixtures";

const AGENT = "email-inbound";
export const ADDRESS = "help@inbound.example";

/** Creates the agent and deploys it on ADDRESS: a test file's `beforeAll`. */
export async function prepareInboundAgent(): Promise<void> {
  await createTestAgent(AGENT, SHOP_ANSWERS, {
    channels: { email: { ignoreList: ["ignored@vendor.example", "spam.example"] } },
  });
  await deployEmail(AGENT, ADDRESS);
}

/** The events a conversation logged, oldest first. */
export async function events(conversationId: string): Promise<LoggedEvent[]> {
  return env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(conversationId)).events(0);
}

/** Sends a message and returns the visitor message its conversation stored. */
export async function received(
  mail: Parameters<typeof rawEmail>[0],
): Promise<{ conversationId: string; text: string }> {
  const outcome = await deliverEmail(rawEmail(mail), { from: mail.from, to: ADDRESS });
  expect(outcome.rejected).toBeNull();
  const conversationId = await conversationOfMessage(mail.messageId);
  expect(conversationId).not.toBeNull();
  const logged = await events(conversationId ?? "");
  const message = logged.find((e) => e.type === "visitor_message" && e.id === mail.messageId);
  return { conversationId: conversationId ?? "", text: message?.type === "visitor_message" ? message.text : "" };
}
