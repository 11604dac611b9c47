/** The ingest queue's consumer: validates each message and hands it to its job; bad messages are dropped with a log line. */
import { database } from "../db/client";
import { getSource } from "../db/sources";
import { handleCrawlPage, startCrawl } from "./crawl/crawler";
import { ingestFileSource } from "./files";
import { ingestMessage, type IngestMessage } from "./queue-messages";

async function run(env: Env, message: IngestMessage): Promise<void> {
  switch (message.type) {
    case "ingest-file":
      return ingestFileSource(env, message.agentId, message.sourceId);
    case "resync-source": {
      const source = await getSource(database(env), message.agentId, message.sourceId);
      if (source?.type === "url") return startCrawl(env, source);
      return ingestFileSource(env, message.agentId, message.sourceId);
    }
    case "crawl-page":
      return handleCrawlPage(env, message);
  }
}

export async function handleIngestBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  for (const message of batch.messages) {
    const parsed = ingestMessage.safeParse(message.body);
    if (!parsed.success) {
      console.error("dropping a malformed ingest message", parsed.error.issues);
      message.ack();
      continue;
    }
    try {
      await run(env, parsed.data);
      message.ack();
    } catch (error) {
      console.error(`ingest job ${parsed.data.type} failed`, error);
      message.retry();
    }
  }
}
