/**
 * A custom channel's hand-in: `POST /v1/channels/:channelId/assign`, signed like messages, passes
 * one of the channel's conversations to the agent in the same three modes as the admin API
 * (worker/handoff/hand-in.ts). The conversation is named by its id, or by the user's id (their open
 * conversation); only conversations that came through this deployment can be named.
 */
import { and, desc, eq, ne } from "drizzle-orm";
import { z } from "zod";
import { database } from "../../db/client";
import { conversations } from "../../db/schema";
import { handInModes } from "../../handoff/hand-in";
import { notFound } from "../../lib/errors";
import { CUSTOM } from "../../protocol/channels";
import type { OpenDeployment } from "../deployments/store";
import { customUser } from "./wire";

const target = {
  conversationId: z.string().min(1).max(64).optional().describe("The conversation (as the messages endpoint answered)"),
  user: customUser.pick({ id: true }).optional().describe("Or the user whose open conversation it is"),
};
const exactlyOneTarget = (body: { conversationId?: string | undefined; user?: unknown }) =>
  (body.conversationId === undefined) !== (body.user === undefined);

export const customAssign = z
  .discriminatedUnion("mode", [
    handInModes.answer_latest.extend(target),
    handInModes.message.extend(target),
    handInModes.answer_question.extend(target),
  ])
  .refine(exactlyOneTarget, {
    message: "Name the conversation by conversationId or by user.id (one of them)",
    path: ["conversationId"],
  });
export type CustomAssign = z.infer<typeof customAssign>;

/** The conversation a hand-in names, if it came through this deployment; 404 otherwise. */
export async function assignedConversation(
  env: Pick<Env, "DB">,
  deployment: OpenDeployment,
  body: CustomAssign,
): Promise<string> {
  const mine = and(
    eq(conversations.agentId, deployment.agentId),
    eq(conversations.channel, CUSTOM),
    eq(conversations.deploymentId, deployment.id),
  );
  const where = body.conversationId
    ? and(mine, eq(conversations.id, body.conversationId))
    : and(mine, eq(conversations.channelAddress, body.user?.id ?? ""), ne(conversations.status, "closed"));
  const row = await database(env)
    .select({ id: conversations.id })
    .from(conversations)
    .where(where)
    .orderBy(desc(conversations.createdAt))
    .limit(1)
    .get();
  if (!row) throw notFound("Conversation");
  return row.id;
}

/** The hand-in itself, without the target fields. */
export function handInOf(body: CustomAssign) {
  const { conversationId: _, user: __, ...request } = body;
  return request;
}
