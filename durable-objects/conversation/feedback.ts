/**
 * The visitor's feedback: thumbs up or down on an answer (a later vote replaces the earlier one,
 * at most MAX_VOTES_PER_ANSWER times per answer, so a client cannot grow the log without end),
 * and one 1–5 rating of the conversation once it has closed. Both are logged (every socket, the
 * inbox included, sees them) and written to D1 for the analytics. An answer left rated down makes
 * the conversation unresolved when it closes; a rating of 1 or 2 after the close makes it count as
 * not resolved in the analytics (a credit already charged stays charged).
 */
import { eq, sql } from "drizzle-orm";
import { answerFeedback } from "../../worker/db/analytics-schema";
import { database } from "../../worker/db/client";
import { conversations } from "../../worker/db/schema";
import type { LifecycleContext } from "../../worker/lifecycle/context";
import type { FeedbackFrame, RatingFrame } from "../../worker/protocol/events";
import { send, type SocketAttachment } from "./sockets";

export const MAX_VOTES_PER_ANSWER = 4;

/** Thumbs on an answer, or the end-of-chat rating: the visitor's alone to give. */
export async function receiveVerdict(
  c: LifecycleContext,
  ws: WebSocket,
  who: SocketAttachment,
  frame: FeedbackFrame | RatingFrame,
): Promise<void> {
  if (who.role !== "visitor")
    return send(ws, { type: "error", code: "invalid_frame", message: "Only the visitor gives feedback" });
  return frame.type === "feedback" ? receiveFeedback(c, ws, frame) : receiveRating(c, ws, frame);
}

async function receiveFeedback(c: LifecycleContext, ws: WebSocket, frame: FeedbackFrame): Promise<void> {
  const events = c.log.ofTurn(frame.turnId, ["assistant_complete", "feedback"]);
  if (!events.some((e) => e.type === "assistant_complete")) {
    return send(ws, { type: "error", code: "vote_refused", message: "There is no answer with that id here" });
  }
  const votes = events.flatMap((e) => (e.type === "feedback" ? [e.value] : []));
  const standing = votes.at(-1);
  if (standing === frame.value) return; // the same vote again changes nothing
  if (votes.length >= MAX_VOTES_PER_ANSWER) {
    return send(ws, { type: "error", code: "vote_refused", message: "This answer's vote cannot change again" });
  }
  const event = c.emit({ type: "feedback", turnId: frame.turnId, value: frame.value });
  const downBefore = standing === "down" ? 1 : 0;
  const downNow = frame.value === "down" ? 1 : 0;
  const state = c.state.get();
  c.state.update({ answersRatedDown: (state.answersRatedDown ?? 0) - downBefore + downNow });
  const value = frame.value === "up" ? 1 : -1;
  await database(c.env)
    .insert(answerFeedback)
    .values({
      conversationId: c.meta.conversationId,
      turnId: frame.turnId,
      agentId: c.meta.agentId,
      value,
      createdAt: event.at,
    })
    .onConflictDoUpdate({
      target: [answerFeedback.conversationId, answerFeedback.turnId],
      set: { value, createdAt: sql`excluded.created_at` },
    });
}

async function receiveRating(c: LifecycleContext, ws: WebSocket, frame: RatingFrame): Promise<void> {
  const state = c.state.get();
  if (state.status !== "closed") {
    return send(ws, { type: "error", code: "rating_refused", message: "A conversation is rated once it has ended" });
  }
  if (state.rating !== undefined) {
    return send(ws, { type: "error", code: "rating_refused", message: "This conversation has been rated already" });
  }
  c.state.update({ rating: frame.value });
  c.emit({ type: "rating", value: frame.value });
  await database(c.env)
    .update(conversations)
    .set({ rating: frame.value })
    .where(eq(conversations.id, c.meta.conversationId));
}
