/**
 * What the lifecycle steps of one conversation work with: the Worker env, the object's state
 * (for alarms and background work), the event log, the lifecycle state, and `emit`. Also the
 * small shared steps: saying a lifecycle line, announcing the status, and keeping the inactivity
 * alarm (the D1 row the inbox lists is written by conversation-row.ts).
 */
import { VOICES } from "../agent/offline/voice";
import type { Agent } from "../db/agents";
import { isCopyLanguage, lifecycleText, type CopyValues } from "./copy";
import { replyLanguage } from "../behaviour/language";
import type { Language } from "../knowledge/text";
import { handoffSettings, type HandoffSettings } from "../handoff/settings";
import { channelSettings, type ChannelSettings } from "./settings";
import type { LoggedEvent, SystemMessageKind } from "../protocol/events";
import type { ConversationMeta, EventLog, NewEvent } from "../../durable-objects/conversation/event-log";
import type { IdentityStore } from "../../durable-objects/conversation/identity-state";
import type { AwaitingSlot } from "./awaiting";
import { alarmNoLaterThan, setAlarmTime } from "./alarm-clock";
import type { LifecycleState, LifecycleStore } from "../../durable-objects/conversation/lifecycle-state";

export type LifecycleContext = {
  env: Env;
  ctx: DurableObjectState;
  meta: ConversationMeta;
  log: EventLog;
  state: LifecycleStore;
  /** Who the visitor has shown to be (CRM checks). */
  identity: IdentityStore;
  /** The one answer the conversation waits for from the visitor (awaiting.ts). */
  awaiting: AwaitingSlot;
  emit: (event: NewEvent) => LoggedEvent;
  /**
   * Marks the message being handled answered, with what the answer came to (a stored outcome), in the same
   * step as the answer is logged: the conversation object's turn queue then never answers it again.
   */
  markAnswered?: (outcome: string) => void;
};

/** The agent's settings as this conversation's channel sees them. */
export type AgentView = { agent: Agent; channel: ChannelSettings; handoff: HandoffSettings };

export function agentView(agent: Agent, channel: string): AgentView {
  return { agent, channel: channelSettings(agent.settings, channel), handoff: handoffSettings(agent.settings) };
}

export function say(
  c: LifecycleContext,
  view: AgentView | null,
  kind: SystemMessageKind,
  values: CopyValues = {},
  template?: string,
): LoggedEvent {
  // Bringing in a person is said in the agent's personality unless the admin wrote the line.
  const personal = kind === "handoff" && view ? VOICES[view.agent.personality]?.handoff : null;
  const text = lifecycleText(
    kind,
    view?.handoff.messages ?? {},
    { agent: view?.agent.name, ...values },
    template,
    personal,
    linesLanguage(c),
  );
  return c.emit({ type: "system_message", kind, text });
}

/**
 * The language the server's lines are said in: the one the agent replies in to the visitor's latest
 * message (its words, else the browser's language), where the lines exist in it; else English.
 */
function linesLanguage(c: LifecycleContext): Language {
  const [latest] = c.log.latestOfTypes(["visitor_message"], Number.MAX_SAFE_INTEGER, 1);
  const language = replyLanguage(latest?.type === "visitor_message" ? latest.text : "", c.meta.language);
  return isCopyLanguage(language) ? language : "en";
}

export function announceStatus(c: LifecycleContext, state: LifecycleState): void {
  c.emit({
    type: "status",
    status: state.status,
    poweredByAi: state.poweredByAi,
    ...(state.staff ? { staff: state.staff } : {}),
    ...(state.outcome ? { outcome: state.outcome } : {}),
  });
}

/**
 * Notes activity now. The inactivity alarm is left where it is when it is due no later than the new
 * quiet period's end — the quiet period's earlier end, or a sooner wake-up to check on work (a
 * background answer's safety net, a turn's retry): when it fires, the alarm finds the conversation
 * active and arms the end of the quiet period then (`armQuietPeriod`). So a busy conversation writes
 * its alarm about once a quiet period, not twice a message; only a missing alarm, or one due after the
 * new end (a shorter quiet period), is set here.
 */
export async function touch(c: LifecycleContext, now = Date.now()): Promise<void> {
  const state = c.state.update({ lastActivityAt: now });
  const end = quietPeriodEnd(state);
  if (end === null) return;
  await alarmNoLaterThan(c.ctx.storage, end);
}

/** When the conversation has been quiet long enough to close; null when it is closed or never closes. */
export function quietPeriodEnd(state: LifecycleState): number | null {
  if (state.status === "closed" || state.inactivityMinutes === null) return null;
  return state.lastActivityAt + state.inactivityMinutes * 60_000;
}

/** Sets the alarm for the end of the quiet period; false when that end has come (the caller closes) or never comes. */
export async function armQuietPeriod(storage: DurableObjectStorage, state: LifecycleState): Promise<boolean> {
  const end = quietPeriodEnd(state);
  if (end === null || Date.now() >= end) return false;
  await setAlarmTime(storage, end);
  return true;
}
