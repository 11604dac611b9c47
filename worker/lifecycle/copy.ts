/**
 * What the visitor reads at each lifecycle step, with the admin's handoff messages taking the
 * place of the defaults. `{name}`, `{agent}`, `{email}`, `{expected}`, `{label}` and `{value}` are filled in.
 * The defaults are said in the conversation's language where they exist in it (copy-locales.ts).
 */
import type { Language } from "../knowledge/text";
import type { SystemMessageKind } from "../protocol/events";
import type { HandoffMessages } from "../handoff/settings";
import { COPY_LOCALES, type LocaleCopy } from "./copy-locales";

const DEFAULTS: Record<SystemMessageKind, string> = {
  email_request: "Could you share your email address, so we can follow up if we need to?",
  email_invalid: "That does not look like a complete email address. Could you check it and send it again?",
  email_saved: "Thanks! We will use {email} if we need to follow up.",
  handoff: "I am bringing in a person from our team. They will join this conversation shortly.",
  staff_joined: "{name} joined the conversation.",
  no_staff: "Nobody from our team is available right now. We will get back to you {expected}.",
  off_duty: "Our team will answer your message {expected}.",
  handed_back: "You are back with {agent}, our AI agent.",
  closed: "This conversation has been closed. You can start a new one at any time.",
  change_confirm: 'Change {label} to "{value}"? Reply yes or no.',
  change_saved: "Done: your {label} is now {value}.",
  change_cancelled: "All right, I have left your {label} as it was.",
  change_failed: "Sorry, I could not save your {label}. Nothing was changed; please try again later.",
  action_input: "What is your {label}?{value}",
  action_input_invalid: "{value} Could you send your {label} again?",
  action_identity: "To do that I first need to confirm who you are. What is the email address on your account?",
  action_confirm: "Shall I go ahead and {label} ({value})? Reply yes or no.",
  action_cancelled: "All right, I have not done it.",
  action_result: "{value}",
  action_failed:
    "Sorry, I could not do that just now: {value} If you would like, ask for a person and someone from our team will help.",
  goal_question: "{value}",
  goal_meeting: "Thanks! You can book a time with our team here: {value}",
  goal_done: "Thanks, that helps! Is there anything else I can help you with?",
  text_only:
    "Thanks for sending that! I can only read text messages, though. Could you tell me in words what you need?",
};

/** Asked before the first answer: the question waits until the address is in. */
export const EMAIL_BEFORE_ANSWER =
  "Before I answer, could you share your email address, so we can follow up if we need to?";

/** The server's own wordings passed as templates, by their key in the other languages' copy. */
const SERVER_TEMPLATES = new Map<string, keyof LocaleCopy>([[EMAIL_BEFORE_ANSWER, "email_before_answer"]]);

/** Whether the lifecycle lines exist in `language` (English always does). */
export const isCopyLanguage = (language: string): language is Language =>
  language === "en" || Object.hasOwn(COPY_LOCALES, language);

/** The settings key of the admin's override for each kind, where one exists. */
const OVERRIDES: Partial<Record<SystemMessageKind, keyof HandoffMessages>> = {
  handoff: "handingOff",
  staff_joined: "staffJoined",
  no_staff: "noStaffAvailable",
  off_duty: "offDuty",
  handed_back: "handedBack",
  closed: "closed",
};

export type CopyValues = {
  name?: string;
  agent?: string;
  email?: string;
  expected?: string;
  label?: string;
  value?: string;
};

/**
 * The line for `kind`: an explicit template, else the admin's message, else `fallback` (the personality's,
 * English only), else the default — in `language` where the server's wording exists in it.
 */
export function lifecycleText(
  kind: SystemMessageKind,
  messages: HandoffMessages,
  values: CopyValues = {},
  template?: string,
  fallback?: string | null,
  language: Language = "en",
): string {
  const key = OVERRIDES[kind];
  const admin = key ? messages[key] : undefined;
  const locale = language === "en" ? null : COPY_LOCALES[language];
  const server = template === undefined ? undefined : SERVER_TEMPLATES.get(template);
  const chosen = locale
    ? ((server ? locale[server] : template) ?? admin ?? locale[kind])
    : (template ?? admin ?? fallback ?? DEFAULTS[kind]);
  return chosen.replace(
    /\{(name|agent|email|expected|label|value)\}/g,
    (_, field: keyof CopyValues) => values[field] ?? "",
  );
}
