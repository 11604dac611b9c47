/** The headers an outgoing message adds to From, To and Subject: threading headers, then its own (line breaks removed). */
import type { OutgoingEmail } from "./sender";

export function extraHeaders(message: OutgoingEmail): Record<string, string> {
  const headers: Record<string, string> = {};
  if (message.messageId) headers["Message-ID"] = message.messageId;
  if (message.inReplyTo) headers["In-Reply-To"] = message.inReplyTo;
  if (message.references?.length) headers.References = message.references.join(" ");
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    const clean = name.replace(/[^A-Za-z0-9-]/g, "");
    if (clean) headers[clean] = value.replace(/[\r\n]+/g, " ");
  }
  return headers;
}
