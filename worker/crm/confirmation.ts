/**
 * The visitor's answer to "shall I change it?": yes, no, or neither (they moved on). Only a
 * short reply that starts with a clear yes or no counts; the server, not the model, reads it.
 */

export type Confirmation = "yes" | "no" | null;

const MAX_REPLY_WORDS = 8; // "yes please, go ahead and change it" — longer messages are about something else
const YES =
  /^(yes|yep|yeah|yup|sure|correct|confirm(ed)?|ok(ay)?|please do|go ahead|do it|that's right|that is right|right|absolutely|ja|jo)\b/;
const NO = /^(no|nope|nah|don't|do not|cancel|stop|wrong|never mind|nej|nei|nein)\b/;

export function confirmationOf(message: string): Confirmation {
  const text = message.trim().toLowerCase().replace(/[’]/g, "'");
  if (text.split(/\s+/).length > MAX_REPLY_WORDS) return null;
  if (NO.test(text)) return "no";
  if (YES.test(text)) return "yes";
  return null;
}
