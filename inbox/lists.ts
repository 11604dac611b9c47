/**
 * Which conversations belong in each inbox tab, updated from live `conversation` events, and how
 * they are described (pure, unit-tested).
 */
import type { Staff, Summary, View } from "./api";

export function belongsIn(view: View, summary: Summary, me: Staff): boolean {
  if (view === "waiting") return summary.status === "waiting_for_human";
  if (view === "mine") return summary.assignedStaffId === me.id && summary.status !== "closed";
  return true;
}

/** The list after a live update: the conversation replaced, added or removed, newest first. */
export function applyUpdate(list: Summary[], view: View, summary: Summary, me: Staff): Summary[] {
  const rest = list.filter((item) => item.id !== summary.id);
  const next = belongsIn(view, summary, me) ? [summary, ...rest] : rest;
  return next.sort((a, b) => b.updatedAt - a.updatedAt);
}

const REASONS: Record<string, string> = {
  visitor_asked: "Asked for a person",
  missing_knowledge: "Agent could not answer",
  trigger_phrase: "Trigger phrase",
  avoided_topic: "Topic for a person",
  frustrated_visitor: "Visitor frustrated",
  agent_decided: "Agent asked for a person",
  off_duty: "Outside working hours",
  paused: "Agent paused",
  out_of_credits: "Out of credits",
  turn_failed: "Agent failed to answer",
  budget_exhausted: "Daily token budget spent",
  ignore_list: "Sender on the ignore list",
  reply_limit: "Too many emails in an hour",
  channel_removed: "Agent removed from the channel",
  workflow: "Workflow",
  qualified_lead: "Qualified lead",
};

const LEAD_LABELS: Record<string, string> = {
  qualified: "Qualified lead",
  partially_qualified: "Partially qualified lead",
  unqualified: "Unqualified lead",
};

/** The lead-qualification label in words; empty when the goal has not labelled the conversation. */
export const leadLabelName = (label: string | null | undefined): string => (label ? (LEAD_LABELS[label] ?? "") : "");

export const reasonLabel = (reason: string | null): string => (reason ? (REASONS[reason] ?? reason) : "");

const STATES: Record<string, string> = {
  bot: "AI agent answering",
  waiting_for_human: "Waiting for a person",
  closed: "Closed",
};

/** A conversation's status in words; while a person handles it, their name. */
export const stateLabel = (status: string, staffName: string | null): string =>
  status === "human" ? `Handled by ${staffName ?? "a person"}` : (STATES[status] ?? status);

/**
 * Who the conversation is with: the contact's email, marked "unverified" unless the visitor proved
 * it is theirs; else their address on the channel.
 */
export function whoLabel(summary: Summary): { name: string; unverified: boolean } {
  if (!summary.contactEmail) return { name: summary.channelAddress ?? "Visitor", unverified: false };
  return { name: summary.contactEmail, unverified: !summary.emailVerified };
}

/** Each channel's name and how a reply travels on it ("by email"), for the list, the header, the composer and failed deliveries. */
const CHANNELS: Record<string, { name: string; by: string }> = {
  live_chat: { name: "Live chat", by: "in the chat" },
  email: { name: "Email", by: "by email" },
  whatsapp: { name: "WhatsApp", by: "on WhatsApp" },
  messenger: { name: "Messenger", by: "on Messenger" },
  custom: { name: "Custom channel", by: "on the custom channel" },
};
const channelOf = (channel: string) => CHANNELS[channel] ?? { name: channel, by: `on ${channel}` };

export const channelName = (channel: string): string => channelOf(channel).name;
/** The composer's label: where the reply goes ("Reply by email"). */
export const replyLabel = (channel: string): string => `Reply ${channelOf(channel).by}`;
/** The warning under a line the channel could not deliver. */
export const deliveryFailedLabel = (channel: string, error: string): string =>
  `Not delivered ${channelOf(channel).by}: ${error}`;
