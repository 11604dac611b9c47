/** Credit periods: the reset day in the agent's time zone, across month and year ends and DST. */
import { describe, expect, it } from "vitest";
import { creditPeriod } from "./credits";

const at = (iso: string) => Date.parse(iso);

describe("credit periods", () => {
  it("start on the reset day and end at the next one", () => {
    expect(creditPeriod(at("2026-11-22T12:00:00Z"), 1, "UTC")).toEqual({
      start: "2026-11-01",
      resetsAt: at("2026-12-01T00:00:00Z"),
    });
    expect(creditPeriod(at("2026-11-14T12:00:00Z"), 15, "UTC")).toEqual({
      start: "2026-10-15",
      resetsAt: at("2026-11-15T00:00:00Z"),
    });
    expect(creditPeriod(at("2026-11-15T00:00:00Z"), 15, "UTC").start).toBe("2026-11-15");
  });

  it("roll over month and year ends", () => {
    expect(creditPeriod(at("2027-01-10T12:00:00Z"), 28, "UTC")).toEqual({
      start: "2026-12-28",
      resetsAt: at("2027-01-28T00:00:00Z"),
    });
    expect(creditPeriod(at("2026-12-31T23:59:00Z"), 1, "UTC")).toEqual({
      start: "2026-12-01",
      resetsAt: at("2027-01-01T00:00:00Z"),
    });
  });

  it("follow the agent's time zone, incl. the DST offset at the reset instant", () => {
    // 23:30 UTC on 31 Oct is already 1 Nov in Copenhagen (UTC+1 after 25 Oct).
    expect(creditPeriod(at("2026-10-31T23:30:00Z"), 1, "Europe/Copenhagen").start).toBe("2026-11-01");
    expect(creditPeriod(at("2026-10-31T22:30:00Z"), 1, "Europe/Copenhagen").start).toBe("2026-10-01");
    // The April reset is at midnight CEST (UTC+2), the March one at midnight CET (UTC+1).
    expect(creditPeriod(at("2026-03-15T12:00:00Z"), 1, "Europe/Copenhagen").resetsAt).toBe(at("2026-03-31T22:00:00Z"));
    expect(creditPeriod(at("2026-02-15T12:00:00Z"), 1, "Europe/Copenhagen").resetsAt).toBe(at("2026-02-28T23:00:00Z"));
    expect(creditPeriod(at("2026-11-05T12:00:00Z"), 1, "America/New_York").resetsAt).toBe(at("2026-12-01T05:00:00Z"));
  });
});
