/**
 * Settings parsed from a published agent (handoff, goal, channels, guidelines) are parsed once and shared
 * read-only; a draft's are parsed afresh.
 */
import { describe, expect, it } from "vitest";
import { goalOf } from "../goals/definition";
import { deepFreeze } from "../lib/frozen";
import { guidelinesOf } from "../behaviour/guidelines";
import { channelSettings, emailChannelSettings } from "../lifecycle/settings";
import { handoffSettings } from "./settings";

const GOAL = {
  enabled: true,
  criteria: [{ question: "How many people are on your team?", property: "team_size", score: 10 }],
  thresholds: { qualified: 10, partial: 5 },
};

describe("settings parsed once per published version", () => {
  it("shares one frozen parse of a frozen agent's handoff settings and goal", () => {
    const settings = deepFreeze({ handoff: { triggerPhrases: ["manager"] }, goal: GOAL });
    expect(handoffSettings(settings)).toBe(handoffSettings(settings));
    expect(Object.isFrozen(handoffSettings(settings))).toBe(true);
    expect(handoffSettings(settings).triggerPhrases).toEqual(["manager"]);
    expect(goalOf(settings)).toBe(goalOf(settings));
    expect(goalOf(settings)?.criteria[0]?.property).toBe("team_size");
  });

  it("shares one frozen parse of a frozen agent's channel settings, defaults filled in", () => {
    const settings = deepFreeze({ channels: { live_chat: { inactivityMinutes: 10 } } });
    expect(channelSettings(settings, "live_chat")).toBe(channelSettings(settings, "live_chat"));
    expect(Object.isFrozen(channelSettings(settings, "live_chat"))).toBe(true);
    expect(channelSettings(settings, "live_chat").inactivityMinutes).toBe(10);
    expect(emailChannelSettings(settings)).toBe(emailChannelSettings(settings));
    expect(emailChannelSettings(settings)).toEqual(emailChannelSettings({}));
  });

  it("shares one frozen parse of a frozen agent's guidelines, and the defaults for unreadable ones", () => {
    const settings = deepFreeze({ guidelines: { instructions: ["Say hello."] } });
    expect(guidelinesOf(settings)).toBe(guidelinesOf(settings));
    expect(Object.isFrozen(guidelinesOf(settings).instructions)).toBe(true);
    expect(guidelinesOf(settings).instructions).toEqual(["Say hello."]);
    const unreadable = deepFreeze({ guidelines: { instructions: "not a list" } });
    expect(guidelinesOf(unreadable)).toEqual(guidelinesOf({}));
    const draft = { guidelines: { instructions: ["Say hello."] } };
    expect(guidelinesOf(draft)).not.toBe(guidelinesOf(draft));
  });

  it("parses settings that can still change on every call", () => {
    const settings = { handoff: { triggerPhrases: ["manager"] }, goal: structuredClone(GOAL) };
    expect(handoffSettings(settings)).not.toBe(handoffSettings(settings));
    expect(goalOf(settings)).not.toBe(goalOf(settings));
    settings.goal.enabled = false;
    expect(goalOf(settings)).toBeNull();
    const channels = { channels: { live_chat: { inactivityMinutes: 10 } } };
    expect(channelSettings(channels, "live_chat")).not.toBe(channelSettings(channels, "live_chat"));
    channels.channels.live_chat.inactivityMinutes = 30;
    expect(channelSettings(channels, "live_chat").inactivityMinutes).toBe(30);
  });
});
