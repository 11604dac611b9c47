/**
 * Mail the agent never answers, so no two robots write to each other forever: auto-submitted mail
 * (out-of-office replies, `Auto-Submitted` other than "no"), bounces (an empty Return-Path, a
 * delivery report, MAILER-DAEMON or postmaster), mailing lists (`List-Id`, `List-Unsubscribe`,
 * `Precedence: bulk|list|junk`), and our own mail coming back (From one of our addresses, or a
 * Message-ID in the form we give our replies on one of our domains). Such mail is accepted and
 * dropped: rejecting it would only make more bounces, and nobody waits for an answer to it.
 */
import { header, type ParsedEmail } from "./parse";

export type Unanswerable = "auto_submitted" | "bounce" | "mailing_list" | "our_own";

const BOUNCE_SENDERS = /^(mailer-daemon|postmaster)@/i;

/** Why the message must not be answered, or null when a person wrote it. */
export function unanswerable(
  email: Pick<ParsedEmail, "headers" | "from" | "messageId">,
  ours: { addresses: ReadonlySet<string>; domains: ReadonlySet<string> },
): Unanswerable | null {
  if (ours.addresses.has(email.from) || ourMessageId(email.messageId, ours.domains)) return "our_own";
  const autoSubmitted = header(email, "auto-submitted").trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== "no") return "auto_submitted";
  if (header(email, "x-autoreply") || header(email, "x-autorespond")) return "auto_submitted";
  const returnPath = email.headers.find((h) => h.key === "return-path");
  if (returnPath && /^\s*<?\s*>?\s*$/.test(returnPath.value)) return "bounce";
  if (/^\s*multipart\/report\b/i.test(header(email, "content-type"))) return "bounce";
  if (BOUNCE_SENDERS.test(email.from)) return "bounce";
  if (header(email, "list-id") || header(email, "list-unsubscribe")) return "mailing_list";
  if (/^\s*(bulk|list|junk)\s*$/i.test(header(email, "precedence"))) return "mailing_list";
  return null;
}

/** The Message-ID we give a reply: `<conversationId.seq@deployment domain>` (threading.ts). */
export function replyMessageId(conversationId: string, seq: number, deploymentAddress: string): string {
  return `${conversationId}.${seq}@${deploymentAddress.split("@").pop() ?? ""}`;
}

const OUR_ID = /^c_[A-Za-z0-9_-]+\.\d+@(.+)$/;

/** Whether an id has our replies' form on one of our domains (our own message, returned). */
export function ourMessageId(id: string, domains: ReadonlySet<string>): boolean {
  const domain = OUR_ID.exec(id)?.[1];
  return domain !== undefined && domains.has(domain.toLowerCase());
}
