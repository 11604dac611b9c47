/**
 * Wall-clock time in an IANA time zone, with Intl only: the local date, weekday and minute of
 * an instant, and the instant a local date starts. Working hours and credit periods are both
 * defined in local time, so DST shifts are handled here once.
 */
import type { Weekday } from "./settings";

export type ZonedTime = { year: number; month: number; day: number; weekday: Weekday; minute: number };

const WEEKDAY_BY_NAME: Record<string, Weekday> = {
  Mon: "mon",
  Tue: "tue",
  Wed: "wed",
  Thu: "thu",
  Fri: "fri",
  Sat: "sat",
  Sun: "sun",
};
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      weekday: "short",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** The local date and time of `at` in `timeZone` (minute = minutes since local midnight). */
export function zonedTime(at: number, timeZone: string): ZonedTime {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(at))
      .map((p) => [p.type, p.value]),
  );
  const weekday = WEEKDAY_BY_NAME[parts.weekday ?? ""];
  if (!weekday) throw new Error(`no weekday for ${at} in ${timeZone}`);
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    weekday,
    minute: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

/** How far local time in `timeZone` is ahead of UTC at `at`, in ms. */
function offsetAt(at: number, timeZone: string): number {
  const local = zonedTime(at, timeZone);
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, 0, local.minute);
  return asUtc - (at - (at % 60_000));
}

/** The instant local date `year-month-day` starts in `timeZone` (month 1–12; overflowing days roll over). */
export function startOfZonedDay(year: number, month: number, day: number, timeZone: string): number {
  const wall = Date.UTC(year, month - 1, day);
  // A second pass settles the offset when the first guess lands on the other side of a DST change.
  const guess = wall - offsetAt(wall, timeZone);
  return wall - offsetAt(guess, timeZone);
}
