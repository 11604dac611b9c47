/** Working hours with fixed clocks: each mode, split days, midnight-spanning intervals and DST changes. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { WorkingHours } from "./settings";
import { isOnDuty } from "./working-hours";

const at = (iso: string) => Date.parse(iso);
const copenhagen = (
  days: Extract<WorkingHours, { days: unknown }>["days"],
  mode: "specific_hours" | "outside_specific_hours" = "specific_hours",
): WorkingHours => ({ mode, timeZone: "Europe/Copenhagen", days });
const newYork = (days: Extract<WorkingHours, { days: unknown }>["days"]): WorkingHours => ({
  mode: "specific_hours",
  timeZone: "America/New_York",
  days,
});

describe("working hours", () => {
  it("all_hours is always on duty", () => {
    expect(isOnDuty({ mode: "all_hours" }, at("2026-12-25T03:00:00Z"))).toBe(true);
  });

  it("specific_hours: inside the local intervals only, several per day, no hours on other days", () => {
    const hours = copenhagen({
      mon: [
        { start: "09:00", end: "12:00" },
        { start: "13:00", end: "17:00" },
      ],
    });
    // Monday 2026-11-23; Copenhagen is UTC+1 in November.
    expect(isOnDuty(hours, at("2026-11-23T08:00:00Z"))).toBe(true); // 09:00 local: start is inclusive
    expect(isOnDuty(hours, at("2026-11-23T07:59:00Z"))).toBe(false);
    expect(isOnDuty(hours, at("2026-11-23T11:30:00Z"))).toBe(false); // lunch
    expect(isOnDuty(hours, at("2026-11-23T15:59:00Z"))).toBe(true);
    expect(isOnDuty(hours, at("2026-11-23T16:00:00Z"))).toBe(false); // 17:00 local: end is exclusive
    expect(isOnDuty(hours, at("2026-11-24T10:00:00Z"))).toBe(false); // Tuesday has no hours
  });

  it("outside_specific_hours is the opposite", () => {
    const hours = copenhagen({ mon: [{ start: "09:00", end: "17:00" }] }, "outside_specific_hours");
    expect(isOnDuty(hours, at("2026-11-23T10:00:00Z"))).toBe(false);
    expect(isOnDuty(hours, at("2026-11-23T20:00:00Z"))).toBe(true);
    expect(isOnDuty(hours, at("2026-11-22T10:00:00Z"))).toBe(true); // Sunday
  });

  it("intervals that run past midnight cover the early hours of the next day", () => {
    const hours = copenhagen({ fri: [{ start: "22:00", end: "02:00" }], sun: [{ start: "20:00", end: "24:00" }] });
    expect(isOnDuty(hours, at("2026-11-27T21:30:00Z"))).toBe(true); // Fri 22:30
    expect(isOnDuty(hours, at("2026-11-28T00:30:00Z"))).toBe(true); // Sat 01:30
    expect(isOnDuty(hours, at("2026-11-28T01:00:00Z"))).toBe(false); // Sat 02:00
    expect(isOnDuty(hours, at("2026-11-27T20:59:00Z"))).toBe(false); // Fri 21:59
    expect(isOnDuty(hours, at("2026-11-29T22:59:00Z"))).toBe(true); // Sun 23:59, up to 24:00
    expect(isOnDuty(hours, at("2026-11-29T23:00:00Z"))).toBe(false); // Mon 00:00: "24:00" does not spill over
    // Sunday 22:00–02:00 wraps from the last weekday to Monday.
    expect(isOnDuty(copenhagen({ sun: [{ start: "22:00", end: "02:00" }] }), at("2026-11-30T00:30:00Z"))).toBe(true);
  });

  it("keeps local hours across the spring-forward change (Copenhagen, 29 March 2026)", () => {
    const hours = copenhagen({
      sun: [
        { start: "09:00", end: "17:00" },
        { start: "02:30", end: "04:00" },
      ],
    });
    expect(isOnDuty(hours, at("2026-03-29T07:00:00Z"))).toBe(true); // 09:00 CEST (UTC+2)
    expect(isOnDuty(hours, at("2026-03-29T07:59:00Z"))).toBe(true);
    expect(isOnDuty(hours, at("2026-03-29T06:30:00Z"))).toBe(false); // 08:30 CEST
    // 02:00–03:00 does not exist that night; an interval starting inside it is on from 03:00 local.
    expect(isOnDuty(hours, at("2026-03-29T00:59:00Z"))).toBe(false); // 01:59 CET
    expect(isOnDuty(hours, at("2026-03-29T01:00:00Z"))).toBe(true); // 03:00 CEST
    expect(isOnDuty(hours, at("2026-03-29T02:00:00Z"))).toBe(false); // 04:00 CEST
  });

  it("keeps local hours across the fall-back change, including the repeated hour (New York, 1 November 2026)", () => {
    const hours = newYork({
      sun: [
        { start: "01:00", end: "02:00" },
        { start: "09:00", end: "17:00" },
      ],
    });
    expect(isOnDuty(hours, at("2026-11-01T05:30:00Z"))).toBe(true); // 01:30 EDT
    expect(isOnDuty(hours, at("2026-11-01T06:30:00Z"))).toBe(true); // 01:30 EST, the hour again
    expect(isOnDuty(hours, at("2026-11-01T07:00:00Z"))).toBe(false); // 02:00 EST
    expect(isOnDuty(hours, at("2026-11-01T14:00:00Z"))).toBe(true); // 09:00 EST (UTC-5 now)
    expect(isOnDuty(hours, at("2026-11-01T13:59:00Z"))).toBe(false);
  });

  it("property: outside_specific_hours is always the negation of specific_hours", () => {
    const clock = fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
      .map(([h, m]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`);
    const interval = fc
      .tuple(clock, clock)
      .filter(([s, e]) => s !== e)
      .map(([start, end]) => ({ start, end }));
    const days = fc.dictionary(
      fc.constantFrom("mon", "tue", "wed", "thu", "fri", "sat", "sun"),
      fc.array(interval, { maxLength: 3 }),
    );
    const zone = fc.constantFrom("UTC", "Europe/Copenhagen", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe");
    const instant = fc.integer({ min: Date.parse("2026-01-01T00:00:00Z"), max: Date.parse("2027-12-31T00:00:00Z") });
    fc.assert(
      fc.property(days, zone, instant, (d, timeZone, t) => {
        const inside = isOnDuty({ mode: "specific_hours", timeZone, days: d }, t);
        return isOnDuty({ mode: "outside_specific_hours", timeZone, days: d }, t) === !inside;
      }),
    );
  });
});
