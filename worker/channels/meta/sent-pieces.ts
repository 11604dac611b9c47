/**
 * Which pieces of a split reply the platform already accepted, so a retried delivery sends only
 * the rest: Graph has no idempotency key, so without this a retry after piece 2 of 3 failed would
 * send piece 1 again. Recorded in `channel_inbound_ids` (the deployment's table of platform ids,
 * swept by the cron after days; a delivery's retries end within the hour), under keys no platform
 * message id can take: `sent:<conversation>:<seq>:<piece>`.
 */
import { and, eq } from "drizzle-orm";
import { database } from "../../db/client";
import { channelInboundIds } from "../../db/channel-schema";

const pieceKey = (conversationId: string, seq: number, piece: number) => `sent:${conversationId}:${seq}:${piece}`;

export async function pieceSent(
  env: Pick<Env, "DB">,
  deploymentId: string,
  conversationId: string,
  seq: number,
  piece: number,
): Promise<boolean> {
  const row = await database(env)
    .select({ at: channelInboundIds.at })
    .from(channelInboundIds)
    .where(
      and(
        eq(channelInboundIds.deploymentId, deploymentId),
        eq(channelInboundIds.messageId, pieceKey(conversationId, seq, piece)),
      ),
    )
    .get();
  return row !== undefined;
}

export async function markPieceSent(
  env: Pick<Env, "DB">,
  deploymentId: string,
  conversationId: string,
  seq: number,
  piece: number,
): Promise<void> {
  await database(env)
    .insert(channelInboundIds)
    .values({ deploymentId, messageId: pieceKey(conversationId, seq, piece), conversationId, at: Date.now() })
    .onConflictDoNothing();
}
