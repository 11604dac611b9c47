/** The analytics' buckets: local days across a DST change, Monday weeks, months, and the quarter hours that fall in each. */
import { describe, expect, it } from "vitest";
import { bucketIndex, datesOf, periodOf, QUARTER_HOUR_MS } from "./periods";

describe("periodOf", () => {
  it("cuts local days in the agent's zone, 23 hours long on the day clocks go forward", () => {
    const period = periodOf("2026-03-28", "2026-03-30", "day", "Europe/Oslo");
    expect(period.buckets.map((b) => b.label)).toEqual(["2026-03-28", "2026-03-29", "2026-03-30"]);
    expect(period.buckets[0]?.start).toBe(Date.parse("2026-03-27T23:00:00Z"));
    expect(period.buckets.map((b) => (b.end - b.start) / 3_600_000)).toEqual([24, 23, 24]);
    expect(period.end).toBe(Date.parse("2026-03-30T22:00:00Z"));
  });

  it("groups days into Monday weeks and calendar months, cut at the period's ends", () => {
    const weeks = periodOf("2026-11-26", "2026-12-09", "week", "UTC");
    expect(weeks.buckets.map((b) => b.label)).toEqual(["2026-11-23", "2026-11-30", "2026-12-07"]);
    expect(weeks.buckets[0]?.start).toBe(Date.parse("2026-11-26T00:00:00Z")); // the period starts on a Thursday
    const months = periodOf("2026-01-15", "2026-03-02", "month", "UTC");
    expect(months.buckets.map((b) => b.label)).toEqual(["2026-01-01", "2026-02-01", "2026-03-01"]);
    expect(months.buckets[1]).toMatchObject({
      start: Date.parse("2026-02-01T00:00:00Z"),
      end: Date.parse("2026-03-01T00:00:00Z"),
    });
  });

  it("refuses an empty or over-long period", () => {
    expect(() => periodOf("2026-12-05", "2026-12-04", "day", "UTC")).toThrow(RangeError);
    expect(() => periodOf("2025-01-01", "2026-01-02", "day", "UTC")).toThrow(RangeError);
    expect(periodOf("2025-01-01", "2026-01-01", "day", "UTC").buckets).toHaveLength(366);
  });
});

describe("bucketIndex", () => {
  it("puts each quarter hour in the one local day it belongs to, even at a half-hour offset", () => {
    const period = periodOf("2026-12-01", "2026-12-02", "day", "Asia/Kolkata"); // UTC+5:30
    const quarter = (iso: string) => Date.parse(iso) / QUARTER_HOUR_MS;
    expect(bucketIndex(period.buckets, quarter("2026-11-30T18:15:00Z"))).toBe(-1); // 23:45 on Nov 30, local
    expect(bucketIndex(period.buckets, quarter("2026-11-30T18:30:00Z"))).toBe(0); // local midnight
    expect(bucketIndex(period.buckets, quarter("2026-12-01T18:15:00Z"))).toBe(0);
    expect(bucketIndex(period.buckets, quarter("2026-12-01T18:30:00Z"))).toBe(1);
    expect(bucketIndex(period.buckets, quarter("2026-12-02T18:30:00Z"))).toBe(-1);
  });
});

describe("datesOf", () => {
  it("fills in the last 30 local days, today included", () => {
    const now = Date.parse("2026-12-05T23:30:00Z");
    expect(datesOf({}, now, "UTC")).toEqual({ from: "2026-11-06", to: "2026-12-05" });
    expect(datesOf({}, now, "Europe/Oslo")).toEqual({ from: "2026-11-07", to: "2026-12-06" });
    expect(datesOf({ to: "2026-01-30" }, now, "UTC")).toEqual({ from: "2026-01-01", to: "2026-01-30" });
  });
});
