/**
 * The agent-wide handoff rules (`settings.handoff`): immediate or keep answering, after how many
 * unanswerable questions, trigger phrases, routing, the expected response time, the visitor's
 * lines and the webhook — as zod schemas (the admin API validates with them) and their defaults.
 */
import { z } from "zod";
import { parsedOnce } from "../lib/frozen";

const MAX_TRIGGER_PHRASES = 50; // matched on every message; a short list of words that matter
const MAX_PHRASE_CHARS = 80;
const MAX_HANDOFF_MESSAGE_CHARS = 500; // one chat bubble
const MAX_ABSTENTIONS = 10;

const message = z.string().trim().min(1).max(MAX_HANDOFF_MESSAGE_CHARS);

/** What the visitor sees at each step of a handoff; every one has a default. */
export const handoffMessagesSchema = z.strictObject({
  handingOff: message.optional(),
  staffJoined: message.optional(),
  noStaffAvailable: message.optional(),
  offDuty: message.optional(),
  handedBack: message.optional(),
  closed: message.optional(),
});
export type HandoffMessages = z.infer<typeof handoffMessagesSchema>;

export const routingSchema = z.discriminatedUnion("type", [
  /** Round robin among the available members of a team. */
  z.strictObject({ type: z.literal("team"), teamId: z.string().min(1).max(64) }),
  /** One staff member (when available; otherwise the fallback). */
  z.strictObject({ type: z.literal("staff"), staffId: z.string().min(1).max(64) }),
  /** Round robin among all available staff. */
  z.strictObject({ type: z.literal("round_robin") }),
]);
export type Routing = z.infer<typeof routingSchema>;

export const handoffSettingsSchema = z.strictObject({
  /** `immediate`: the agent stops answering; `keep_answering`: it answers until a person joins. */
  mode: z.enum(["immediate", "keep_answering"]).default("immediate"),
  /** Hand off after this many unanswerable questions in a conversation; 0: never for that reason. */
  afterAbstentions: z.number().int().min(0).max(MAX_ABSTENTIONS).default(2),
  triggerPhrases: z.array(z.string().trim().min(2).max(MAX_PHRASE_CHARS)).max(MAX_TRIGGER_PHRASES).default([]),
  routing: routingSchema.default({ type: "round_robin" }),
  /** Told to the visitor when nobody is available ("within one business day"). */
  expectedResponse: z.string().trim().min(1).max(120).default("within one business day"),
  messages: handoffMessagesSchema.default({}),
  /** Signed POST on every handoff; must be a public http(s) URL (the admin route checks the address with the fetch guard's policy). */
  webhookUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullable()
    .default(null),
});
export type HandoffSettings = z.infer<typeof handoffSettingsSchema>;

/** The handoff settings in an agent's settings, parsed once per published (frozen) settings object: every message reads them. */
const keptHandoffSettings = parsedOnce((settings): HandoffSettings => {
  const parsed = handoffSettingsSchema.safeParse((settings as { handoff?: unknown } | undefined)?.handoff ?? {});
  return parsed.success ? parsed.data : handoffSettingsSchema.parse({});
});

/** An agent's handoff settings, defaults filled in (shared by every turn of a published version: read them, never change them). */
export function handoffSettings(settings: { handoff?: unknown } | undefined): HandoffSettings {
  return keptHandoffSettings(settings);
}
