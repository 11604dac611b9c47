/**
 * Whether the agent is on duty at an instant, by its channel's working hours. Hours are local
 * wall-clock times in the schedule's time zone, so DST changes need no special case: 09:00 is
 * 09:00 on both sides of them. An interval whose end is not after its start runs past
 * midnight into the next day ("22:00"–"02:00"); "24:00" ends a day.
 */
import { WEEKDAYS, type WorkingHours } from "./settings";
import { zonedTime } from "./zoned-time";

const MINUTES_PER_DAY = 24 * 60;

const minutes = (clock: string): number => {
  const [hours = "0", mins = "0"] = clock.split(":");
  return Number(hours) * 60 + Number(mins);
};

type Schedule = Extract<WorkingHours, { mode: "specific_hours" | "outside_specific_hours" }>;

/** Whether local `minute` of `weekday` falls inside the schedule's intervals (incl. ones from the day before that run past midnight). */
function withinSchedule(schedule: Schedule, at: number): boolean {
  const local = zonedTime(at, schedule.timeZone);
  const today = WEEKDAYS.indexOf(local.weekday);
  const yesterday = WEEKDAYS[(today + 6) % 7] ?? "sun";
  for (const interval of schedule.days[local.weekday] ?? []) {
    const start = minutes(interval.start);
    const end = minutes(interval.end);
    const spansMidnight = end <= start;
    if (local.minute >= start && (spansMidnight || local.minute < end)) return true;
  }
  for (const interval of schedule.days[yesterday] ?? []) {
    const start = minutes(interval.start);
    const end = minutes(interval.end);
    if (end <= start && end < MINUTES_PER_DAY && local.minute < end) return true;
  }
  return false;
}

export function isOnDuty(hours: WorkingHours, at: number | Date): boolean {
  if (hours.mode === "all_hours") return true;
  const instant = typeof at === "number" ? at : at.getTime();
  const inside = withinSchedule(hours, instant);
  return hours.mode === "specific_hours" ? inside : !inside;
}
