/**
 * Whether the AI agent takes new conversations right now: switched on, credits left in the
 * current period, and on duty by the channel's working hours. When it is not, new
 * conversations follow the handoff rules and the widget drops "Powered by AI". Running out of
 * credits needs no stored flag: the agent is back by itself at the reset or when the
 * allowance is raised.
 */
import type { Agent } from "../db/agents";
import { database } from "../db/client";
import { controlsForConversation, creditUsage, DEFAULT_TIME_ZONE } from "../lifecycle/credits";
import { channelSettings } from "../lifecycle/settings";
import { isOnDuty } from "../schedule/working-hours";

export type UnavailableReason = "paused" | "off_duty" | "out_of_credits";
export type Availability = { assigned: true } | { assigned: false; reason: UnavailableReason };

export async function agentAvailability(
  env: Pick<Env, "DB">,
  agent: Agent,
  channel: string,
  now = Date.now(),
): Promise<Availability> {
  const controls = await controlsForConversation(database(env), agent.id, now);
  if (!controls.enabled) return { assigned: false, reason: "paused" };
  if (controls.monthlyCredits !== null) {
    const usage = await creditUsage(env, agent.id, agent.settings.timeZone ?? DEFAULT_TIME_ZONE, now, controls);
    if (usage.used >= controls.monthlyCredits) return { assigned: false, reason: "out_of_credits" };
  }
  if (!isOnDuty(channelSettings(agent.settings, channel).workingHours, now))
    return { assigned: false, reason: "off_duty" };
  return { assigned: true };
}
