/**
 * How the offline model handles contact data, deterministically: it recognises a property in
 * the visitor's message by its label, name or synonyms, tells a question from a change ("change
 * my billing address to …"), and calls the CRM tools; once a tool has answered, it words the
 * result. When a change names no new value it asks for one, and takes the visitor's next message
 * as the value. English only (the lines below), like the lifecycle messages.
 */
import type { CrmPromptProperty, CrmToolResult } from "../../crm/session";
import { LOOKUP_TOOL, UPDATE_TOOL } from "../crm-tools";

export type CrmIntent = { tool: typeof LOOKUP_TOOL; input: { property: string } } | { tool: typeof UPDATE_TOOL; input: { property: string; value: string } } | { ask: string };

const CHANGE_WORDS = /\b(change|changed|update|updated|correct|set|replace|edit|fix|moved|new)\b/i;
/** What introduces the new value: "… to 12 Main St", "… is now 12 Main St", "…: 12 Main St". */
const VALUE_AFTER = /(?:\bto\b|\bis now\b|\bshould be\b|\bwill be\b|:)\s*(.+)$/is;

/** Lower case with underscores as spaces; the same length as `text`, so positions carry over. */
const normalise = (text: string): string => text.toLowerCase().replace(/_/g, " ");
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The line that asks for a new value; recognised again in the next turn. */
export const askValueLine = (label: string): string => `What should your new ${label.toLowerCase()} be?`;

/** Below this many words a name must appear as a whole phrase: "first name" must not match "the first thing to name". */
const MIN_WORDS_IN_ANY_ORDER = 3;

/** Where `phrase` ends in `text`: as a whole phrase, or (for longer names) with all its words present in any order, ranked lower. */
function phraseEnd(text: string, phrase: string): { end: number; weight: number } | null {
  const whole = (words: string) => new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(words).replace(/ +/g, "\\s+")}(?![\\p{L}\\p{N}])`, "u").exec(text);
  const exact = whole(phrase);
  if (exact) return { end: exact.index + exact[0].length, weight: phrase.length * 2 };
  const words = phrase.split(" ");
  if (words.length < MIN_WORDS_IN_ANY_ORDER) return null;
  let end = 0;
  for (const word of words) {
    const found = whole(word);
    if (!found) return null;
    end = Math.max(end, found.index + found[0].length);
  }
  return { end, weight: phrase.length };
}

/** The property the message talks about (the longest name found in it), and where that name ends. */
function mentionedProperty(message: string, properties: readonly CrmPromptProperty[]): { property: CrmPromptProperty; end: number } | null {
  const text = normalise(message);
  let best: { property: CrmPromptProperty; end: number; weight: number } | null = null;
  for (const property of properties) {
    for (const name of [property.label, property.name, ...property.synonyms]) {
      const phrase = normalise(name).replace(/\s+/g, " ").trim();
      const found = phrase ? phraseEnd(text, phrase) : null;
      if (found && (!best || found.weight > best.weight)) best = { property, ...found };
    }
  }
  return best ? { property: best.property, end: best.end } : null;
}

function newValue(message: string, end: number): string | null {
  const match = VALUE_AFTER.exec(message.slice(end));
  const value = match?.[1]?.trim().replace(/^["'“]|["'”.!]+$/g, "").trim();
  return value ? value : null;
}

/** What the offline model does with the visitor's message about contact data, or null when it is not about any. */
export function crmIntent(message: string, previousReply: string | null, properties: readonly CrmPromptProperty[]): CrmIntent | null {
  const awaited = properties.find((p) => p.edit && previousReply?.trim() === askValueLine(p.label));
  if (awaited) return { tool: UPDATE_TOOL, input: { property: awaited.name, value: message.trim() } };
  const mention = mentionedProperty(message, properties);
  if (!mention) return null;
  const { property } = mention;
  if (CHANGE_WORDS.test(message)) {
    const value = newValue(message, mention.end);
    if (value) return { tool: UPDATE_TOOL, input: { property: property.name, value } };
    if (property.edit) return { ask: askValueLine(property.label) };
  }
  return { tool: LOOKUP_TOOL, input: { property: property.name } };
}

/** The reply to a CRM tool's result. */
export function crmReply(result: CrmToolResult): string {
  switch (result.status) {
    case "ok":
      return `Your ${result.label.toLowerCase()} on file is: ${result.value}`;
    case "no_value":
      return `I don't have a ${result.label.toLowerCase()} on file for you.`;
    case "email_needed":
      return `I can help with your ${result.label.toLowerCase()}, but first I need to check it's you. What is the email address on your account?`;
    case "verification_sent":
      return `To keep your details safe, I've sent a verification link to ${result.email}. Open it and I'll continue here straight away.`;
    case "verification_unavailable":
      return result.reason === "rate_limited"
        ? "I've sent several verification links already. Please use the latest one, or try again in a few minutes."
        : "I couldn't send the verification email just now, so I can't share or change account details yet. Please try again later, or ask for a person.";
    case "confirmation_required":
      return `Just to confirm: shall I change your ${result.label.toLowerCase()} to "${result.value}"? Please answer yes or no.`;
    case "invalid_value":
      return `That doesn't look right for your ${result.label.toLowerCase()}: ${result.error}. Could you send it again?`;
    case "not_allowed":
      return `I'm not able to do that with your ${result.label.toLowerCase()} here. I can connect you with a person from our team if you like.`;
    case "unknown_property":
      return "I can't find that detail in your account.";
  }
}
