/**
 * The lifecycle part of an agent's configuration — per-channel email capture, inactivity and
 * working hours, and the agent-wide handoff rules — as zod schemas (the admin API validates
 * with them) and the defaults the runtime falls back to.
 */
import { z } from "zod";

export const EMAIL_CAPTURE = ["never", "before_first_answer", "after_first_answer", "on_handoff"] as const;
export type EmailCapture = (typeof EMAIL_CAPTURE)[number];

/** The inactivity periods a channel may choose (minutes): 5, 10, 30 min, 1, 4, 12, 24 h. */
export const INACTIVITY_MINUTES = [5, 10, 30, 60, 240, 720, 1440] as const;

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const MAX_INTERVALS_PER_DAY = 6; // split shifts, not minute-by-minute schedules
const MAX_TRIGGER_PHRASES = 50; // matched on every message; a short list of words that matter
const MAX_PHRASE_CHARS = 80;
const MAX_HANDOFF_MESSAGE_CHARS = 500; // one chat bubble
const MAX_ABSTENTIONS = 10;

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "Use HH:MM (00:00 to 24:00)");

/** One opening interval on a day; `end` before `start` runs past midnight into the next day. */
export const intervalSchema = z
  .strictObject({ start: clock, end: clock })
  .refine((i) => i.start !== i.end, { message: "An interval cannot start and end at the same time", path: ["end"] });

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const timeZoneSchema = z
  .string()
  .refine(isTimeZone, { message: "Unknown time zone (use an IANA name like Europe/Copenhagen)" });

export const workingHoursSchema = z.discriminatedUnion("mode", [
  z.strictObject({ mode: z.literal("all_hours") }),
  z.strictObject({
    mode: z.enum(["specific_hours", "outside_specific_hours"]),
    timeZone: timeZoneSchema,
    days: z.partialRecord(z.enum(WEEKDAYS), z.array(intervalSchema).max(MAX_INTERVALS_PER_DAY)),
  }),
]);
export type WorkingHours = z.infer<typeof workingHoursSchema>;

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

export const LIVE_CHAT = "live_chat";

export const channelsSchema = z.strictObject({
  live_chat: channelSettingsSchema.default(channelSettingsSchema.parse({})),
});

/** Defaults for an agent saved before these settings existed. */
export function channelSettings(settings: { channels?: unknown } | undefined, channel: string): ChannelSettings {
  const all = channelsSchema.safeParse(settings?.channels ?? {});
  const chosen = all.success ? (all.data as Record<string, ChannelSettings>)[channel] : undefined;
  return chosen ?? channelSettingsSchema.parse({});
}

export function handoffSettings(settings: { handoff?: unknown } | undefined): HandoffSettings {
  const parsed = handoffSettingsSchema.safeParse(settings?.handoff ?? {});
  return parsed.success ? parsed.data : handoffSettingsSchema.parse({});
}
