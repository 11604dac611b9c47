/**
 * Email through Cloudflare's `send_email` binding: the message is built as raw MIME with
 * mimetext (plain text, plus HTML when given) and handed to the binding as an `EmailMessage`.
 * Locally wrangler writes it to an .eml file; in production only verified destinations receive it.
 */
import { EmailMessage } from "cloudflare:email";
import { createMimeMessage } from "mimetext/browser";
import { extraHeaders } from "./headers";
import type { EmailSender, Mailbox, OutgoingEmail, SendResult } from "./sender";

/** The raw RFC 5322 message the binding sends (exported for tests). */
export function buildMime(from: Mailbox, message: OutgoingEmail): string {
  const mime = createMimeMessage();
  const name = message.fromName ?? from.name;
  const addr = message.from ?? from.addr;
  mime.setSender(name ? { name, addr } : { addr });
  mime.setRecipient(message.to);
  if (message.cc?.length) mime.setCc(message.cc);
  mime.setSubject(message.subject);
  for (const [header, value] of Object.entries(extraHeaders(message))) mime.setHeader(header, value);
  mime.addMessage({ contentType: "text/plain", data: message.text });
  if (message.html !== undefined) mime.addMessage({ contentType: "text/html", data: message.html });
  return mime.asRaw();
}

export function bindingSender(binding: SendEmail, from: Mailbox): EmailSender {
  return {
    async send(message): Promise<SendResult> {
      try {
        const sent = await binding.send(
          new EmailMessage(message.from ?? from.addr, message.to, buildMime(from, message)),
        );
        // Cloudflare gives every message it sends its own Message-ID; replies to it carry that one.
        return sent?.messageId && message.messageId ? { ok: true, messageId: sent.messageId } : { ok: true };
      } catch (error) {
        return {
          ok: false,
          error: `send_email refused the message: ${error instanceof Error ? error.message : String(error)}`,
        };
      }
    },
  };
}
