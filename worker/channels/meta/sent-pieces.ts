/**
 * Which pieces of a split reply the platform already accepted, so a retried delivery sends only
 * the rest: Graph has no idempotency key, so without this a retry after piece 2 of 3 failed would
 * send piece 1 again. Recorded in `channel_delivered_pieces` (swept by the weekly cron; a
 * delivery's retries end within the hour).
 */
import { and, eq } from "drizzle-orm";
import { database } from "../../db/client";
import { channelDeliveredPieces } from "../../db/channel-schema";

const pieceKey = (conversationId: string, seq: number, piece: number) => `${conversationId}:${seq}:${piece}`;

export async function pieceSent(
  env: Pick<Env, "DB">,
  deploymentId: string,
  conversationId: string,
  seq: number,
  piece: number,
): Promise<boolean> {
  const row = await database(env)
    .select({ at: channelDeliveredPieces.at })
    .from(channelDeliveredPieces)
    .where(
      and(
        eq(channelDeliveredPieces.deploymentId, deploymentId),
        eq(channelDeliveredPieces.pieceKey, pieceKey(conversationId, seq, piece)),
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
    .insert(channelDeliveredPieces)
    .values({ deploymentId, pieceKey: pieceKey(conversationId, seq, piece), at: Date.now() })
    .onConflictDoNothing();
}
