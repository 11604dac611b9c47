/**
 * Inbound email for tests: raw RFC 5322 messages built from a few fields, handed to the email
 * handler as the `ForwardableEmailMessage` Email Routing gives the Worker (raw stream, headers,
 * envelope, and a record of `setReject`), and an email deployment to receive them.
 */
import { env } from "cloudflare:workers";
import { expect, vi } from "vitest";
import { receiveEmail } from "../../../worker/channels/email/receive";
import { adminFetch } from "../helpers/seed";
import { deliveries, EMAIL_PATH } from "./mailbox";

export type RawEmail = {
  from: string;
  to: string;
  cc?: string;
  subject?: string;
  messageId: string;
  inReplyTo?: string;
  references?: string;
  /** Headers above all others, in order (e.g. Authentication-Results). */
  top?: string[];
  /** Further headers, e.g. `Auto-Submitted: auto-replied`. */
  headers?: string[];
  text?: string;
  html?: string;
  attachments?: Array<{ name: string; type: string; content: string }>;
};

const BOUNDARY = "frontdesk-test-boundary";

export function rawEmail(mail: RawEmail): string {
  const lines = [
    ...(mail.top ?? []),
    `From: ${mail.from}`,
    `To: ${mail.to}`,
    ...(mail.cc ? [`Cc: ${mail.cc}`] : []),
    `Subject: ${mail.subject ?? "Question"}`,
    `Message-ID: <${mail.messageId}>`,
    ...(mail.inReplyTo ? [`In-Reply-To: <${mail.inReplyTo}>`] : []),
    ...(mail.references ? [`References: ${mail.references}`] : []),
    "Date: Sat, 5 Dec 2026 08:00:00 +0000",
    "MIME-Version: 1.0",
    ...(mail.headers ?? []),
  ];
  const crlf = (text: string) => text.replace(/\r?\n/g, "\r\n");
  const parts: string[] = [];
  if (mail.text !== undefined) parts.push(`Content-Type: text/plain; charset=utf-8\r\n\r\n${crlf(mail.text)}`);
  if (mail.html !== undefined) parts.push(`Content-Type: text/html; charset=utf-8\r\n\r\n${crlf(mail.html)}`);
  for (const file of mail.attachments ?? [])
    parts.push(
      `Content-Type: ${file.type}; name="${file.name}"\r\n` +
        `Content-Disposition: attachment; filename="${file.name}"\r\n` +
        `Content-Transfer-Encoding: base64\r\n\r\n${btoa(file.content)}`,
    );
  if (parts.length === 1) return `${lines.join("\r\n")}\r\n${parts[0]}\r\n`;
  const body = `${parts.map((part) => `--${BOUNDARY}\r\n${part}\r\n`).join("")}--${BOUNDARY}--\r\n`;
  return `${lines.join("\r\n")}\r\nContent-Type: multipart/mixed; boundary="${BOUNDARY}"\r\n\r\n${body}`;
}

export type Delivered = { rejected: string | null };

/** Hands a raw message to the email handler as Email Routing would; what the handler did with it. */
export async function deliverEmail(raw: string, envelope: { from: string; to: string }): Promise<Delivered> {
  const bytes = new TextEncoder().encode(raw);
  const outcome: Delivered = { rejected: null };
  const headerBlock = raw.split("\r\n\r\n")[0] ?? "";
  const headers = new Headers();
  for (const line of headerBlock.split(/\r\n(?![ \t])/)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.append(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  const message = {
    from: envelope.from,
    to: envelope.to,
    headers,
    raw: new Blob([bytes]).stream(),
    rawSize: bytes.length,
    setReject: (reason: string) => {
      outcome.rejected = reason;
    },
    forward: async () => ({ messageId: "forwarded" }),
    reply: async () => ({ messageId: "replied" }),
  } as unknown as ForwardableEmailMessage;
  await receiveEmail(message, env);
  return outcome;
}

/** Deploys the agent on an email address (the admin API); the deployment's id. */
export async function deployEmail(agentId: string, address: string): Promise<string> {
  const response = await adminFetch(`/agents/${agentId}/channels`, {
    method: "POST",
    json: { channel: "email", address },
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/** The conversation a received or sent Message-ID belongs to. */
export async function conversationOfMessage(messageId: string): Promise<string | null> {
  const row = await env.DB.prepare("SELECT conversation_id AS id FROM email_thread_messages WHERE message_id = ?")
    .bind(messageId)
    .first<{ id: string }>();
  return row?.id ?? null;
}

/** A unique Message-ID per test. */
export const newMessageId = (label: string): string => `${label}-${crypto.randomUUID().slice(0, 8)}@mail.example.com`;

/** A reply the Worker sent through the fake Resend provider. */
export type SentMail = {
  from: string;
  to: string[];
  cc?: string[];
  subject: string;
  text: string;
  headers?: Record<string, string>;
};

/** Every mail the fake provider received for `to`, oldest first. */
export async function sentTo(to: string): Promise<SentMail[]> {
  return (await deliveries(EMAIL_PATH))
    .map((delivery) => JSON.parse(delivery.body) as SentMail)
    .filter((mail) => mail.to.includes(to));
}

/** Waits for the `count`-th mail to `to`. */
export async function waitForMail(to: string, count = 1): Promise<SentMail[]> {
  return vi.waitFor(
    async () => {
      const mails = await sentTo(to);
      if (mails.length < count) throw new Error(`${mails.length} of ${count} mails to ${to}`);
      return mails;
    },
    { timeout: 15_000, interval: 100 },
  );
}
