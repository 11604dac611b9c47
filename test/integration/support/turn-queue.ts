/** What tests of failing and answered turns read back: the conversation's turn queue, its turn errors, its handoffs. */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import type { ConversationDO } from "../../../durable-objects/conversation/conversation";
import { database } from "../../../worker/db/client";
import { handoffs } from "../../../worker/db/schema";
import type { ServerEvent } from "../../../worker/protocol/events";
import { conversationStub } from "./lifecycle";

export type QueuedTurn = { message_seq: number; state: string; failures: number };

/** What the conversation's turn queue holds, in message order. */
export const queued = (conversationId: string): Promise<QueuedTurn[]> =>
  runInDurableObject(conversationStub(conversationId), (_i: ConversationDO, state) =>
    state.storage.sql.exec<QueuedTurn>(`SELECT message_seq, state, failures FROM turns ORDER BY message_seq`).toArray(),
  );

export const turnErrors = (events: ServerEvent[]) => events.flatMap((e) => (e.type === "turn_error" ? [e] : []));

/** The reasons of the conversation's handoffs recorded in D1. */
export const handoffReasons = async (conversationId: string): Promise<string[]> =>
  (await database(env).select().from(handoffs).where(eq(handoffs.conversationId, conversationId)).all()).map(
    (h) => h.reason,
  );
