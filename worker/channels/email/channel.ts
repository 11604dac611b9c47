/**
 * The email channel: replies are plain text (Markdown turned into readable text, the cited sources
 * as a "Sources:" list with their addresses) sent as proper replies in the thread (reply.ts)
 * through the EmailSender — never `message.reply()`, which reaches only the sender and only while
 * the inbound message is being handled, when the turn has not even started. Lines the agent would
 * send automatically are held back from senders on the ignore list and beyond the per-hour cap of
 * replies in a thread (the conversation is then with a person, whose replies still go out).
 */
import { getAgent } from "../../db/agents";
import { database } from "../../db/client";
import { emailSender } from "../../email/sender";
import { plainText } from "../../agent/offline/plain-text";
import { emailChannelSettings } from "../../lifecycle/settings";
import { EMAIL } from "../../protocol/channels";
import { MAX_MESSAGE_CHARS } from "../../protocol/events";
import type { DeliveringChannel, Delivery, Outgoing, Reply } from "../channel";
import type { OpenDeployment } from "../deployments/store";
import { isIgnored } from "./ignore-list";
import { buildReply, participantsOf } from "./reply";
import { ourAddresses, rememberThreadMessage, overReplyLimit, threadMessages } from "./threading";

/** The answer as plain text with its sources listed after it. */
export function renderEmail(reply: Reply): Reply {
  const text = plainText(reply.text);
  const cited = reply.sources.map((source) => (source.url ? `- ${source.title}: ${source.url}` : `- ${source.title}`));
  return { text: cited.length ? `${text}\n\nSources:\n${cited.join("\n")}` : text, sources: reply.sources };
}

const bareId = (id: string): string => id.trim().replace(/^<|>$/g, "");

async function deliver(env: Env, deployment: OpenDeployment, outgoing: Outgoing): Promise<Delivery> {
  const agent = await getAgent(database(env), deployment.agentId);
  if (!agent) return { ok: false, retry: false, error: "The agent of this deployment was deleted" };
  const settings = emailChannelSettings(agent.settings);
  if (outgoing.kind !== "person") {
    if (isIgnored(outgoing.address, settings.ignoreList)) return { ok: true }; // a person answers, by hand
    if (await overReplyLimit(env, outgoing.conversationId)) {
      console.warn(`email: ${outgoing.conversationId} reached the replies per hour; seq ${outgoing.seq} not sent`);
      return { ok: true };
    }
  }
  const ours = await ourAddresses(env);
  const thread = await threadMessages(env, outgoing.conversationId);
  const email = buildReply({
    outgoing,
    address: deployment.address,
    agentName: agent.name,
    settings,
    thread,
    ours: ours.addresses,
  });
  const result = await emailSender(env).send(email);
  if (!result.ok) return { ok: false, retry: true, error: result.error };
  // Ours, and the one the sender replaced it with (send_email does): a reply may name either.
  const ids = new Set([email.messageId ?? "", result.messageId ?? ""].map(bareId).filter(Boolean));
  for (const messageId of ids)
    await rememberThreadMessage(env, {
      deploymentId: deployment.id,
      messageId,
      conversationId: outgoing.conversationId,
      direction: "out",
      subject: email.subject,
      participants: participantsOf(deployment.address, [email.to, ...(email.cc ?? [])]),
      at: Date.now(),
    });
  return { ok: true };
}

export const emailChannel: DeliveringChannel = {
  id: EMAIL,
  capabilities: { streaming: false, formatting: "plain", maxMessageChars: MAX_MESSAGE_CHARS, maxReplyChars: null },
  render: renderEmail,
  deliver,
  testConnection: async (env) => {
    const configured = env.EMAIL_PROVIDER || (env.EMAIL ? "send_email" : "");
    return configured
      ? {
          ok: true,
          detail: `Replies are sent through ${configured}; inbound mail needs an Email Routing rule to this Worker`,
        }
      : { ok: false, detail: "No email provider is configured (EMAIL_PROVIDER, or an EMAIL send_email binding)" };
  },
};
