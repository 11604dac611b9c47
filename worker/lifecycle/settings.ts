/**
 * The per-channel behaviour settings of an agent — email capture, inactivity and working hours for
 * every channel, plus the email channel's signature, reply mode and ignore list — under
 * `settings.channels.<channel>`, as zod schemas (the admin API validates with them) and the
 * defaults the runtime falls back to. Which addresses an agent is deployed to is not here: that is
 * a live control (channel deployments), not versioned configuration.
 */
import { z } from "zod";
import { CUSTOM, EMAIL, LIVE_CHAT, MESSENGER, WHATSAPP } from "../protocol/channels";
import { workingHoursSchema } from "../schedule/settings";
import { parsedOnce } from "../lib/frozen";

export const EMAIL_CAPTURE = ["never", "before_first_answer", "after_first_answer", "on_handoff"] as const;
export type EmailCapture = (typeof EMAIL_CAPTURE)[number];

/** The inactivity periods a channel may choose (minutes): 5, 10, 30 min, 1, 4, 12, 24 h. */
export const INACTIVITY_MINUTES = [5, 10, 30, 60, 240, 720, 1440] as const;

export const channelSettingsSchema = z.strictObject({
  emailCapture: z.enum(EMAIL_CAPTURE).default("never"),
  /** Minutes of silence after which the conversation closes; null: never. */
  inactivityMinutes: z
    .number()
    .int()
    .refine((m) => (INACTIVITY_MINUTES as readonly number[]).includes(m), {
      message: `One of ${INACTIVITY_MINUTES.join(", ")} minutes`,
    })
    .nullable()
    .default(30),
  workingHours: workingHoursSchema.default({ mode: "all_hours" }),
});
export type ChannelSettings = z.infer<typeof channelSettingsSchema>;

/** Messaging and mail threads go quiet for hours between replies: they close after a day by default. */
const DAY_MINUTES = 1440;
const MAX_SIGNATURE_CHARS = 1_000;
const MAX_IGNORED = 500;

/** An address (`someone@example.com`) or a whole domain (`example.com`, `@example.com`), lower-cased. */
const ignoredSender = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^(?:[^\s@]+@)?@?[a-z0-9-]+(?:\.[a-z0-9-]+)+$/,
    "An email address or a domain, e.g. billing@example.com or example.com",
  );

export const REPLY_MODES = ["sender", "all"] as const;
export type ReplyMode = (typeof REPLY_MODES)[number];

export const emailChannelSettingsSchema = channelSettingsSchema.extend({
  inactivityMinutes: channelSettingsSchema.shape.inactivityMinutes.unwrap().unwrap().nullable().default(DAY_MINUTES),
  /** Appended to every reply the agent or a person sends by email (plain text). */
  signature: z.string().max(MAX_SIGNATURE_CHARS).default(""),
  /** Replies go to the sender only, or to everyone on the thread (To and Cc, minus our own addresses). */
  replyMode: z.enum(REPLY_MODES).default("sender"),
  /** Senders the agent never answers: their mail goes straight to a person. */
  ignoreList: z.array(ignoredSender).max(MAX_IGNORED).default([]),
});
export type EmailChannelSettings = z.infer<typeof emailChannelSettingsSchema>;

const messagingSettingsSchema = channelSettingsSchema.extend({
  inactivityMinutes: channelSettingsSchema.shape.inactivityMinutes.unwrap().unwrap().nullable().default(DAY_MINUTES),
});

const SCHEMAS = {
  [LIVE_CHAT]: channelSettingsSchema,
  [EMAIL]: emailChannelSettingsSchema,
  [WHATSAPP]: messagingSettingsSchema,
  [MESSENGER]: messagingSettingsSchema,
  [CUSTOM]: messagingSettingsSchema,
} as const;

export const channelsSchema = z.strictObject({
  [LIVE_CHAT]: SCHEMAS[LIVE_CHAT].default(SCHEMAS[LIVE_CHAT].parse({})),
  [EMAIL]: SCHEMAS[EMAIL].default(SCHEMAS[EMAIL].parse({})),
  [WHATSAPP]: SCHEMAS[WHATSAPP].default(SCHEMAS[WHATSAPP].parse({})),
  [MESSENGER]: SCHEMAS[MESSENGER].default(SCHEMAS[MESSENGER].parse({})),
  [CUSTOM]: SCHEMAS[CUSTOM].default(SCHEMAS[CUSTOM].parse({})),
});

/** Defaults for an agent saved before these settings existed. */
export function channelSettings(settings: { channels?: unknown } | undefined, channel: string): ChannelSettings {
  const chosen = (keptChannels(settings) as Record<string, ChannelSettings> | null)?.[channel];
  if (chosen) return chosen;
  const schema = (SCHEMAS as Record<string, typeof channelSettingsSchema>)[channel] ?? channelSettingsSchema;
  return schema.parse({});
}

/**
 * Every channel's settings in an agent's settings, defaults filled in — parsed once per published (frozen)
 * settings object, since every message reads them; null when they do not parse (each channel's defaults then).
 */
const keptChannels = parsedOnce((settings): z.infer<typeof channelsSchema> | null => {
  const all = channelsSchema.safeParse((settings as { channels?: unknown } | undefined)?.channels ?? {});
  return all.success ? all.data : null;
});

/** The email channel's settings, with their defaults. */
export function emailChannelSettings(settings: { channels?: unknown } | undefined): EmailChannelSettings {
  return keptChannels(settings)?.[EMAIL] ?? emailChannelSettingsSchema.parse({});
}
