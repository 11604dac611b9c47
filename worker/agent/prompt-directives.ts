/**
 * The machine-readable lines of a system prompt: personality, reply language, response style,
 * the visitor's mood, the script that fits the message, and the admin's own phrasing. The prompt
 * builder writes them; the offline model reads them back (the way a model reads its prompt), so
 * every choice an admin makes is visible offline too (the contact properties it may use included). Only whole lines outside the quoted
 * knowledge count: a knowledge line always starts with "> " and cannot pass for one.
 */
import { z } from "zod";
import { PERSONALITIES, type Personality } from "../db/agents";
import type { CrmPromptProperty } from "../crm/session";
import {
  FRUSTRATION_HANDLINGS,
  responseStyleSchema,
  type FrustrationHandling,
  type ResponseStyle,
} from "../behaviour/guidelines";

/** The admin's wording for the offline model's stock lines (and examples of the voice for generative models). */
export const phrasesSchema = z.strictObject({
  lead: z.string().trim().max(120).optional(),
  acknowledge: z.string().trim().min(1).max(300).optional(),
  abstain: z.string().trim().min(1).max(300).optional(),
  offerHandoff: z.string().trim().min(1).max(300).optional(),
});
export type Phrases = z.infer<typeof phrasesSchema>;

export type Directives = {
  personality: Personality;
  /** The reply language: a primary language subtag ("da"). */
  language: string;
  style: ResponseStyle;
  /** How to treat the visitor, set only when the current message sounds frustrated. */
  frustration: FrustrationHandling | null;
  /** The script for the situation the current message is in. */
  script: { situation: string; reply: string } | null;
  phrases: Phrases;
  /** The contact properties the agent may use (names, labels, synonyms, what is allowed; never values). */
  crm: CrmDirectiveProperty[];
};

export type CrmDirectiveProperty = Omit<CrmPromptProperty, "instructions">;
const crmDirectiveSchema = z.array(
  z.object({
    name: z.string(),
    label: z.string(),
    synonyms: z.array(z.string()),
    read: z.boolean(),
    edit: z.boolean(),
  }),
);

export const DEFAULT_DIRECTIVES: Directives = {
  personality: "friendly",
  language: "en",
  style: responseStyleSchema.parse({}),
  frustration: null,
  script: null,
  phrases: {},
  crm: [],
};

const scriptSchema = z.strictObject({ situation: z.string(), reply: z.string() });

/** The fields of each contact property the model is shown, in this order. */
const contactProperties = (crm: Directives["crm"]) =>
  crm.map(({ name, label, synonyms, read, edit }) => ({ name, label, synonyms, read, edit }));

/** The directive lines for `d`, in a fixed order. JSON values keep any newline inside one line. */
export function renderDirectives(d: Directives): string[] {
  return [
    `Personality: ${d.personality}`,
    `Reply language: ${d.language}`,
    `Answer length: ${d.style.length}`,
    `Formatting: ${d.style.formatting}`,
    `Emoji: ${d.style.emoji}`,
    ...(d.frustration ? [`Frustrated visitor: ${d.frustration}`] : []),
    ...(d.script ? [`Matched script: ${JSON.stringify(d.script)}`] : []),
    ...(Object.keys(d.phrases).length > 0 ? [`Phrases: ${JSON.stringify(d.phrases)}`] : []),
    ...(d.crm.length > 0 ? [`Contact properties: ${JSON.stringify(contactProperties(d.crm))}`] : []),
  ];
}

function line(system: string, name: string): string | null {
  const match = new RegExp(`^${name}: (.+)$`, "m").exec(system);
  return match?.[1]?.trim() ?? null;
}

function oneOf<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return value && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

function json<T>(value: string | null, schema: z.ZodType<T>): T | null {
  if (!value) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The directives of a system prompt; anything missing or malformed takes its default. */
export function parseDirectives(system: string): Directives {
  const d = DEFAULT_DIRECTIVES;
  const language = line(system, "Reply language");
  return {
    personality: oneOf(line(system, "Personality"), PERSONALITIES, d.personality),
    language: language && /^[a-z]{2,3}$/.test(language) ? language : d.language,
    style: {
      length: oneOf(line(system, "Answer length"), ["short", "medium", "detailed"] as const, d.style.length),
      formatting: oneOf(line(system, "Formatting"), ["markdown", "plain"] as const, d.style.formatting),
      emoji: oneOf(line(system, "Emoji"), ["never", "sometimes"] as const, d.style.emoji),
    },
    frustration:
      (line(system, "Frustrated visitor") &&
        oneOf(line(system, "Frustrated visitor"), FRUSTRATION_HANDLINGS, "acknowledge")) ||
      null,
    script: json(line(system, "Matched script"), scriptSchema),
    phrases: json(line(system, "Phrases"), phrasesSchema) ?? {},
    crm: json(line(system, "Contact properties"), crmDirectiveSchema) ?? [],
  };
}
