/**
 * An inbound email, parsed with postal-mime into what the channel needs: its ids (Message-ID,
 * In-Reply-To, References, without angle brackets), the sender and recipients (lower-cased), the
 * subject, the sender's own text (text.ts), the attachments' names, and the headers the loop guard
 * and the DMARC check read, in document order.
 */
import PostalMime, { type Address } from "postal-mime";
import { isForward, htmlToText, ownText } from "./text";

export type ParsedEmail = {
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  from: string;
  fromName: string;
  to: string[];
  cc: string[];
  subject: string;
  /** The sender's own text, without quoted history and signature. */
  text: string;
  attachments: string[];
  /** Every header, lower-cased names, in document order (the top-most first). */
  headers: Array<{ key: string; value: string }>;
};

/** The ids in a Message-ID, In-Reply-To or References value, without angle brackets. */
export function messageIds(value: string | undefined | null): string[] {
  if (!value) return [];
  const bracketed = [...value.matchAll(/<([^<>\s]+)>/g)].map((match) => match[1] ?? "");
  const ids = bracketed.length > 0 ? bracketed : value.split(/\s+/);
  return ids.map((id) => id.trim()).filter((id) => id.length > 0 && id.length <= 500);
}

function addresses(list: Address[] | undefined): string[] {
  const flat = (list ?? []).flatMap((entry) => (entry.group ? entry.group : [entry]));
  return flat.map((mailbox) => mailbox.address.trim().toLowerCase()).filter((address) => address.includes("@"));
}

/** The first value of a header, or "" (names lower-case). */
export const header = (email: Pick<ParsedEmail, "headers">, name: string): string =>
  email.headers.find((h) => h.key === name)?.value ?? "";

/** Parses a raw message; `envelopeFrom` stands in for a missing From header. */
export async function parseEmail(
  raw: ReadableStream<Uint8Array> | ArrayBuffer | string,
  envelopeFrom: string,
): Promise<ParsedEmail> {
  const email = await PostalMime.parse(raw, { attachmentEncoding: "base64", maxNestingDepth: 50 });
  const sender = email.from && !email.from.group ? email.from : null;
  const subject = (email.subject ?? "").replace(/\s+/g, " ").trim();
  const body = email.text?.trim() ? email.text : htmlToText(email.html ?? "");
  return {
    messageId: messageIds(email.messageId)[0] ?? "",
    inReplyTo: messageIds(email.inReplyTo)[0] ?? null,
    references: messageIds(email.references),
    from: (sender?.address || envelopeFrom).trim().toLowerCase(),
    fromName: sender?.name ?? "",
    to: addresses(email.to),
    cc: addresses(email.cc),
    subject,
    text: ownText(body, { forwarded: isForward(subject) }),
    attachments: email.attachments
      .filter((attachment) => !attachment.related)
      .map((attachment) => (attachment.filename ?? "").replace(/[\r\n,\]]/g, " ").trim() || "unnamed")
      .slice(0, 50),
    headers: email.headers.map((h) => ({ key: h.key, value: h.value })),
  };
}
