/**
 * The agent's guidelines, one validated document in `settings.guidelines`: response style
 * (length, formatting, emoji), scripts for recurring situations, how to treat frustrated
 * visitors, free-form instructions, and topics to avoid. Stored settings are read back through
 * the same schema, so every later step works with complete, typed guidelines.
 */
import { z } from "zod";
import { parsedOnce } from "../lib/frozen";
import { matchSituation } from "./situation-match";
import { avoidedTopicSchema, keywordsSchema } from "./topics";

const MAX_TOPICS = 30; // each topic is checked on every message
const MAX_SCRIPTS = 30; // each script is checked on every message and listed in every prompt
const MAX_INSTRUCTIONS = 20; // instructions go into every prompt: a page at most
const MAX_INSTRUCTION_CHARS = 300;
const MAX_SCRIPT_CHARS = 1000; // a reply a person would say, not an article

/** One line of admin text in a prompt: newlines folded so it cannot start a line of its own. */
const promptLine = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .transform((text) => text.replace(/\s*[\r\n]+\s*/g, " "));

export const responseStyleSchema = z.strictObject({
  /** short: a sentence or two; medium: a short paragraph; detailed: several paragraphs when needed. */
  length: z.enum(["short", "medium", "detailed"]).default("medium"),
  /** markdown: lists, bold and links; plain: plain sentences only (e.g. for SMS-like channels). */
  formatting: z.enum(["markdown", "plain"]).default("markdown"),
  /** never: emoji are removed from answers; sometimes: an occasional emoji fits the tone. */
  emoji: z.enum(["never", "sometimes"]).default("never"),
});
export type ResponseStyle = z.infer<typeof responseStyleSchema>;

export const scriptSchema = z
  .strictObject({
    situation: z.string().trim().min(2).max(80),
    description: z.string().trim().max(500).default(""),
    keywords: keywordsSchema,
    /** What to say in that situation (the offline model says it as written). */
    reply: z.string().trim().min(1).max(MAX_SCRIPT_CHARS),
  })
  .refine((s) => s.keywords.length > 0 || s.description.length > 0, {
    message: "Give keywords or a description to recognise the situation",
    path: ["keywords"],
  });
export type Script = z.infer<typeof scriptSchema>;

export const FRUSTRATION_HANDLINGS = ["acknowledge", "offer_handoff", "handoff"] as const;
export type FrustrationHandling = (typeof FRUSTRATION_HANDLINGS)[number];

export const frustratedVisitorsSchema = z.strictObject({
  /** acknowledge: say sorry first, then answer; offer_handoff: also offer a person; handoff: bring in a person at once. */
  handling: z.enum(FRUSTRATION_HANDLINGS).default("acknowledge"),
  instructions: promptLine(MAX_INSTRUCTION_CHARS).optional(),
});

export const guidelinesSchema = z.strictObject({
  responseStyle: responseStyleSchema.default({ length: "medium", formatting: "markdown", emoji: "never" }),
  scripts: z.array(scriptSchema).max(MAX_SCRIPTS).default([]),
  frustratedVisitors: frustratedVisitorsSchema.default({ handling: "acknowledge" }),
  instructions: z.array(promptLine(MAX_INSTRUCTION_CHARS)).max(MAX_INSTRUCTIONS).default([]),
  topicsToAvoid: z.array(avoidedTopicSchema).max(MAX_TOPICS).default([]),
});
export type Guidelines = z.infer<typeof guidelinesSchema>;

const DEFAULT_GUIDELINES: Guidelines = guidelinesSchema.parse({});

/**
 * The complete guidelines of an agent's settings (the defaults when unset or unreadable), parsed once per
 * published (frozen) settings object: every turn reads them. Shared read-only by every turn of that version.
 */
export const guidelinesOf: (settings: { guidelines?: unknown } | undefined) => Guidelines = parsedOnce((settings) => {
  const parsed = guidelinesSchema.safeParse((settings as { guidelines?: unknown } | undefined)?.guidelines ?? {});
  return parsed.success ? parsed.data : DEFAULT_GUIDELINES;
});

/** The script for the situation the message is in, or null. */
export function matchScript(message: string, scripts: readonly Script[]): Script | null {
  return matchSituation(message, scripts, (s) => ({
    name: s.situation,
    keywords: s.keywords,
    description: s.description,
  }));
}
