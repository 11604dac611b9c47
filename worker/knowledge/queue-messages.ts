/** The ingest queue's messages: one type per background job, validated when they are consumed. */
import { z } from "zod";

export const ingestMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ingest-file"), agentId: z.string(), sourceId: z.string() }),
  z.object({
    type: z.literal("crawl-page"),
    agentId: z.string(),
    sourceId: z.string(),
    url: z.string(),
    depth: z.number().int().min(0),
  }),
  z.object({ type: z.literal("resync-source"), agentId: z.string(), sourceId: z.string() }),
]);
export type IngestMessage = z.infer<typeof ingestMessage>;
