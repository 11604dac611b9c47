/**
 * Property test for working hours (issue 13, section 3): for random schedules (any valid clocks,
 * "24:00", intervals past midnight, several a day) in zones with DST and odd offsets, and random
 * instants, `isOnDuty` matches a straightforward reference: a minute-by-minute map of the local week.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { WEEKDAYS, type WorkingHours, workingHoursSchema } from "./settings";
import { isOnDuty } from "./working-hours";

const RUNS = 300; // fixed and modest: the suite stays fast, and a failure is reproducible from its printed seed
const MINUTES_PER_DAY = 24 * 60;

type Days = Extract<WorkingHours, { days: unknown }>["days"];

/** Every local minute of the week the schedule is open: intervals past midnight spill into the next day. */
function openMinutes(days: Days): boolean[] {
  const week = new Array<boolean>(7 * MINUTES_PER_DAY).fill(false);
  const toMinutes = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3));
  WEEKDAYS.forEach((day, index) => {
    for (const { start, end } of days[day] ?? []) {
      const from = toMinutes(start);
      const to = toMinutes(end);
      const stop = to > from ? to : MINUTES_PER_DAY + to;
      for (let m = from; m < stop; m++) week[(index * MINUTES_PER_DAY + m) % week.length] = true;
    }
  });
  return week;
}

/** Local weekday (0 = Monday) and minute of `at`, read from `toLocaleString` rather than formatToParts. */
function localMinuteOfWeek(at: number, timeZone: string): number {
  const wall = new Date(`${new Date(at).toLocaleString("en-US", { timeZone })} UTC`);
  const weekday = (wall.getUTCDay() + 6) % 7;
  return weekday * MINUTES_PER_DAY + wall.getUTCHours() * 60 + wall.getUTCMinutes();
}

const clock = fc.oneof(
  fc
    .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
    .map(([h, m]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`),
  fc.constantFrom("00:00", "24:00", "02:00", "03:00", "12:00"),
);
const interval = fc
  .tuple(clock, clock)
  .filter(([start, end]) => start !== end)
  .map(([start, end]) => ({ start, end }));
const days: fc.Arbitrary<Days> = fc.dictionary(fc.constantFrom(...WEEKDAYS), fc.array(interval, { maxLength: 3 }));
const zone = fc.constantFrom(
  "UTC",
  "Europe/Copenhagen",
  "America/New_York",
  "Asia/Kolkata",
  "Australia/Lord_Howe",
  "Pacific/Chatham",
  "America/St_Johns",
);
const instant = fc.oneof(
  fc.integer({ min: Date.parse("2026-01-01T00:00:00Z"), max: Date.parse("2027-12-31T00:00:00Z") }),
  // Near the 2026 DST changes in Europe and the US, where local clocks jump.
  fc.integer({ min: Date.parse("2026-03-28T00:00:00Z"), max: Date.parse("2026-03-30T00:00:00Z") }),
  fc.integer({ min: Date.parse("2026-10-31T00:00:00Z"), max: Date.parse("2026-11-02T12:00:00Z") }),
);

describe("working hours (property)", () => {
  it("on duty matches the minute-by-minute reference, in both modes", () => {
    fc.assert(
      fc.property(
        days,
        zone,
        instant,
        fc.constantFrom("specific_hours", "outside_specific_hours"),
        (d, tz, t, mode) => {
          const hours: WorkingHours = { mode, timeZone: tz, days: d };
          expect(workingHoursSchema.safeParse(hours).success).toBe(true);
          const open = openMinutes(d)[localMinuteOfWeek(t, tz)] ?? false;
          expect(isOnDuty(hours, t)).toBe(mode === "specific_hours" ? open : !open);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
