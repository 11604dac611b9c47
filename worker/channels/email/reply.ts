/**
 * One outgoing line as an email reply: from the deployment's address with the agent's name, to the
 * sender of the thread's latest message (or, in reply-all mode, also Cc everyone else on it but our
 * own addresses), "Re: <original subject>", In-Reply-To the latest message we received, References
 * the thread, and a Message-ID made of the conversation and the line's seq — the same for a retried
 * delivery, so it is the same message. The configured signature follows the text after "-- ".
 * The agent's own lines say `Auto-Submitted: auto-replied`, so other robots never answer them;
 * a person's reply from the inbox is not automatic and says nothing of the kind.
 */
import type { OutgoingEmail } from "../../email/sender";
import type { EmailChannelSettings } from "../../lifecycle/settings";
import type { Outgoing } from "../channel";
import { replyMessageId } from "./loop-guard";
import { referencesOf, replySubject, type ThreadMessage } from "./threading";

export type ReplyInput = {
  outgoing: Outgoing;
  /** The deployment's address: the reply's From. */
  address: string;
  agentName: string;
  settings: Pick<EmailChannelSettings, "signature" | "replyMode">;
  /** The conversation's thread, oldest first. */
  thread: ThreadMessage[];
  ours: ReadonlySet<string>;
};

/** The participants column: the sender first, then To and Cc. */
export const participantsOf = (from: string, others: string[]): string => [from, ...others].join(",");

function recipients(input: ReplyInput, latest: ThreadMessage | undefined): { to: string; cc: string[] } {
  const [from = input.outgoing.address, ...others] = (latest?.participants ?? "").split(",").filter(Boolean);
  if (input.settings.replyMode !== "all") return { to: from, cc: [] };
  const cc = [...new Set(others)].filter((address) => address !== from && !input.ours.has(address));
  return { to: from, cc };
}

export function buildReply(input: ReplyInput): OutgoingEmail {
  const { outgoing, thread } = input;
  const inbound = thread.filter((message) => message.direction === "in");
  const latest = inbound.at(-1);
  const signature = input.settings.signature.trim();
  const { to, cc } = recipients(input, latest);
  const automatic = outgoing.kind !== "person";
  return {
    from: input.address,
    fromName: outgoing.kind === "person" && outgoing.author ? outgoing.author : input.agentName,
    to,
    ...(cc.length ? { cc } : {}),
    subject: replySubject(inbound[0]?.subject ?? thread[0]?.subject ?? ""),
    text: signature ? `${outgoing.text}\n\n-- \n${signature}` : outgoing.text,
    messageId: `<${replyMessageId(outgoing.conversationId, outgoing.seq, input.address)}>`,
    ...(latest ? { inReplyTo: `<${latest.messageId}>` } : {}),
    ...(thread.length ? { references: referencesOf(thread).map((id) => `<${id}>`) } : {}),
    ...(automatic ? { headers: { "Auto-Submitted": "auto-replied" } } : {}),
  };
}
