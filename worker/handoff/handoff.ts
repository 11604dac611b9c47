/**
 * Handing a conversation to people and back: the handoff itself (route, record its reason,
 * tell the visitor, notify by webhook), a staff member claiming it, handing it back to the
 * agent, and a staff member closing it. Runs inside the conversation's Durable Object, on the
 * context it provides (worker/lifecycle/context.ts).
 */
import { database } from "../db/client";
import { handoffs, type HandoffReason } from "../db/schema";
import { connectedStaffIds } from "../inbox/presence";
import { close } from "../lifecycle/close";
import { linkedContact } from "../lifecycle/email-capture";
import { claimAwaiting, type AwaitingKind } from "../lifecycle/awaiting";
import { routeHandoff } from "./routing";
import type { Routing } from "./settings";
import { sendHandoffWebhook } from "./webhook";
import { randomId } from "../lib/crypto";
import type { Person } from "../protocol/events";
import { announceStatus, say, type AgentView, type LifecycleContext } from "../lifecycle/context";
import { syncConversationRow } from "../lifecycle/conversation-row";
import { eq } from "drizzle-orm";

export type StaffActionResult =
  | { ok: true }
  | { ok: false; code: "closed" | "not_assignee" | "already_claimed"; message: string };

/** Reasons where the agent is not on duty at all: it cannot keep answering while the visitor waits. */
const AGENT_UNAVAILABLE: ReadonlySet<HandoffReason> = new Set([
  "off_duty",
  "paused",
  "unpublished",
  "out_of_credits",
  "budget_exhausted",
]);
/** Reasons where the agent must not answer this sender at all, though it is on duty. */
const AGENT_MUST_NOT_ANSWER: ReadonlySet<HandoffReason> = new Set(["ignore_list", "reply_limit"]);

/** The agent's own questions end when a person is brought in; a verification and an email request stay. */
const DROPPED_AT_HANDOFF: ReadonlySet<AwaitingKind> = new Set([
  "change_confirmation",
  "action_confirmation",
  "action_input",
  "goal_question",
]);

/** Asks for the visitor's email when the capture setting wants it at handoff and it is not known yet. */
async function requestEmailForFollowUp(c: LifecycleContext, view: AgentView): Promise<void> {
  const state = c.state.get();
  if (view.channel.emailCapture === "never" || state.email !== "unknown") return;
  if (await linkedContact(c.env, c.meta.visitorId)) {
    c.state.update({ email: "captured" });
    return;
  }
  if (!claimAwaiting(c.awaiting, { kind: "email_capture", heldMessageSeq: null })) return;
  c.state.update({ email: "requested" });
  say(c, view, "email_request");
}

/**
 * Hands the conversation to a person for `reason` (by the agent's routing unless `routing` says otherwise); does
 * nothing while one is already waiting or handling it.
 */
