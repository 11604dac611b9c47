/** Lifecycle settings and controls through the admin API: defaults, and 400s with field errors that leave the saved config alone. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { database } from "../../worker/db/client";
import { teams } from "../../worker/db/people-schema";
import { adminFetch } from "./helpers/seed";
import { lifecycleAgent } from "./support/lifecycle";

const put = (settings: unknown) =>
  adminFetch("/agents/settings-check", {
    method: "PUT",
    json: { name: "Settings", personality: "friendly", greeting: "Hi", settings },
  });
const details = async (response: Response) =>
  ((await response.json()) as { error: { details: Record<string, string> } }).error.details;

describe("lifecycle settings", () => {
  it("accepts a full configuration and returns it", async () => {
    const now = Date.now();
    await database(env)
      .insert(teams)
      .values({ id: "t-1", name: "Support", createdAt: now, updatedAt: now }) // routing must name a team that exists
      .onConflictDoNothing();
    const settings = {
      timeZone: "Europe/Oslo",
      channels: {
        live_chat: {
          emailCapture: "on_handoff",
          inactivityMinutes: 240,
          workingHours: {
            mode: "specific_hours",
            timeZone: "Europe/Oslo",
            days: {
              mon: [
                { start: "08:00", end: "12:00" },
                { start: "13:00", end: "17:00" },
              ],
              fri: [{ start: "22:00", end: "02:00" }],
            },
          },
        },
      },
      handoff: {
        mode: "keep_answering",
        afterAbstentions: 3,
        triggerPhrases: ["refund"],
        routing: { type: "team", teamId: "t-1" },
        messages: { handingOff: "One moment." },
      },
    };
    const response = await put(settings);
    expect(response.status).toBeLessThan(300);
    expect(((await response.json()) as { settings: unknown }).settings).toMatchObject(settings);
  });

  it("refuses invalid settings with a field error each, keeping what was saved", async () => {
    await lifecycleAgent("settings-check", { channels: { live_chat: { emailCapture: "never" } } });
    const cases: [unknown, string][] = [
      [{ channels: { live_chat: { emailCapture: "sometimes" } } }, "channels.live_chat.emailCapture"],
      [{ channels: { live_chat: { inactivityMinutes: 7 } } }, "channels.live_chat.inactivityMinutes"],
      [
        { channels: { live_chat: { workingHours: { mode: "specific_hours", timeZone: "Mars/Olympus", days: {} } } } },
        "channels.live_chat.workingHours.timeZone",
      ],
      [
        {
          channels: {
            live_chat: {
              workingHours: {
                mode: "specific_hours",
                timeZone: "UTC",
                days: { mon: [{ start: "25:00", end: "26:00" }] },
              },
            },
          },
        },
        "channels.live_chat.workingHours.days.mon.0.start",
      ],
      [
        {
          channels: {
            live_chat: {
              workingHours: {
                mode: "specific_hours",
                timeZone: "UTC",
                days: { mon: [{ start: "09:00", end: "09:00" }] },
              },
            },
          },
        },
        "channels.live_chat.workingHours.days.mon.0.end",
      ],
      [
        {
          channels: { live_chat: { workingHours: { mode: "specific_hours", timeZone: "UTC", days: { funday: [] } } } },
        },
        "channels.live_chat.workingHours.days",
      ],
      [{ channels: { sms: {} } }, "channels"],
      [{ channels: { email: { replyMode: "everyone" } } }, "channels.email.replyMode"],
      [{ channels: { email: { ignoreList: ["not an address"] } } }, "channels.email.ignoreList.0"],
      [{ channels: { email: { signature: "x".repeat(1_001) } } }, "channels.email.signature"],
      [{ channels: { whatsapp: { inactivityMinutes: 7 } } }, "channels.whatsapp.inactivityMinutes"],
      [{ handoff: { mode: "eventually" } }, "handoff.mode"],
      [{ handoff: { afterAbstentions: -1 } }, "handoff.afterAbstentions"],
      [{ handoff: { routing: { type: "lottery" } } }, "handoff.routing.type"],
      [{ handoff: { triggerPhrases: ["x"] } }, "handoff.triggerPhrases.0"],
      [{ handoff: { messages: { handingOff: "" } } }, "handoff.messages.handingOff"],
      [{ timeZone: "Nowhere/Town" }, "timeZone"],
    ];
    for (const [settings, field] of cases) {
      const response = await put(settings);
      expect(response.status, JSON.stringify(settings)).toBe(400);
      expect(
        Object.keys(await details(response)).some((key) => key.startsWith(`settings.${field}`)),
        `${field} in ${JSON.stringify(settings)}`,
      ).toBe(true);
    }
    const saved = (await (await adminFetch("/agents/settings-check")).json()) as { settings: unknown };
    const channels = { emailCapture: "never", workingHours: { mode: "all_hours" } };
    // Every channel has its settings, with its defaults: mail and messaging threads close after a day.
    expect(saved.settings).toEqual({
      channels: {
        live_chat: { ...channels, inactivityMinutes: 30 },
        email: { ...channels, inactivityMinutes: 1440, signature: "", replyMode: "sender", ignoreList: [] },
        whatsapp: { ...channels, inactivityMinutes: 1440 },
        messenger: { ...channels, inactivityMinutes: 1440 },
        custom: { ...channels, inactivityMinutes: 1440 },
      },
    });
  });
});

describe("agent controls", () => {
  it("reads defaults, saves changes, and refuses bad input with field errors", async () => {
    await lifecycleAgent("controls-check", {});
    expect(await (await adminFetch("/agents/controls-check/controls")).json()).toEqual({
      enabled: true,
      monthlyCredits: null,
      creditResetDay: 1,
      creditsPerResolution: 1,
      dailyTokenLimit: null,
    });
    for (const [body, field] of [
      [{ enabled: "yes" }, "enabled"],
      [{ enabled: true, monthlyCredits: -5 }, "monthlyCredits"],
      [{ enabled: true, creditResetDay: 31 }, "creditResetDay"],
      [{ enabled: true, creditsPerResolution: 0 }, "creditsPerResolution"],
      [{ enabled: true, surprise: 1 }, "(body)"],
    ] as const) {
      const response = await adminFetch("/agents/controls-check/controls", { method: "PUT", json: body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys(await details(response)), JSON.stringify(body)).toContain(field);
    }
    const saved = await adminFetch("/agents/controls-check/controls", {
      method: "PUT",
      json: { enabled: false, monthlyCredits: 100, creditResetDay: 15, creditsPerResolution: 2 },
    });
    expect(await saved.json()).toEqual({
      enabled: false,
      monthlyCredits: 100,
      creditResetDay: 15,
      creditsPerResolution: 2,
      dailyTokenLimit: null,
    });
    expect((await adminFetch("/agents/controls-check/controls", { token: null })).status).toBe(401);
    expect((await adminFetch("/agents/no-such-agent/controls")).status).toBe(404);
    expect((await adminFetch("/agents/no-such-agent/usage")).status).toBe(404);
    const usage = (await (await adminFetch("/agents/controls-check/usage")).json()) as Record<string, unknown>;
    expect(usage).toMatchObject({ used: 0, allowance: 100, remaining: 100 });
    expect(usage.period).toMatch(/^\d{4}-\d{2}-15$/);
  });
});
