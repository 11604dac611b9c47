/**
 * Hand-in: an owner's workflow or rule-based bot passes a conversation (of any channel) to the
 * agent. The three ways it may ask, as one zod union on `mode`, shared by the admin API and the
 * custom channel's signed endpoint; the conversation's Durable Object carries them out.
 */
import { z } from "zod";
import { ApiError } from "../lib/errors";
import { MAX_MESSAGE_CHARS } from "../protocol/events";

export const handInModes = {
  /** The agent answers the visitor's latest message. */
  answer_latest: z.strictObject({ mode: z.literal("answer_latest") }),
  /** The agent sends this fixed message (as the agent) and waits for the visitor. */
  message: z.strictObject({
    mode: z.literal("message"),
    text: z.string().trim().min(1).max(MAX_MESSAGE_CHARS).describe("What the agent says, as it is"),
  }),
  /** The agent answers this question, asked by the workflow on the visitor's behalf. */
  answer_question: z.strictObject({
    mode: z.literal("answer_question"),
    question: z
      .string()
      .trim()
      .min(1)
      .max(MAX_MESSAGE_CHARS)
      .describe("The question the agent answers; logged as the workflow's question for the visitor"),
  }),
};

export const handInBody = z.discriminatedUnion("mode", [
  handInModes.answer_latest,
  handInModes.message,
  handInModes.answer_question,
]);
export type HandIn = z.infer<typeof handInBody>;

/** What a hand-in came to: the agent holds the conversation, or why it could not. */
export type HandInResult =
  | { ok: true; status: "bot"; seq: number }
  | {
      ok: false;
      code: "not_found" | "conversation_closed" | "nothing_to_answer" | "conversation_full";
      message: string;
    };

const REFUSAL_STATUS = {
  not_found: 404,
  conversation_closed: 409,
  nothing_to_answer: 409,
  conversation_full: 409,
} as const;

/**
 * Hands the conversation to the agent through its Durable Object; what it came to (`{ conversationId,
 * status, seq }`, `seq` being the message answered or said), or the ApiError to answer with. The
 * caller has checked that the conversation is the agent's.
 */
export async function handInConversation(
  env: Pick<Env, "CONVERSATIONS">,
  conversationId: string,
  request: HandIn,
): Promise<{ conversationId: string; status: "bot"; seq: number }> {
  const result = await env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(conversationId)).handIn(request);
  if (!result.ok) throw new ApiError(REFUSAL_STATUS[result.code], result.code, result.message);
  return { conversationId, status: result.status, seq: result.seq };
}
