/**
 * An email as the visitor message the conversation stores: for a new thread the subject, a blank
 * line and the body (the subject often is the question); for a reply in a thread the body alone.
 * Attachments are never read, but their names end the text (`[attachments: a.pdf, b.png]`) so
 * staff know to look in their own mailbox. At most MAX_MESSAGE_CHARS: the body is cut first ("…").
 */
import { MAX_MESSAGE_CHARS } from "../../protocol/events";
import type { ParsedEmail } from "./parse";

/** What a message with nothing to read says, so staff still see that it came. */
export const EMPTY_MESSAGE = "(empty message)";

export function visitorText(email: Pick<ParsedEmail, "subject" | "text" | "attachments">, newThread: boolean): string {
  const subject = newThread && email.subject && !email.text.startsWith(email.subject) ? email.subject : "";
  const parts = [subject, email.text].filter(Boolean);
  const names = email.attachments.join(", ");
  const tail = names ? `[attachments: ${names.length > 500 ? `${names.slice(0, 499)}…` : names}]` : "";
  let body = parts.join("\n\n");
  const room = MAX_MESSAGE_CHARS - (tail ? tail.length + 2 : 0);
  if (body.length > room) body = `${body.slice(0, room - 1).trimEnd()}…`;
  const text = [body, tail].filter(Boolean).join("\n\n");
  return text || EMPTY_MESSAGE;
}
