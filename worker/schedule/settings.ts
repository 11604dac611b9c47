/**
 * The working-hours part of a channel's settings and the agent's time zone, as zod schemas: opening
 * intervals per weekday in local wall-clock time, and IANA time-zone names.
 */
import { z } from "zod";

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const MAX_INTERVALS_PER_DAY = 6; // split shifts, not minute-by-minute schedules

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
