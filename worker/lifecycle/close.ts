/**
 * Closing a conversation, once: its outcome (resolved when the agent answered, nobody was asked
 * for and no answer was left rated down; unresolved when one was; handed off; or abandoned), the
 * closing line, the D1 row, and the credit charge for a conversation the agent resolved.
 */
import type { LifecycleState } from "../../durable-objects/conversation/lifecycle-state";
import type { Outcome } from "../protocol/events";
import { type AgentView, announceStatus, type LifecycleContext, say } from "./context";
import { syncConversationRow } from "./conversation-row";
import { chargeResolvedConversation } from "./credits";
import { deleteAlarmTime } from "./alarm-clock";

function outcomeOf(c: LifecycleContext): Outcome {
  const state = c.state.get();
  if (state.handedOff) return "handed_off";
  if (!state.agentReplied) return "abandoned";
  return (state.answersRatedDown ?? 0) > 0 ? "unresolved" : "resolved";
}

/**
 * Closes the conversation once (a second close is a no-op) and records its outcome. The D1 row
 * and the credit charge are written before the object stores itself as closed: when either
 * throws, nothing says closed yet, so the inactivity alarm's retry (or the staff member's second
 * try) runs the whole close again; the charge counts once per conversation however often it runs.
 */
export async function close(c: LifecycleContext, view: AgentView | null): Promise<void> {
  if (c.state.get().status === "closed") return;
  const outcome = outcomeOf(c);
  const closing: Partial<LifecycleState> = { status: "closed", outcome, poweredByAi: false };
  await syncConversationRow(c, {}, { ...c.state.get(), ...closing });
  if (outcome === "resolved")
    await chargeResolvedConversation(c.env, {
      agentId: c.meta.agentId,
      conversationId: c.meta.conversationId,
      now: Date.now(),
    });
  const state = c.state.update(closing);
  c.awaiting.set(null); // nothing is waited for in a closed conversation
  say(c, view, "closed");
  announceStatus(c, state);
  await deleteAlarmTime(c.ctx.storage);
}
