/**
 * The per-channel lifecycle settings of an agent — email capture, inactivity and working hours,
 * under `settings.channels.<channel>` — as zod schemas (the admin API validates with them) and the
 * defaults the runtime falls back to.
 */
import { z } from "zod";
import { LIVE_CHAT } from "../protocol/channels";
import { workingHoursSchema } from "../schedule/settings";

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

export const channelsSchema = z.strictObject({
  [LIVE_CHAT]: channelSettingsSchema.default(channelSettingsSchema.parse({})),
});

/** Defaults for an agent saved before these settings existed. */
export function channelSettings(settings: { channels?: unknown } | undefined, channel: string): ChannelSettings {
  const all = channelsSchema.safeParse(settings?.channels ?? {});
  const chosen = all.success ? (all.data as Record<string, ChannelSettings>)[channel] : undefined;
  return chosen ?? channelSettingsSchema.parse({});
}
