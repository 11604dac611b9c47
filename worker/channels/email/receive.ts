/**
 * Inbound mail from Cloudflare Email Routing (the Worker's `email()` handler). The recipient picks
 * the email deployment (mail to an unknown address is rejected with a reason); mail no person
 * wrote (loop-guard.ts) is accepted and dropped; everything else becomes a visitor message of the
 * conversation its thread belongs to (threading.ts) — the inbound Message-ID is the message's
 * client id, so a redelivered message is stored once. The sender's address is the contact, proven
 * only by Cloudflare's DMARC result (dmarc.ts). Senders on the ignore list, and threads that had
 * MAX_REPLIES_PER_HOUR (threading.ts) replies in the last hour, go to a person without an answer by the agent.
 */
import { z } from "zod";
import { getAgent } from "../../db/agents";
import { database } from "../../db/client";
import { emailChannelSettings } from "../../lifecycle/settings";
import { EMAIL } from "../../protocol/channels";
import { findDeployment } from "../deployments/store";
import { takeInbound, type InboundMessage } from "../inbound";
import { dmarcPassed } from "./dmarc";
import { isIgnored } from "./ignore-list";
import { unanswerable } from "./loop-guard";
import { parseEmail, type ParsedEmail } from "./parse";
import { participantsOf } from "./reply";
import { ourAddresses, overReplyLimit, rememberThreadMessage, threadOf } from "./threading";
import { visitorText } from "./visitor-text";

/** Email Routing takes messages up to 25 MiB; anything larger is not a customer's question. */
const MAX_RAW_BYTES = 25 * 1024 * 1024;

/** The sender's address, which becomes the conversation's address and the contact's email. */
const SENDER = z.email().max(320);

type Incoming = Pick<ForwardableEmailMessage, "from" | "to" | "raw" | "rawSize" | "setReject">;

export async function receiveEmail(message: Incoming, env: Env): Promise<void> {
  const to = message.to.trim().toLowerCase();
  const deployment = await findDeployment(env, EMAIL, to);
  if (!deployment) return message.setReject(`No agent receives mail at ${to}`);
  if (message.rawSize > MAX_RAW_BYTES) return message.setReject("The message is too large");
  let email: ParsedEmail;
  try {
    email = await parseEmail(message.raw, message.from);
  } catch (error) {
    console.warn("email: a message could not be parsed", error);
    return message.setReject("The message could not be read");
  }
  if (!email.messageId) return message.setReject("The message has no Message-ID");
  if (!SENDER.safeParse(email.from).success) return message.setReject("The message has no valid sender address");
  const ours = await ourAddresses(env);
  const guarded = unanswerable(email, ours);
  if (guarded) {
    console.info(`email: dropped ${guarded} mail to ${to} (${email.messageId})`);
    return;
  }
  const agent = await getAgent(database(env), deployment.agentId);
  const settings = emailChannelSettings(agent?.settings);
  const thread = await threadOf(env, deployment.id, [
    ...(email.inReplyTo ? [email.inReplyTo] : []),
    ...email.references,
  ]);
  const capped = thread !== "new" && (await overReplyLimit(env, thread));
  const handOff: InboundMessage["handOff"] = isIgnored(email.from, settings.ignoreList)
    ? "ignore_list"
    : capped
      ? "reply_limit"
      : undefined;
  const { conversationId, received } = await takeInbound(env, {
    deployment,
    address: email.from,
    message: { clientId: email.messageId, text: visitorText(email, thread === "new") },
    thread,
    identity: { email: email.from, proven: dmarcPassed(email) },
    ...(handOff ? { handOff } : {}),
    ...(env.PUBLIC_URL ? { origin: env.PUBLIC_URL } : {}),
  });
  // Refused (over the agent's message rate, a conversation too long): the sender's server bounces it with the reason.
  if (!received.ok) return message.setReject(received.message);
  await rememberThreadMessage(env, {
    deploymentId: deployment.id,
    messageId: email.messageId,
    conversationId,
    direction: "in",
    subject: email.subject,
    participants: participantsOf(email.from, [...email.to, ...email.cc]),
    at: Date.now(),
  });
}
