/** The ingest queue's consumer: validates each message and hands it to its job; bad messages are dropped with a log line. */
import { ingestFileSource } from "./files";
import { ingestMessage, type IngestMessage } from "./queue-messages";

async function run(env: Env, message: IngestMessage): Promise<void> {
  switch (message.type) {
    case "ingest-file":
    case "resync-source":
      return ingestFileSource(env, message.agentId, message.sourceId);
    case "crawl-page":
      console.error("crawl-page messages have no consumer yet (URL sources are not offered by the API)");
      return;
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