export async function handOff(
  c: LifecycleContext,
  view: AgentView,
  reason: HandoffReason,
  detail: string | null = null,
  routing: Routing = view.handoff.routing,
): Promise<void> {
  const before = c.state.get();
  if (before.status !== "bot") return;
  const held = c.awaiting.get()?.kind;
  if (held && DROPPED_AT_HANDOFF.has(held)) c.awaiting.set(null);
  const routed = await routeHandoff(c.env, routing, await connectedStaffIds(c.env));
  const keepAnswering =
    view.handoff.mode === "keep_answering" && !AGENT_UNAVAILABLE.has(reason) && !AGENT_MUST_NOT_ANSWER.has(reason);
  const state = c.state.update({
    status: "waiting_for_human",
    poweredByAi: keepAnswering,
    agentAnswersWhileWaiting: keepAnswering,
    handedOff: true,
    handoffReason: reason,
    staff: null,
  });
  announceStatus(c, state);
  const expected = view.handoff.expectedResponse;
  if (routed) say(c, view, "handoff");
  else say(c, view, AGENT_UNAVAILABLE.has(reason) ? "off_duty" : "no_staff", { expected });
  if (!routed || view.channel.emailCapture === "on_handoff") await requestEmailForFollowUp(c, view);

  const id = randomId("h");
  const now = Date.now();
  const db = database(c.env);
  await db.insert(handoffs).values({
    id,
    conversationId: c.meta.conversationId,
    agentId: c.meta.agentId,
    reason,
    detail,
    mode: keepAnswering ? "keep_answering" : "immediate",
    routedStaffId: routed?.staffId ?? null,
    routedTeamId: routed?.teamId ?? null,
    fallback: routed === null,
    createdAt: now,
  });
  await syncConversationRow(c, { assignedStaffId: routed?.staffId ?? null, teamId: routed?.teamId ?? null });

  const payload = {
    type: "conversation.handoff" as const,
    id,
    createdAt: now,
    agentId: c.meta.agentId,
    conversationId: c.meta.conversationId,
    reason,
    detail,
    routedTo: routed ? { staffId: routed.staffId, teamId: routed.teamId ?? undefined } : null,
    fallback: routed === null,
    visitor: { id: c.meta.visitorId },
  };
  c.ctx.waitUntil(
    sendHandoffWebhook(c.env, c.meta.agentId, payload).then((status) =>
      status === null
        ? undefined
        : db
            .update(handoffs)
            .set({ webhookStatus: status })
            .where(eq(handoffs.id, id))
            .then(() => undefined),
    ),
  );
}

/** A staff member takes the conversation: the visitor sees that a person joined, and who. */
export async function claim(c: LifecycleContext, view: AgentView | null, staff: Person): Promise<StaffActionResult> {
  const state = c.state.get();
  if (state.status === "closed") return { ok: false, code: "closed", message: "The conversation is closed" };
  if (state.status === "human") {
    if (state.staff?.id === staff.id) return { ok: true };
    return {
      ok: false,
      code: "already_claimed",
      message: `${state.staff?.name ?? "Someone"} is handling this conversation`,
    };
  }
  const next = c.state.update({
    status: "human",
    staff,
    poweredByAi: false,
    agentAnswersWhileWaiting: false,
    handedOff: true,
  });
  announceStatus(c, next);
  say(c, view, "staff_joined", { name: staff.name });
  await syncConversationRow(c, { assignedStaffId: staff.id });
  return { ok: true };
}

/** The handling staff member gives the conversation back to the AI agent. */
export async function handBack(
  c: LifecycleContext,
  view: AgentView | null,
  staffId: string,
): Promise<StaffActionResult> {
  const state = c.state.get();
  if (state.status === "closed") return { ok: false, code: "closed", message: "The conversation is closed" };
  if (state.status !== "human" || state.staff?.id !== staffId)
    return { ok: false, code: "not_assignee", message: "Only the person handling the conversation can hand it back" };
  await returnToAgent(c, view);
  return { ok: true };
}

/**
 * The AI agent holds the conversation again (a person handed it back, or the owner's workflow
 * handed it in): the visitor is told, the assignment is cleared and the abstention count starts
 * over. Nothing changes when the agent holds it already (or it is closed).
 */
export async function returnToAgent(c: LifecycleContext, view: AgentView | null): Promise<void> {
  const status = c.state.get().status;
  if (status === "bot" || status === "closed") return;
  const next = c.state.update({
    status: "bot",
    staff: null,
    poweredByAi: true,
    abstentions: 0,
    agentAnswersWhileWaiting: false,
  });
  announceStatus(c, next);
  say(c, view, "handed_back");
  await syncConversationRow(c, { assignedStaffId: null });
}

/** Closing by staff: the handling person, or anyone while nobody has claimed it. */
export async function closeByStaff(
  c: LifecycleContext,
  view: AgentView | null,
  staffId: string,
): Promise<StaffActionResult> {
  const state = c.state.get();
  if (state.status === "closed") return { ok: true };
  if (state.status === "human" && state.staff?.id !== staffId)
    return { ok: false, code: "not_assignee", message: "Only the person handling the conversation can close it" };
  await close(c, view);
  return { ok: true };
}
