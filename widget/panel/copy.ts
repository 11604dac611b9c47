/**
 * Every sentence the panel shows a visitor, in one place: the polite wording for server error
 * codes, connection states and labels. A future translation replaces this file.
 */
import { MAX_MESSAGE_CHARS } from "../../worker/protocol/events";

export const COPY = {
  loading: "Loading chat…",
  unavailable: "Chat is unavailable right now. Please try again in a moment.",
  notOnThisSite: "This chat is not available on this site.",
  retry: "Try again",
  reconnecting: "Reconnecting…",
  poweredByAi: "Powered by AI",
  close: "Close chat",
  inputLabel: "Your message",
  placeholder: "Type your message…",
  send: "Send",
  sending: "Sending…",
  notSent: "Not sent",
  typing: "Typing…",
  sources: "Sources",
  codeBlock: "Code",
  conversation: "Conversation",
  answeredBy: (name: string): string => `${name} is answering`,
  closed: "This conversation has ended.",
  verified: (email: string): string => `Verified as ${email}`,
  newConversation: "Start a new conversation",
  helpful: "Helpful",
  notHelpful: "Not helpful",
  rate: "How was this conversation?",
  thanks: "Thanks for your feedback.",
  tooLong: (chars: number): string =>
    `${chars.toLocaleString()} / ${MAX_MESSAGE_CHARS.toLocaleString()} characters — please shorten your message.`,
} as const;

/** Visitor-facing wording for `error` events and `turn_error` codes; unknown codes get a generic apology. */
const ERROR_COPY: Record<string, string> = {
  message_too_long: `That message is too long. Please keep it under ${MAX_MESSAGE_CHARS.toLocaleString()} characters.`,
  message_empty: "That message was empty, so it was not sent.",
  frame_too_large: "That message is too large to send.",
  conversation_closed: "This conversation has ended. Start a new one to keep chatting.",
  rate_limited: "You are sending messages quickly. Please wait a moment and try again.",
  conversation_full: "This conversation is too long to continue. Please start a new one.",
  turn_abandoned: "Sorry, I could not answer that message, so I am passing it to our team.",
};
const GENERIC_ERROR = "Sorry, something went wrong. Please try again.";
const TURN_ERROR = "Sorry, I could not answer that just now. Please try again.";

/** What to tell the visitor when the server refused a frame. */
export const politeError = (code: string): string => ERROR_COPY[code] ?? GENERIC_ERROR;

/** What to tell the visitor when the agent failed to answer a turn. */
export const politeTurnError = (code: string): string => ERROR_COPY[code] ?? TURN_ERROR;
